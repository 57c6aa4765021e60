import { badRequest } from '@portico/contracts';
import { LIMITS, checkListSize, checkMaxLength, checkTemplates } from '../../common/limits.js';
import { httpMethods } from '../methods/method.rules.js';

export const integrationTypes = ['HTTP', 'AWS', 'MOCK', 'HTTP_PROXY', 'AWS_PROXY'] as const;
export const connectionTypes = ['INTERNET', 'VPC_LINK'] as const;
export const passthroughBehaviors = ['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'] as const;
export const contentHandlings = ['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT'] as const;
export const MIN_TIMEOUT_MS = 50;
export const MAX_TIMEOUT_MS = 29_000;

/** The writable part of an Integration, validated as a whole after a Put or after all patch operations. */
export interface IntegrationState {
  type: string;
  integrationHttpMethod: string | null;
  uri: string | null;
  connectionType: string;
  connectionId: string | null;
  credentials: string | null;
  requestParameters: Record<string, string>;
  requestTemplates: Record<string, string>;
  passthroughBehavior: string;
  contentHandling: string | null;
  timeoutInMillis: number;
  cacheNamespace: string;
  cacheKeyParameters: string[];
  tlsConfig: { insecureSkipVerification?: boolean } | null;
}

const INTEGRATION_REQUEST_TARGET = /^integration\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.[^\s]+$/;
const INTEGRATION_RESPONSE_TARGET = /^method\.response\.header\.[^\s]+$/;
/** Sources a request parameter may be mapped from (spec §1.4). */
const REQUEST_SOURCE =
  /^(method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.[^\s]+|method\.request\.body(\..+)?|'[^']*'|stageVariables\.[A-Za-z0-9_]+|context\.[A-Za-z0-9_.]+)$/;
const RESPONSE_SOURCE = /^(integration\.response\.(header|multivalueheader)\.[^\s]+|integration\.response\.body(\..+)?|'[^']*'|stageVariables\.[A-Za-z0-9_]+|context\.[A-Za-z0-9_.]+)$/;
const AWS_ARN = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]+|\$\{stageVariables\.[A-Za-z0-9_]+\}):([A-Za-z0-9.-]+):(.*)$/;

function mappingError(expression: string): Error {
  return badRequest(`Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: ${expression}]`);
}

/** `http(s)://host/…`, where `${stageVariables.x}` placeholders stand for any text. */
function isHttpUri(uri: string): boolean {
  const probe = uri.replace(/\$\{stageVariables\.[A-Za-z0-9_]+\}/g, 'stagevar');
  try {
    const url = new URL(probe);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export function checkIntegrationState(state: IntegrationState): void {
  const type = state.type;
  checkMaxLength(state.uri, LIMITS.uri, 'uri');
  checkMaxLength(state.credentials, LIMITS.arn, 'credentials');
  checkMaxLength(state.connectionId, LIMITS.name, 'connectionId');
  checkMaxLength(state.cacheNamespace, LIMITS.name, 'cacheNamespace');
  checkListSize(state.cacheKeyParameters, 'cacheKeyParameters');
  checkTemplates(state.requestTemplates);
  if (type !== 'MOCK') {
    if (!state.integrationHttpMethod) throw badRequest('Enumeration value for HttpMethod must be non-empty');
    if (!(httpMethods as readonly string[]).includes(state.integrationHttpMethod)) {
      throw badRequest(`Invalid HttpMethod specified. Valid options are ${httpMethods.join(',')}`);
    }
  }
  if (type === 'HTTP' || type === 'HTTP_PROXY') {
    if (!state.uri || !isHttpUri(state.uri)) throw badRequest('Invalid HTTP endpoint specified for URI');
  }
  if (type === 'AWS' || type === 'AWS_PROXY') {
    const m = state.uri ? AWS_ARN.exec(state.uri) : null;
    if (!m) throw badRequest('Invalid ARN specified in the request');
    if (!/^(path|action)\//.test(m[3])) throw badRequest('AWS ARN for integration must contain path or action');
    if (type === 'AWS_PROXY' && m[2] !== 'lambda' && m[2] !== 'firehose') {
      throw badRequest("Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.");
    }
  }
  if (state.connectionType === 'VPC_LINK' && !state.connectionId) {
    throw badRequest('connectionId must be set to a VpcLink id when connectionType is VPC_LINK');
  }
  if (!(passthroughBehaviors as readonly string[]).includes(state.passthroughBehavior)) {
    throw badRequest(`Invalid passthrough behavior specified: ${state.passthroughBehavior}. Valid options are ${passthroughBehaviors.join(',')}`);
  }
  if (state.contentHandling !== null && !(contentHandlings as readonly string[]).includes(state.contentHandling)) {
    throw badRequest(`Invalid content handling specified: ${state.contentHandling}. Valid options are ${contentHandlings.join(',')}`);
  }
  if (!Number.isInteger(state.timeoutInMillis) || state.timeoutInMillis < MIN_TIMEOUT_MS || state.timeoutInMillis > MAX_TIMEOUT_MS) {
    throw badRequest(`Timeout should be between ${MIN_TIMEOUT_MS} ms and ${MAX_TIMEOUT_MS} ms`);
  }
  for (const [target, source] of Object.entries(state.requestParameters)) {
    if (!INTEGRATION_REQUEST_TARGET.test(target)) throw mappingError(target);
    if (!REQUEST_SOURCE.test(source)) throw mappingError(source);
  }
}

export function checkIntegrationResponseParameters(parameters: Record<string, string>): void {
  for (const [target, source] of Object.entries(parameters)) {
    if (!INTEGRATION_RESPONSE_TARGET.test(target)) throw mappingError(target);
    if (!RESPONSE_SOURCE.test(source)) throw mappingError(source);
  }
}

export function checkSelectionPattern(pattern: string | null): void {
  if (pattern === null) return;
  try {
    new RegExp(pattern);
  } catch {
    throw badRequest(`Invalid selection pattern specified: ${pattern}`);
  }
}
