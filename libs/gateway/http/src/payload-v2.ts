import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { formatRequestTime, isTextContentType, queryParameters, type HttpRequest } from './http-request.js';

/** The authorizer's part of `requestContext.authorizer` (payload 2.0), by authorization type. */
export type AuthorizerContextV2 =
  | { readonly jwt: { readonly claims: Readonly<Record<string, string>>; readonly scopes: readonly string[] | null } }
  | { readonly lambda: Readonly<Record<string, unknown>> }
  | { readonly iam: Readonly<Record<string, unknown>> };

/** What the stage and route add to a request for its Lambda event. */
export interface EventContext {
  readonly accountId: string;
  readonly apiId: string;
  readonly stage: string;
  readonly routeKey: string;
  readonly pathParameters: Readonly<Record<string, string>>;
  readonly stageVariables: Readonly<Record<string, string>>;
  readonly authorizer?: AuthorizerContextV2;
}

/** Payload 2.0 lower-cases names and comma-joins repeats; cookies travel in `cookies`, not in `headers`. */
export function eventHeaders(request: HttpRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name in request.headers) {
    if (name === 'cookie') continue;
    headers[name] = request.headers[name].join(',');
  }
  return headers;
}

/** Every `Cookie` header, split at `;` (spec §6.1); undefined when there is none. */
export function eventCookies(request: HttpRequest): string[] | undefined {
  const values = request.headers.cookie;
  if (!values) return undefined;
  const cookies: string[] = [];
  for (const value of values) {
    for (const part of value.split(';')) {
      const cookie = part.trim();
      if (cookie !== '') cookies.push(cookie);
    }
  }
  return cookies.length > 0 ? cookies : undefined;
}

/** Query parameters with repeats comma-joined; undefined when there are none. */
export function eventQueryParameters(rawQueryString: string): Record<string, string> | undefined {
  const params = queryParameters(rawQueryString);
  if (params.size === 0) return undefined;
  const out: Record<string, string> = {};
  for (const [name, values] of params) out[name] = values.join(',');
  return out;
}

const nonEmpty = (map: Readonly<Record<string, string>>): Record<string, string> | undefined => {
  for (const _ in map) return { ...map };
  return undefined;
};

/** `requestContext.http` and the rest of the 2.0 request context, shared with the 2.0 authorizer event. */
export function requestContextV2(request: HttpRequest, context: EventContext): APIGatewayProxyEventV2['requestContext'] {
  const dot = request.domainName.indexOf('.');
  return {
    accountId: context.accountId,
    apiId: context.apiId,
    ...(context.authorizer ? { authorizer: context.authorizer } : {}),
    domainName: request.domainName,
    domainPrefix: dot < 0 ? request.domainName : request.domainName.slice(0, dot),
    http: {
      method: request.method,
      path: request.rawPath,
      protocol: 'HTTP/1.1',
      sourceIp: request.sourceIp,
      userAgent: request.headers['user-agent']?.[0] ?? '',
    },
    requestId: request.requestId,
    routeKey: context.routeKey,
    stage: context.stage,
    time: formatRequestTime(request.timeEpoch),
    timeEpoch: request.timeEpoch,
  } as APIGatewayProxyEventV2['requestContext'];
}

/**
 * The Lambda event of payload format 2.0, field for field as AWS's samples (spec §6.1): absent keys rather than
 * nulls for what the request does not have, the named stage kept in `rawPath`, a non-text body base64-encoded.
 */
export function buildEventV2(request: HttpRequest, context: EventContext): APIGatewayProxyEventV2 {
  const cookies = eventCookies(request);
  const query = eventQueryParameters(request.rawQueryString);
  const pathParameters = nonEmpty(context.pathParameters);
  const stageVariables = nonEmpty(context.stageVariables);
  const event: Record<string, unknown> = {
    version: '2.0',
    routeKey: context.routeKey,
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString,
  };
  if (cookies) event.cookies = cookies;
  event.headers = eventHeaders(request);
  if (query) event.queryStringParameters = query;
  if (pathParameters) event.pathParameters = pathParameters;
  if (stageVariables) event.stageVariables = stageVariables;
  event.requestContext = requestContextV2(request, context);
  let isBase64Encoded = false;
  if (request.body && request.body.length > 0) {
    isBase64Encoded = !isTextContentType(request.headers['content-type']?.[0]);
    event.body = request.body.toString(isBase64Encoded ? 'base64' : 'utf8');
  }
  event.isBase64Encoded = isBase64Encoded;
  return event as unknown as APIGatewayProxyEventV2;
}
