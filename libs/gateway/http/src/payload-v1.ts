import { buildProxyEvent, type ProxyEvent } from '@portico/engine-lambda';
import { formatRequestTime, isTextContentType, type HttpRequest } from './http-request.js';
import type { EventContext } from './payload-v2.js';

/** Payload 1.0 on an HTTP API: the REST proxy event plus `version`, with what HTTP APIs do not have set to null. */
export type EventV1 = Omit<ProxyEvent, 'requestContext'> & {
  version: '1.0';
  requestContext: Omit<ProxyEvent['requestContext'], 'resourceId'> & { resourceId: string | null };
};

/**
 * The 1.0 event of an HTTP API (spec §6.3), built by engine-lambda's REST builder: `resource` is the route path
 * without its method (`/pets/{id}`; the request path for `$default`) [I], `resourceId` null, `path` the path as
 * sent (named stage included), and `requestContext.authorizer` `{claims: null, scopes: null}` when unauthenticated.
 */
export function buildEventV1(request: HttpRequest, context: EventContext, forwardedPort: number): EventV1 {
  const space = context.routeKey.indexOf(' ');
  const resource = space < 0 ? request.path : context.routeKey.slice(space + 1);
  const time = formatRequestTime(request.timeEpoch);
  const dot = request.domainName.indexOf('.');
  const authorizer: Record<string, unknown> =
    context.authorizer === undefined
      ? { claims: null, scopes: null }
      : 'jwt' in context.authorizer
        ? { claims: context.authorizer.jwt.claims, scopes: context.authorizer.jwt.scopes }
        : 'lambda' in context.authorizer
          ? { ...context.authorizer.lambda }
          : { ...context.authorizer.iam };
  const event = buildProxyEvent({
    resource,
    path: request.rawPath,
    httpMethod: request.method,
    rawHeaders: request.rawHeaders,
    rawQuery: request.rawQueryString,
    pathParameters: context.pathParameters,
    stageVariables: context.stageVariables,
    body: request.body && request.body.length > 0 ? request.body : undefined,
    isBase64Encoded: !isTextContentType(request.headers['content-type']?.[0]),
    forwarded: { sourceIp: request.sourceIp, port: forwardedPort, proto: 'http', traceId: `Root=1-${request.requestId}` },
    requestContext: {
      accountId: context.accountId,
      apiId: context.apiId,
      resourceId: '',
      resourcePath: resource,
      httpMethod: request.method,
      path: request.rawPath,
      protocol: 'HTTP/1.1',
      stage: context.stage,
      deploymentId: '',
      requestId: request.requestId,
      extendedRequestId: request.requestId,
      requestTime: time,
      requestTimeEpoch: request.timeEpoch,
      domainName: request.domainName,
      domainPrefix: dot < 0 ? request.domainName : request.domainName.slice(0, dot),
      identity: { sourceIp: request.sourceIp, userAgent: request.headers['user-agent']?.[0] ?? null },
      authorizer,
    },
  });
  const { requestContext, ...rest } = event;
  return { version: '1.0', ...rest, requestContext: { ...requestContext, resourceId: null } } as EventV1;
}
