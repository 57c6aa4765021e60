import { badRequest, httpIntegrationTypes, payloadFormatVersions, type PayloadFormatVersion, type WebSocketIntegrationType } from '@portico/contracts';
import { LIMITS } from '../../common/limits.js';
import { bodyObject, read, serializationError } from '../../common/validation.js';
import { checkLength, oneOf, type V2ProtocolType } from '../v2-validation.js';
import { checkRequestParameters, checkResponseParameters } from './parameter-mapping.js';
import { applyWebSocketIntegrationMembers, checkWebSocketIntegration, WEBSOCKET_DEFAULT_TIMEOUT_IN_MILLIS } from './websocket-integration.rules.js';
import { isLambdaUri } from './lambda-uri.js';

/** An integration's settings, whole: what CreateIntegration writes and UpdateIntegration patches. */
export interface IntegrationState {
  /** HTTP APIs: AWS_PROXY or HTTP_PROXY; WebSocket APIs also AWS, HTTP and MOCK. */
  integrationType: WebSocketIntegrationType;
  integrationSubtype: string | null;
  integrationMethod: string | null;
  integrationUri: string | null;
  payloadFormatVersion: PayloadFormatVersion;
  connectionType: 'INTERNET' | 'VPC_LINK';
  connectionId: string | null;
  credentialsArn: string | null;
  description: string | null;
  timeoutInMillis: number;
  requestParameters: Record<string, string>;
  responseParameters: Record<string, Record<string, string>>;
  tlsConfig: { serverNameToVerify?: string } | null;
  /** WebSocket APIs only (spec websocket §4.1); HTTP integrations keep the defaults. */
  passthroughBehavior: 'WHEN_NO_MATCH' | 'WHEN_NO_TEMPLATES' | 'NEVER' | null;
  contentHandlingStrategy: 'CONVERT_TO_BINARY' | 'CONVERT_TO_TEXT' | null;
  requestTemplates: Record<string, string>;
  templateSelectionExpression: string | null;
  integrationResponseSelectionExpression: string | null;
}

