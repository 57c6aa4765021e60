import type { AuthorizerRequest } from '@portico/plugin-sdk';

/** AWS's TOKEN authorizer event (spec §3.4). */
export interface TokenAuthorizerEvent {
  readonly type: 'TOKEN';
  readonly authorizationToken: string;
  readonly methodArn: string;
}

/** AWS's REQUEST authorizer event, payload 1.0 (spec §3.4; vectors/lambda-events/apigw-custom-auth-request-type-request.json). */
export interface RequestAuthorizerEvent {
  readonly type: 'REQUEST';
  readonly methodArn: string;
  readonly resource: string;
  readonly path: string;
  readonly httpMethod: string;
  readonly headers: Record<string, string>;
  readonly multiValueHeaders: Record<string, string[]>;
  readonly queryStringParameters: Record<string, string>;
  readonly multiValueQueryStringParameters: Record<string, string[]>;
  readonly pathParameters: Record<string, string>;
  readonly stageVariables: Record<string, string>;
  readonly requestContext: Record<string, unknown>;
}

/** Header maps with the client's original name case, as Lambda receives them (last value wins in `headers`). */
function headerMaps(request: AuthorizerRequest): { headers: Record<string, string>; multiValueHeaders: Record<string, string[]> } {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  const raw = request.rawHeaders;
  if (raw) {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i];
      headers[name] = raw[i + 1];
      (multiValueHeaders[name] ??= []).push(raw[i + 1]);
    }
  } else {
    for (const [name, values] of Object.entries(request.multiValueHeaders)) {
      multiValueHeaders[name] = [...values];
      headers[name] = values[values.length - 1] ?? '';
    }
  }
  return { headers, multiValueHeaders };
}

export function buildTokenEvent(request: AuthorizerRequest): TokenAuthorizerEvent {
  return { type: 'TOKEN', authorizationToken: request.authorizationToken ?? '', methodArn: request.methodArn };
}

export function buildRequestEvent(request: AuthorizerRequest): RequestAuthorizerEvent {
  const { headers, multiValueHeaders } = headerMaps(request);
  const rc = request.requestContext;
  const multiQuery: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(request.multiValueQueryStringParameters)) multiQuery[name] = [...values];
  return {
    type: 'REQUEST',
    methodArn: request.methodArn,
    resource: request.resource,
    path: request.path,
    httpMethod: request.httpMethod,
    headers,
    multiValueHeaders,
    queryStringParameters: { ...request.queryStringParameters },
    multiValueQueryStringParameters: multiQuery,
    pathParameters: { ...request.pathParameters },
    stageVariables: { ...request.stageVariables },
    requestContext: {
      path: rc.path,
      accountId: rc.accountId,
      resourceId: rc.resourceId,
      stage: rc.stage,
      requestId: rc.requestId,
      identity: {
        ...(rc.identity.apiKey === undefined ? {} : { apiKey: rc.identity.apiKey }),
        sourceIp: rc.identity.sourceIp,
        ...(rc.identity.userAgent === undefined ? {} : { userAgent: rc.identity.userAgent }),
      },
      resourcePath: rc.resourcePath,
      httpMethod: rc.httpMethod,
      apiId: rc.apiId,
      ...(rc.domainName === undefined ? {} : { domainName: rc.domainName }),
      requestTimeEpoch: rc.requestTimeEpoch,
    },
  };
}
