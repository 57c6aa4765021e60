import { isConditionOperator } from './condition-operators.js';
import type { ConditionSpec, ParseResult, PolicyDocument, PolicyKind, PolicyVersion, PrincipalSpec, StatementSpec } from './types.js';

/**
 * IAM's MalformedPolicyDocument texts. The checks run in IAM's order (syntax, version, legacy parsing, Sids,
 * actions, resources, then the finer checks), so that a document with several faults gets the message AWS gives.
 */
export const policyErrors = {
  syntax: 'Syntax errors in policy.',
  version: 'Policy document must be version 2012-10-17 or greater.',
  legacy: 'The policy failed legacy parsing',
  duplicateSid: 'Statement IDs (SID) in a single policy must be unique.',
  noActions: 'Policy statement must contain actions.',
  noResources: 'Policy statement must contain resources.',
  principalInIdentity: 'Policy document should not specify a principal.',
  missingPrincipal: 'Missing required field Principal',
  resourceInTrust: 'Has prohibited field Resource',
  trustActions: 'AssumeRole policy may only specify STS AssumeRole actions.',
  noVendor: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  twoColons: 'Actions/Condition can contain only one colon.',
  resourceFormat: (resource: string) => `Resource ${resource} must be in ARN format or "*".`,
  vendor: (vendor: string) => `Vendor ${vendor} is not valid`,
  principal: (type: string, value: string) => `Invalid principal in policy: "${type}":"${value}"`,
} as const;

const TOP_ELEMENTS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_ELEMENTS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const VERSIONS = new Set<string>(['2012-10-17', '2008-10-17']);
const PRINCIPAL_TYPES = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);
const AWS_PRINCIPAL = /^(\*|\d{12}|arn:aws:iam::\d{12}:(root|user\/.+|role\/.+)|arn:aws:sts::\d{12}:assumed-role\/[^/]+\/.+)$/;
const TRUST_ACTION = /^sts:(AssumeRole|AssumeRoleWithSAML|AssumeRoleWithWebIdentity|TagSession|SetSourceIdentity|\*)$/i;
const VENDOR = /^[a-zA-Z0-9\-.*?]+$/;

type Json = unknown;
type RawStatement = Record<string, Json>;

class Malformed extends Error {}

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A "string or list of strings" element, as a list; anything else is a syntax error. */
function stringList(value: Json): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw new Malformed(policyErrors.syntax);
}

/** Condition values: IAM also accepts JSON numbers and booleans (`"aws:MultiFactorAuthPresent": true`). */
function conditionValues(value: Json): string[] {
  const scalar = (v: Json): string => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw new Malformed(policyErrors.syntax);
  };
  return Array.isArray(value) ? value.map(scalar) : [scalar(value)];
}

function parsePrincipal(value: Json): PrincipalSpec {
  if (value === '*') return '*';
  if (!isRecord(value)) throw new Malformed(policyErrors.syntax);
  const spec: Record<string, string[]> = {};
  for (const [type, values] of Object.entries(value)) spec[type] = stringList(values);
  return spec;
}

function checkStatementSyntax(raw: Json): RawStatement {
  if (!isRecord(raw)) throw new Malformed(policyErrors.syntax);
  for (const key of Object.keys(raw)) if (!STATEMENT_ELEMENTS.has(key)) throw new Malformed(policyErrors.syntax);
  if ('Resource' in raw && 'NotResource' in raw) throw new Malformed(policyErrors.syntax);
  if ('Action' in raw && 'NotAction' in raw) throw new Malformed(policyErrors.syntax);
  if ('Principal' in raw && 'NotPrincipal' in raw) throw new Malformed(policyErrors.syntax);
  const effect = raw.Effect;
  if (typeof effect !== 'string' || !['allow', 'deny'].includes(effect.toLowerCase())) throw new Malformed(policyErrors.syntax);
  for (const key of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) if (key in raw) stringList(raw[key]);
  if ('Sid' in raw && typeof raw.Sid !== 'string') throw new Malformed(policyErrors.syntax);
  if ('Principal' in raw) parsePrincipal(raw.Principal);
  if ('NotPrincipal' in raw) parsePrincipal(raw.NotPrincipal);
  if ('Condition' in raw) {
    if (!isRecord(raw.Condition)) throw new Malformed(policyErrors.syntax);
    for (const block of Object.values(raw.Condition)) {
      if (!isRecord(block)) throw new Malformed(policyErrors.syntax);
      for (const values of Object.values(block)) conditionValues(values);
    }
  }
  return raw;
}

function parseCondition(raw: Json): ConditionSpec {
  const condition: Record<string, Record<string, string[]>> = {};
  for (const [operator, block] of Object.entries(raw as Record<string, Record<string, Json>>)) {
    const keys: Record<string, string[]> = {};
    for (const [key, values] of Object.entries(block)) keys[key] = conditionValues(values);
    // An unknown operator with an empty block is accepted by IAM (and never matters); with keys it is refused.
    if (!isConditionOperator(operator)) {
      if (Object.keys(keys).length > 0) throw new Malformed(policyErrors.legacy);
      continue;
    }
    condition[operator] = keys;
  }
  return condition;
}

function checkResource(resource: string): string | undefined {
  if (resource === '*' || resource.includes(':')) return undefined;
  return policyErrors.resourceFormat(resource);
}

function checkAction(action: string): void {
  const parts = action.split(':');
  if (parts.length === 1 && parts[0] !== '*') throw new Malformed(policyErrors.noVendor);
  if (parts.length > 2) throw new Malformed(policyErrors.twoColons);
  if (parts[0] !== '*' && !VENDOR.test(parts[0])) throw new Malformed(policyErrors.vendor(parts[0]));
}

