import { integrationTypes, type IntegrationResponseSnapshot, type IntegrationType } from '@portico/contracts';
import { isObject } from './parse-document.js';
import type { IntegrationDefinition } from './rest-api-definition.js';

/** Where a problem was found, for AWS's messages ("of resource '/test' and method 'GET'"). */
export interface OperationPlace {
  path: string;
  httpMethod: string;
}

export interface ImportProblems {
  warn(message: string): void;
  error(message: string): void;
}

const passthroughBehaviors = ['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'] as const;
const contentHandlings = ['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT'] as const;

/**
 * `x-amazon-apigateway-integration` → Integration and its IntegrationResponses (spec §4). Values are lower-case
 * in documents (`http_proxy`, `when_no_match`) and AWS's enums upper-case; either is accepted. Defaults are those
 * AWS gives imported integrations: WHEN_NO_MATCH, 29,000 ms, INTERNET.
 */
export function importIntegration(raw: unknown, place: OperationPlace, problems: ImportProblems, vpcLinkIds?: ReadonlySet<string>): IntegrationDefinition | undefined {
  const at = `Unable to put integration on '${place.httpMethod}' for resource at path '${place.path}'`;
  if (!isObject(raw)) {
    problems.error(`${at}: Invalid integration specified`);
    return undefined;
  }
  const type = upper(raw.type) as IntegrationType | undefined;
  if (!type || !(integrationTypes as readonly string[]).includes(type)) {
    problems.error(`${at}: Invalid integration type specified: ${String(raw.type)}`);
    return undefined;
  }
  const uri = optionalString(raw.uri);
  if (type !== 'MOCK' && uri === undefined) {
    problems.error(`${at}: Invalid integration URI specified`);
    return undefined;
  }
  const httpMethod = upper(raw.httpMethod);
  if (type !== 'MOCK' && httpMethod === undefined) {
    problems.error(`${at}: Enumeration value for HttpMethod must be non-empty`);
    return undefined;
  }
  const passthroughBehavior = upper(raw.passthroughBehavior) ?? 'WHEN_NO_MATCH';
  if (!(passthroughBehaviors as readonly string[]).includes(passthroughBehavior)) {
    problems.error(`${at}: Invalid passthrough behavior specified: ${String(raw.passthroughBehavior)}`);
    return undefined;
  }
  const contentHandling = upper(raw.contentHandling);
  if (contentHandling !== undefined && !(contentHandlings as readonly string[]).includes(contentHandling)) {
    problems.error(`${at}: Invalid content handling specified: ${String(raw.contentHandling)}`);
    return undefined;
  }
  const timeoutInMillis = raw.timeoutInMillis === undefined ? 29_000 : Number(raw.timeoutInMillis);
  if (!Number.isInteger(timeoutInMillis) || timeoutInMillis < 50 || timeoutInMillis > 29_000) {
    problems.error(`${at}: Timeout should be between 50 ms and 29000 ms`);
    return undefined;
  }
  const connectionType = upper(raw.connectionType) ?? 'INTERNET';
  if (connectionType !== 'INTERNET' && connectionType !== 'VPC_LINK') {
    problems.error(`${at}: Invalid connection type specified: ${String(raw.connectionType)}`);
    return undefined;
  }
  const connectionId = optionalString(raw.connectionId);
  if (connectionType === 'VPC_LINK' && !checkConnectionId(connectionId, vpcLinkIds, at, problems)) return undefined;
  const tls = isObject(raw.tlsConfig) && typeof raw.tlsConfig.insecureSkipVerification === 'boolean' ? { insecureSkipVerification: raw.tlsConfig.insecureSkipVerification } : undefined;

  const integrationResponses: Record<string, IntegrationResponseSnapshot> = {};
  if (isObject(raw.responses)) {
    for (const [pattern, response] of Object.entries(raw.responses)) {
      if (!isObject(response)) continue;
      const statusCode = String(response.statusCode ?? '');
      if (!/^[1-5]\d\d$/.test(statusCode)) {
        problems.error(`${at}: Invalid integration response status code specified: ${statusCode}`);
        continue;
      }
      const handling = upper(response.contentHandling);
      integrationResponses[statusCode] = {
        statusCode,
        ...(pattern !== 'default' && { selectionPattern: pattern }),
        responseParameters: stringMap(response.responseParameters, 'responseParameters', place, problems),
        responseTemplates: stringMap(response.responseTemplates, 'responseTemplates', place, problems),
        ...(handling !== undefined && (contentHandlings as readonly string[]).includes(handling) && { contentHandling: handling as (typeof contentHandlings)[number] }),
      };
    }
  }

  return {
    type,
    ...(httpMethod !== undefined && { httpMethod }),
    ...(uri !== undefined && { uri }),
    connectionType,
    ...(connectionId !== undefined && { connectionId }),
    ...(optionalString(raw.credentials) !== undefined && { credentials: optionalString(raw.credentials) }),
    requestParameters: stringMap(raw.requestParameters, 'requestParameters', place, problems),
    requestTemplates: stringMap(raw.requestTemplates, 'requestTemplates', place, problems),
    passthroughBehavior: passthroughBehavior as (typeof passthroughBehaviors)[number],
    ...(contentHandling !== undefined && { contentHandling: contentHandling as (typeof contentHandlings)[number] }),
    timeoutInMillis,
    ...(optionalString(raw.cacheNamespace) !== undefined && { cacheNamespace: optionalString(raw.cacheNamespace) }),
    cacheKeyParameters: Array.isArray(raw.cacheKeyParameters) ? raw.cacheKeyParameters.filter((p): p is string => typeof p === 'string') : [],
    ...(tls && { tlsConfig: tls }),
    integrationResponses,
  };
}

/**
 * A private integration's `connectionId` (spec §4; AWS: "You must explicitly set connectionId to the ID of a
 * VpcLink or to a stage variable referencing the ID of a VpcLink"): required, and a literal id must name one of
 * the account's links (`vpcLinkIds`; undefined where there is no account to ask, e.g. a standalone data plane's
 * file). Both are errors, in PutIntegration's words, as AWS imports each integration by putting it [I]; a
 * `${stageVariables.…}` id is resolved per stage, where a data plane refuses a link it does not know.
 */
function checkConnectionId(connectionId: string | undefined, vpcLinkIds: ReadonlySet<string> | undefined, at: string, problems: ImportProblems): boolean {
  if (!connectionId) {
    problems.error(`${at}: connectionId must be set to a VpcLink id when connectionType is VPC_LINK`);
    return false;
  }
  if (vpcLinkIds !== undefined && !connectionId.includes('${stageVariables.') && !vpcLinkIds.has(connectionId)) {
    problems.error(`${at}: Invalid VPC link identifier specified`);
    return false;
  }
  return true;
}

/**
 * A map of strings; an entry of another type is dropped with AWS's warning (recorded text, spec §1):
 * `Invalid format for 'requestParameters'. Expected type string for property '…' of resource '/test' and method 'GET' but got 'true'`.
 */
export function stringMap(raw: unknown, what: string, place: OperationPlace, problems: ImportProblems): Record<string, string> {
  if (!isObject(raw)) return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'string') out[key] = value;
    else problems.warn(`Invalid format for '${what}'. Expected type string for property '${key}' of resource '${place.path}' and method '${place.httpMethod}' but got '${String(value)}'`);
  }
  return out;
}

function upper(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value.toUpperCase() : undefined;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