export const DEFAULT_TIMEOUT_IN_MILLIS = 30_000;
const WEBSOCKET_ONLY_TYPES = ['AWS', 'HTTP', 'MOCK'];
const METHODS = ['ANY', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
function isHttpUrl(uri: string): boolean {
  const plain = uri.replace(/\$\{stageVariables\.[A-Za-z0-9_]+\}/g, 'x').replace(/\{[A-Za-z0-9._-]+\+?\}/g, 'x');
  try {
    const url = new URL(plain);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function stringMapOfMaps(body: Record<string, unknown>, key: string): Record<string, Record<string, string>> | undefined {
  const outer = read.object(body, key);
  if (outer === undefined) return undefined;
  const result: Record<string, Record<string, string>> = {};
  for (const [status, inner] of Object.entries(outer)) {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) throw serializationError(inner, 'Map', `${key}.${status}`);
    result[status] = read.stringMap(outer, status, `${key}.${status}`) ?? {};
  }
  return result;
}

/**
 * Applies the members of a CreateIntegration/UpdateIntegration body to `state` (absent members unchanged). Maps
 * merge as AWS documents for updates: a request mapping sent as "" and a response status sent as {} are removed.
 */
export function applyIntegrationMembers(state: Partial<IntegrationState>, rawBody: unknown, protocolType: V2ProtocolType = 'HTTP'): void {
  const body = bodyObject(rawBody);
  const type = read.string(body, 'integrationType');
  if (type !== undefined && protocolType === 'HTTP') {
    if (WEBSOCKET_ONLY_TYPES.includes(type)) throw badRequest(`Integration type ${type} is supported only for WebSocket APIs`);
    state.integrationType = oneOf(type, httpIntegrationTypes, 'integrationType');
  }
  const set = <K extends keyof IntegrationState>(key: K, value: IntegrationState[K] | undefined): void => {
    if (value !== undefined) state[key] = value;
  };
  set('integrationSubtype', read.string(body, 'integrationSubtype'));
  set('integrationMethod', read.string(body, 'integrationMethod'));
  set('integrationUri', read.string(body, 'integrationUri'));
  set('payloadFormatVersion', oneOf(read.string(body, 'payloadFormatVersion'), payloadFormatVersions, 'payloadFormatVersion'));
  set('connectionType', oneOf(read.string(body, 'connectionType'), ['INTERNET', 'VPC_LINK'] as const, 'connectionType'));
  set('connectionId', read.string(body, 'connectionId'));
  set('credentialsArn', read.string(body, 'credentialsArn'));
  set('description', read.string(body, 'description'));
  set('timeoutInMillis', read.integer(body, 'timeoutInMillis'));
  const tls = read.object(body, 'tlsConfig');
  if (tls !== undefined) {
    const serverNameToVerify = read.string(tls, 'serverNameToVerify', 'tlsConfig.serverNameToVerify');
    state.tlsConfig = serverNameToVerify !== undefined ? { serverNameToVerify } : null;
  }
  const requestParameters = read.stringMap(body, 'requestParameters');
  if (requestParameters !== undefined) {
    const merged = { ...state.requestParameters };
    for (const [key, value] of Object.entries(requestParameters)) {
      if (value === '') delete merged[key];
      else merged[key] = value;
    }
    state.requestParameters = merged;
  }
  if (protocolType === 'WEBSOCKET') {
    applyWebSocketIntegrationMembers(state, body);
    return;
  }
  const responseParameters = stringMapOfMaps(body, 'responseParameters');
  if (responseParameters !== undefined) {
    const merged = { ...state.responseParameters };
    for (const [status, mappings] of Object.entries(responseParameters)) {
      if (Object.keys(mappings).length === 0) delete merged[status];
      else merged[status] = mappings;
    }
    state.responseParameters = merged;
  }
  // The WebSocket-only members are refused, except passthroughBehavior: Terraform's aws_apigatewayv2_integration
  // sends it (WHEN_NO_MATCH) for HTTP APIs too, and AWS accepts and ignores it, so Portico does the same.
  if (read.object(body, 'requestTemplates') !== undefined) throw badRequest('requestTemplates are supported only for WebSocket APIs');
  for (const member of ['contentHandlingStrategy', 'templateSelectionExpression', 'integrationResponseSelectionExpression'] as const) {
    if (read.string(body, member) !== undefined) throw badRequest(`${member} is supported only for WebSocket APIs`);
  }
}

/** The whole-state rules (spec §5), checked after every create and update. */
export function checkIntegration(partial: Partial<IntegrationState>, protocolType: V2ProtocolType = 'HTTP'): IntegrationState {
  if (partial.integrationType === undefined) throw badRequest('integrationType is required');
  const state: IntegrationState = {
    integrationType: partial.integrationType,
    integrationSubtype: partial.integrationSubtype ?? null,
    integrationMethod: partial.integrationMethod ?? null,
    integrationUri: partial.integrationUri ?? null,
    payloadFormatVersion: partial.payloadFormatVersion ?? ('' as PayloadFormatVersion),
    connectionType: partial.connectionType ?? 'INTERNET',
    connectionId: partial.connectionId ?? null,
    credentialsArn: partial.credentialsArn ?? null,
    description: partial.description ?? null,
    timeoutInMillis: partial.timeoutInMillis ?? (protocolType === 'WEBSOCKET' ? WEBSOCKET_DEFAULT_TIMEOUT_IN_MILLIS : DEFAULT_TIMEOUT_IN_MILLIS),
    requestParameters: partial.requestParameters ?? {},
    responseParameters: partial.responseParameters ?? {},
    tlsConfig: partial.tlsConfig ?? null,
    passthroughBehavior: partial.passthroughBehavior ?? (protocolType === 'WEBSOCKET' ? 'WHEN_NO_MATCH' : null),
    contentHandlingStrategy: partial.contentHandlingStrategy ?? null,
    requestTemplates: partial.requestTemplates ?? {},
    templateSelectionExpression: partial.templateSelectionExpression ?? null,
    integrationResponseSelectionExpression: partial.integrationResponseSelectionExpression ?? null,
  };
  if (protocolType === 'WEBSOCKET') {
    checkWebSocketIntegration(state);
    // WebSocket private integrations go through REST VPC links, which Portico does not wire to WebSocket APIs yet.
    if (state.connectionType === 'VPC_LINK') throw badRequest('Private integrations (connectionType VPC_LINK) are not supported by Portico for WebSocket APIs yet');
    checkCommon(state);
    if (state.integrationUri !== null && (state.integrationType === 'HTTP' || state.integrationType === 'HTTP_PROXY')) {
      if (!isHttpUrl(state.integrationUri)) throw badRequest(`Invalid integrationUri specified: ${state.integrationUri}. It must be an http or https URL`);
      if (state.integrationMethod === null) throw badRequest(`integrationMethod is required for ${state.integrationType} integrations`);
    }
    return state;
  }
  if ((state.payloadFormatVersion as string) === '') throw badRequest('payloadFormatVersion is required for HTTP APIs');
  if (state.timeoutInMillis < 50 || state.timeoutInMillis > 30_000) {
    throw badRequest(`Invalid timeoutInMillis specified: ${state.timeoutInMillis}. It must be between 50 and 30000`);
  }
  checkCommon(state);
  if (state.connectionType === 'VPC_LINK' && state.integrationType !== 'HTTP_PROXY') throw badRequest('connectionType VPC_LINK is supported only for HTTP_PROXY integrations');
  if (state.integrationType === 'HTTP_PROXY') {
    if (state.integrationSubtype !== null) throw badRequest('integrationSubtype is supported only for AWS_PROXY integrations');
    if (state.payloadFormatVersion !== '1.0') throw badRequest('Invalid payloadFormatVersion for HTTP_PROXY integrations: only 1.0 is supported');
    if (state.integrationUri === null) throw badRequest('integrationUri is required for HTTP_PROXY integrations');
    if (state.connectionType === 'VPC_LINK') checkPrivateIntegration(state);
    else if (!isHttpUrl(state.integrationUri)) throw badRequest(`Invalid integrationUri specified: ${state.integrationUri}. It must be an http or https URL`);
    if (state.integrationMethod === null) throw badRequest('integrationMethod is required for HTTP_PROXY integrations');
  } else if (state.integrationSubtype !== null) {
    if (state.payloadFormatVersion !== '1.0') throw badRequest('Invalid payloadFormatVersion for AWS service integrations: only 1.0 is supported');
    if (!/^[A-Za-z]+-[A-Za-z]+$/.test(state.integrationSubtype)) throw badRequest(`Invalid integrationSubtype specified: ${state.integrationSubtype}`);
  } else {
    if (state.integrationUri === null) throw badRequest('integrationUri is required for AWS_PROXY integrations');
    if (!isLambdaUri(state.integrationUri)) throw badRequest(`Invalid integrationUri specified: ${state.integrationUri}. It must be a Lambda function ARN or invocation ARN`);
  }
  checkRequestParameters(state.requestParameters, state.integrationSubtype ?? undefined);
  checkResponseParameters(state.responseParameters);
  return state;
}

/** An ALB or NLB listener's ARN, the form a private integration's integrationUri takes for a load balancer. */
const LISTENER_ARN = /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener\/(app|net)\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{1,32}\/[0-9a-f]{1,32}$/;
/** An AWS Cloud Map service's ARN, optionally with the query that filters DiscoverInstances (spec §5). */
const CLOUD_MAP_SERVICE_ARN = /^arn:aws[a-z-]*:servicediscovery:[a-z0-9-]+:\d{12}:service\/srv-[A-Za-z0-9]{1,64}(\?[A-Za-z0-9_.~=&%-]*)?$/;

/**
 * A private integration (spec §5): a VPC link by `connectionId` and, as `integrationUri`, the listener or Cloud
 * Map service behind it. Portico resolves neither ARN: the link's `portico:targets` tag is where requests go
 * (README "VPC links"); the ARN is checked for AWS's form so that a module that applies here applies on AWS.
 */
function checkPrivateIntegration(state: IntegrationState): void {
  if (!state.connectionId) throw badRequest('connectionId must be set to a VpcLink id when connectionType is VPC_LINK');
  const uri = state.integrationUri ?? '';
  if (!LISTENER_ARN.test(uri) && !CLOUD_MAP_SERVICE_ARN.test(uri)) {
    throw badRequest(`Invalid integrationUri specified: ${uri}. A private integration's URI must be the ARN of an Application or Network Load Balancer listener or of an AWS Cloud Map service`);
  }
}

/** The rules both protocols share. */
function checkCommon(state: IntegrationState): void {
  checkLength(state.description ?? undefined, 0, 1024, 'description');
  checkLength(state.integrationUri ?? undefined, 1, LIMITS.uri, 'integrationUri');
  checkLength(state.credentialsArn ?? undefined, 1, LIMITS.arn, 'credentialsArn');
  if (state.integrationMethod !== null && !METHODS.includes(state.integrationMethod)) throw badRequest(`Invalid integrationMethod specified: ${state.integrationMethod}`);
  if (state.connectionType !== 'VPC_LINK' && state.connectionId !== null) throw badRequest('connectionId is supported only with connectionType VPC_LINK');
}