function checkPrincipal(spec: PrincipalSpec): void {
  if (spec === '*') return;
  for (const [type, values] of Object.entries(spec)) {
    if (!PRINCIPAL_TYPES.has(type)) throw new Malformed(policyErrors.principal(type, values[0] ?? ''));
    if (type !== 'AWS') continue;
    for (const value of values) if (!AWS_PRINCIPAL.test(value)) throw new Malformed(policyErrors.principal(type, value));
  }
}

/**
 * Parses and validates a policy document (JSON text or an already parsed value) for one use. Never throws:
 * a malformed document yields IAM's MalformedPolicyDocument message.
 */
export function parsePolicy(document: string | Json, kind: PolicyKind): ParseResult {
  try {
    return { ok: true, policy: parse(document, kind) };
  } catch (error) {
    if (error instanceof Malformed) return { ok: false, message: error.message };
    throw error;
  }
}

function parse(document: string | Json, kind: PolicyKind): PolicyDocument {
  let json: Json;
  if (typeof document === 'string') {
    try {
      json = JSON.parse(document);
    } catch {
      throw new Malformed(policyErrors.syntax);
    }
  } else {
    json = document;
  }

  // 1. Syntax.
  if (!isRecord(json)) throw new Malformed(policyErrors.syntax);
  for (const key of Object.keys(json)) if (!TOP_ELEMENTS.has(key)) throw new Malformed(policyErrors.syntax);
  if ('Version' in json && (typeof json.Version !== 'string' || !VERSIONS.has(json.Version))) throw new Malformed(policyErrors.syntax);
  if ('Id' in json && typeof json.Id !== 'string') throw new Malformed(policyErrors.syntax);
  const rawStatements = Array.isArray(json.Statement) ? json.Statement : isRecord(json.Statement) ? [json.Statement] : undefined;
  if (!rawStatements || rawStatements.length === 0) throw new Malformed(policyErrors.syntax);
  const statements = rawStatements.map(checkStatementSyntax);

  // 2. Version: identity policies must use the current language (policy variables, …); resource and trust
  //    policies still accept 2008-10-17 or no Version, as AWS does.
  const version = json.Version as PolicyVersion | undefined;
  if (kind === 'identity' && version !== '2012-10-17') throw new Malformed(policyErrors.version);

  // 3. Legacy parsing: exact-case Effect, known condition operators; the first resource-format fault is kept
  //    and reported after the action/resource presence checks (IAM's order).
  let resourceError: string | undefined;
  const conditions = statements.map((raw) => {
    if (raw.Effect !== 'Allow' && raw.Effect !== 'Deny') throw new Malformed(policyErrors.legacy);
    return 'Condition' in raw ? parseCondition(raw.Condition) : undefined;
  });
  for (const raw of statements) {
    for (const key of ['Resource', 'NotResource'] as const) {
      if (!(key in raw)) continue;
      for (const resource of stringList(raw[key])) resourceError ??= checkResource(resource);
    }
  }

  // 4. Sids.
  const sids = new Set<string>();
  for (const raw of statements) {
    const sid = raw.Sid as string | undefined;
    if (!sid) continue;
    if (sids.has(sid)) throw new Malformed(policyErrors.duplicateSid);
    sids.add(sid);
  }

  // 5. Actions, 6. resources, 7. principals by kind.
  for (const raw of statements) {
    const actions = 'Action' in raw ? stringList(raw.Action) : 'NotAction' in raw ? stringList(raw.NotAction) : [];
    if (actions.length === 0) throw new Malformed(policyErrors.noActions);
  }
  for (const raw of statements) {
    const hasResource = 'Resource' in raw || 'NotResource' in raw;
    if (kind === 'trust') {
      if (hasResource) throw new Malformed(policyErrors.resourceInTrust);
      continue;
    }
    const resources = 'Resource' in raw ? stringList(raw.Resource) : 'NotResource' in raw ? stringList(raw.NotResource) : [];
    if (resources.length === 0) throw new Malformed(policyErrors.noResources);
  }
  if (resourceError) throw new Malformed(resourceError);
  for (const raw of statements) {
    for (const key of ['Action', 'NotAction'] as const) if (key in raw) for (const action of stringList(raw[key])) checkAction(action);
  }
  for (const raw of statements) {
    const hasPrincipal = 'Principal' in raw || 'NotPrincipal' in raw;
    if (kind === 'identity') {
      if (hasPrincipal) throw new Malformed(policyErrors.principalInIdentity);
      continue;
    }
    if (!hasPrincipal) throw new Malformed(policyErrors.missingPrincipal);
    checkPrincipal(parsePrincipal(raw.Principal ?? raw.NotPrincipal));
    if (kind === 'trust' && 'Action' in raw && !stringList(raw.Action).every((a) => TRUST_ACTION.test(a))) {
      throw new Malformed(policyErrors.trustActions);
    }
  }

  return {
    version,
    ...(typeof json.Id === 'string' && { id: json.Id }),
    statements: statements.map((raw, i): StatementSpec => ({
      ...(typeof raw.Sid === 'string' && { sid: raw.Sid }),
      effect: raw.Effect as 'Allow' | 'Deny',
      ...('Principal' in raw && { principal: parsePrincipal(raw.Principal) }),
      ...('NotPrincipal' in raw && { notPrincipal: parsePrincipal(raw.NotPrincipal) }),
      ...('Action' in raw && { action: stringList(raw.Action) }),
      ...('NotAction' in raw && { notAction: stringList(raw.NotAction) }),
      ...('Resource' in raw && { resource: stringList(raw.Resource) }),
      ...('NotResource' in raw && { notResource: stringList(raw.NotResource) }),
      ...(conditions[i] && { condition: conditions[i] }),
    })),
  };
}
