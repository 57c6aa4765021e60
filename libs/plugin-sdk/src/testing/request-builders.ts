import type { AuthorizerRequest } from '../request.js';

/**
 * What a test may set on a request; everything else gets a plausible default.
 * @example
 * buildRequest({ httpMethod: 'DELETE', path: '/orders/7', headers: { Authorization: 'Bearer x' }, query: { force: 'true' }, stageVariables: { env: 'prod' } });
 */
export interface RequestOptions {
  readonly type?: 'TOKEN' | 'REQUEST';
  readonly httpMethod?: string;
  /** Request path without the stage (default `/pets/42`). */
  readonly path?: string;
  /** Resource template (default: the path). */
  readonly resource?: string;
  /** Any case; stored lower-case. Arrays are repeated headers. */
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  readonly query?: Readonly<Record<string, string | readonly string[]>>;
  readonly pathParameters?: Readonly<Record<string, string>>;
  readonly stageVariables?: Readonly<Record<string, string>>;
  readonly identitySource?: readonly string[];
  /** SDK 2.0: identity source values by name (`header.authorization`, …); default none. */
  readonly identitySources?: Readonly<Record<string, string>>;
  readonly authorizationToken?: string;
  /** The called method's authorizationScopes. */
  readonly authorizationScopes?: readonly string[];
  readonly region?: string;
  readonly accountId?: string;
  readonly apiId?: string;
  readonly stage?: string;
  readonly sourceIp?: string;
  /** Epoch milliseconds of the request (default: now). */
  readonly requestTimeEpoch?: number;
}

function multi(values: Readonly<Record<string, string | readonly string[]>> | undefined, lowerCase: boolean) {
  // Null-prototype maps: names such as `constructor` or `__proto__` are plain keys, as in a host's view.
  const single: Record<string, string> = Object.create(null);
  const all: Record<string, readonly string[]> = Object.create(null);
  for (const [rawName, value] of Object.entries(values ?? {})) {
    const name = lowerCase ? rawName.toLowerCase() : rawName;
    const list = typeof value === 'string' ? [value] : [...value];
    all[name] = [...(all[name] ?? []), ...list];
  }
  for (const [name, list] of Object.entries(all)) single[name] = lowerCase ? list.join(', ') : (list[list.length - 1] ?? '');
  return { single, all };
}

/**
 * Builds the read-only request view a host hands to `authorize`.
 *
 * @example
 * const request = buildRequest({ httpMethod: 'POST', path: '/orders', headers: { 'X-Signature': 'abc' } });
 * request.headers['x-signature']; // 'abc'
 * request.methodArn;              // 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/test/POST/orders'
 */
export function buildRequest(options: RequestOptions = {}): AuthorizerRequest {
  const httpMethod = options.httpMethod ?? 'GET';
  const path = options.path ?? '/pets/42';
  const stage = options.stage ?? 'test';
  const apiId = options.apiId ?? 'a1b2c3d4e5';
  const accountId = options.accountId ?? '123456789012';
  const headers = multi(options.headers, true);
  const query = multi(options.query, false);
  return {
    type: options.type ?? 'REQUEST',
    methodArn: `arn:aws:execute-api:${options.region ?? 'us-east-1'}:${accountId}:${apiId}/${stage}/${httpMethod}${path}`,
    httpMethod,
    resource: options.resource ?? path,
    path,
    headers: headers.single,
    multiValueHeaders: headers.all,
    queryStringParameters: query.single,
    multiValueQueryStringParameters: query.all,
    pathParameters: Object.assign(Object.create(null), options.pathParameters),
    stageVariables: Object.assign(Object.create(null), options.stageVariables),
    ...(options.authorizationToken === undefined ? {} : { authorizationToken: options.authorizationToken }),
    ...(options.authorizationScopes === undefined ? {} : { authorizationScopes: options.authorizationScopes }),
    identitySource: options.identitySource ?? [],
    version: '1.0',
    routeKey: `${httpMethod} ${options.resource ?? path}`,
    identitySources: Object.assign(Object.create(null), options.identitySources),
    requestContext: {
      accountId,
      apiId,
      stage,
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      resourceId: 'r3s0urc3',
      resourcePath: options.resource ?? path,
      httpMethod,
      path: `/${stage}${path}`,
      requestTimeEpoch: options.requestTimeEpoch ?? Date.now(),
      identity: { sourceIp: options.sourceIp ?? '203.0.113.7', userAgent: 'portico-plugin-sdk-tests' },
    },
  };
}

/**
 * Builds a TOKEN request: the token is the `Authorization` header (or `header`) and the identity source.
 * Pass `undefined` for a request without a credential.
 *
 * @example
 * const request = buildTokenRequest('Bearer eyJhbGciOi…');
 * request.authorizationToken; // 'Bearer eyJhbGciOi…'
 */
export function buildTokenRequest(token: string | undefined, options: RequestOptions & { readonly header?: string } = {}): AuthorizerRequest {
  const header = options.header ?? 'authorization';
  return buildRequest({
    ...options,
    type: 'TOKEN',
    headers: token === undefined ? options.headers : { ...options.headers, [header]: token },
    authorizationToken: token,
    identitySource: token === undefined ? [] : [token],
    identitySources: token === undefined ? {} : { [`header.${header.toLowerCase()}`]: token },
  });
}
