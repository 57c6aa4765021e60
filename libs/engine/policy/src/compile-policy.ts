import { compileCondition, type CompiledCondition } from './condition-operators.js';
import { expandExecuteApiResource, type ExecuteApiScope } from './execute-api-arn.js';
import { compileGlob, type Matcher } from './glob.js';
import { PolicyTemplate } from './policy-variables.js';
import type { Caller, ConditionContext, EvaluationRequest, PolicyDocument, PolicyEffect, PrincipalSpec, StatementSpec } from './types.js';

export interface CompilePolicyOptions {
  /** A resource policy's API: `execute-api:/…` resources are expanded against it. */
  executeApi?: ExecuteApiScope;
}

/** A policy compiled once (per config revision): evaluating it parses nothing. */
export interface CompiledPolicy {
  readonly document: PolicyDocument;
  /**
   * Whether evaluation reads the request context (a Condition or a policy variable somewhere). When false the
   * caller may pass an empty context: the data plane then skips building one per request.
   */
  readonly usesContext: boolean;
  evaluate(request: EvaluationRequest): PolicyEffect;
  /**
   * The statement that decided `effect` for the request (its position and `Sid`): the first matching Deny, or the
   * first matching Allow. For explaining a decision after it was made (the decision trail), never on the hot path.
   */
  matchingStatement(request: EvaluationRequest, effect: 'Allow' | 'Deny'): MatchedStatement | undefined;
}

/** A statement that matched a request: its index in the policy's `Statement` list and its `Sid`, if it has one. */
export interface MatchedStatement {
  readonly index: number;
  readonly sid?: string;
}

/** `caller`: the principal itself (or everyone) is named; `account`: only its account is; false: not named. */
type PrincipalMatch = 'caller' | 'account' | false;
type PrincipalMatcher = (caller: Caller | undefined) => PrincipalMatch;
type ResourceMatcher = (resource: string, context: ConditionContext) => boolean;

interface CompiledStatement {
  readonly effect: 'Allow' | 'Deny';
  readonly principal: PrincipalMatcher;
  readonly action: Matcher;
  readonly resource: ResourceMatcher;
  readonly condition: CompiledCondition;
}

const ALWAYS = (): true => true;
const ANYONE = (): PrincipalMatch => 'caller';

/**
 * Principal element. `*` (or `{"AWS":"*"}`) is everyone, the anonymous principal included. A user, role or
 * session ARN names that caller (a role ARN also its sessions, via aws:PrincipalArn). An account id or its root
 * ARN names the account: for its root that is the caller itself; for its users and sessions it is a delegation
 * (`account`), which IAM honours only with their own identity-policy Allow. Service, Federated and
 * CanonicalUser principals never call through Portico, so they match nobody.
 */
function compilePrincipal(spec: PrincipalSpec): PrincipalMatcher {
  if (spec === '*') return ANYONE;
  const aws = spec.AWS ?? [];
  if (aws.includes('*')) return ANYONE;
  const names = new Set(aws);
  if (names.size === 0) return () => false;
  return (caller) => {
    if (caller === undefined) return false;
    if (names.has(caller.arn) || names.has(caller.principalArn)) return 'caller';
    if (names.has(caller.accountId) || names.has(`arn:aws:iam::${caller.accountId}:root`)) return caller.type === 'Account' ? 'caller' : 'account';
    return false;
  };
}

function anyOf(matchers: Matcher[]): Matcher {
  if (matchers.length === 1) return matchers[0];
  return (text) => matchers.some((m) => m(text));
}

function compileResources(resources: readonly string[], variables: boolean): ResourceMatcher {
  const templates = resources.map((r) => new PolicyTemplate(r, variables));
  if (!templates.some((t) => t.hasVariables)) {
    const match = anyOf(resources.map((r) => compileGlob(r)));
    return (resource) => match(resource);
  }
  const statics = anyOf(templates.filter((t) => !t.hasVariables).map((t) => compileGlob(t.source)));
  const dynamic = templates.filter((t) => t.hasVariables);
  return (resource, context) => statics(resource) || dynamic.some((t) => t.matchGlob(resource, context, false));
}

function compileStatement(statement: StatementSpec, variables: boolean, options: CompilePolicyOptions): CompiledStatement {
  const scope = options.executeApi;
  const expand = (list: readonly string[]): string[] => (scope ? list.map((r) => expandExecuteApiResource(r, scope)) : [...list]);

  let principal: PrincipalMatcher = ANYONE;
  if (statement.principal) principal = compilePrincipal(statement.principal);
  else if (statement.notPrincipal) {
    // NotPrincipal applies to everyone not named; naming an account exempts the whole account.
    const excluded = compilePrincipal(statement.notPrincipal);
    principal = (caller) => (excluded(caller) === false ? 'caller' : false);
  }

  // Actions compare case-insensitively (`execute-api:invoke` = `execute-api:Invoke`).
  let action: Matcher = ALWAYS;
  if (statement.action) action = anyOf(statement.action.map((a) => compileGlob(a, true)));
  else if (statement.notAction) {
    const excluded = anyOf(statement.notAction.map((a) => compileGlob(a, true)));
    action = (name) => !excluded(name);
  }

  let resource: ResourceMatcher = ALWAYS;
  if (statement.resource) resource = compileResources(expand(statement.resource), variables);
  else if (statement.notResource) {
    const excluded = compileResources(expand(statement.notResource), variables);
    resource = (name, context) => !excluded(name, context);
  }

  const condition = statement.condition ? compileCondition(statement.condition, variables) : ALWAYS;
  return { effect: statement.effect, principal, action, resource, condition };
}

/** Compiles a parsed policy into matchers. Policy variables exist only in Version 2012-10-17 documents. */
export function compilePolicy(document: PolicyDocument, options: CompilePolicyOptions = {}): CompiledPolicy {
  const variables = document.version === '2012-10-17';
  const statements = document.statements.map((s) => compileStatement(s, variables, options));
  const usesVariables = (list: readonly string[] | undefined) => variables && (list ?? []).some((r) => r.includes('${'));
  const usesContext = document.statements.some((s) => s.condition !== undefined || usesVariables(s.resource) || usesVariables(s.notResource));
  return {
    document,
    usesContext,
    evaluate(request) {
      let allowed: PolicyEffect = 'NoMatch';
      for (const s of statements) {
        if (allowed === 'Allow' && s.effect === 'Allow') continue;
        if (!s.action(request.action)) continue;
        const named = s.principal(request.caller);
        if (named === false || !s.resource(request.resource, request.context) || !s.condition(request.context)) continue;
        // Security: an explicit Deny ends evaluation (whether it names the caller or its account); nothing later
        // can turn it into an Allow.
        if (s.effect === 'Deny') return 'Deny';
        allowed = named === 'caller' ? 'Allow' : 'AccountAllow';
      }
      return allowed;
    },
    matchingStatement(request, effect) {
      for (let i = 0; i < statements.length; i++) {
        const s = statements[i];
        if (s.effect !== effect || !s.action(request.action)) continue;
        if (s.principal(request.caller) === false || !s.resource(request.resource, request.context) || !s.condition(request.context)) continue;
        const sid = document.statements[i].sid;
        return sid === undefined ? { index: i } : { index: i, sid };
      }
      return undefined;
    },
  };
}
