import { unescape as unescapeQuery } from 'node:querystring';
import { contextObject, type TemplateInput, type TemplateParams } from '@portico/engine-mapping';
import type { MethodRequest } from './types.js';

/**
 * The `$context` variables mapping templates can read (spec §5.4). Known variables the request has no value for
 * render as the empty string, as in AWS (not as the literal reference text Velocity prints for unknown ones).
 */
export const TEMPLATE_CONTEXT_VARIABLES: readonly string[] = [
  'accountId',
  'apiId',
  'deploymentId',
  'domainName',
  'domainPrefix',
  'extendedRequestId',
  'httpMethod',
  'path',
  'protocol',
  'requestId',
  'requestTime',
  'requestTimeEpoch',
  'resourceId',
  'resourcePath',
  'stage',
  'isCanaryRequest',
  'awsEndpointRequestId',
  'authorizer.principalId',
  'identity.accountId',
  'identity.apiKey',
  'identity.apiKeyId',
  'identity.caller',
  'identity.cognitoAuthenticationProvider',
  'identity.cognitoAuthenticationType',
  'identity.cognitoIdentityId',
  'identity.cognitoIdentityPoolId',
  'identity.principalOrgId',
  'identity.sourceIp',
  'identity.user',
  'identity.userAgent',
  'identity.userArn',
  'error.message',
  'error.messageString',
  'error.responseType',
];

function lastHeaderValues(rawHeaders: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const casing = new Map<string, string>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const lower = rawHeaders[i].toLowerCase();
    let name = casing.get(lower);
    if (name === undefined) casing.set(lower, (name = rawHeaders[i]));
    out[name] = rawHeaders[i + 1];
  }
  return out;
}

function lastQueryValues(rawQuery: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (rawQuery === '') return out;
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = unescapeQuery((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
    out[name] = eq < 0 ? '' : unescapeQuery(pair.slice(eq + 1).replace(/\+/g, ' '));
  }
  return out;
}

/** `$input.params()` of the method request: path parameters, query string and headers (last value of each). */
export function methodRequestParams(request: MethodRequest): TemplateParams {
  return {
    path: { ...request.pathParameters },
    querystring: lastQueryValues(request.rawQuery),
    header: lastHeaderValues(request.rawHeaders),
  };
}

/**
 * `$context` of the request as a nested object, every known variable present; an authorizer's context keys and
 * Cognito claims join `$context.authorizer` (`$context.authorizer.<key>`, `$context.authorizer.claims.<claim>`).
 */
export function templateContext(request: MethodRequest): Record<string, unknown> {
  const context = contextObject(TEMPLATE_CONTEXT_VARIABLES.map((name) => [name, request.contextValue(name) ?? ''] as const));
  const authorizer = request.authorizerEventContext?.();
  if (authorizer) context.authorizer = { ...(context.authorizer as Record<string, unknown>), ...authorizer };
  return context;
}

/**
 * What a template renders from: `body` is the request payload (request templates) or the integration's response
 * payload (response templates); parameters and `$context` are always the method request's.
 */
export function templateInput(request: MethodRequest, body: string, stageVariables: Readonly<Record<string, string>>): TemplateInput {
  return { body, params: () => methodRequestParams(request), context: templateContext(request), stageVariables };
}
