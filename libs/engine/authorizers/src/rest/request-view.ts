import type { AuthorizerRequest } from '@portico/plugin-sdk';
import type { IdentitySource } from '../host/identity-source.js';
import type { AuthorizationInput } from './types.js';

function headerValue(headers: AuthorizationInput['headers'], name: string): string | undefined {
  const value = headers[name];
  return value === undefined ? undefined : typeof value === 'string' ? value : value.join(', ');
}

/** One identity source's value for a request; undefined when absent. */
export function identityValue(source: IdentitySource, input: AuthorizationInput, stageVariables: Readonly<Record<string, string>>): string | undefined {
  switch (source.kind) {
    case 'header':
      return headerValue(input.headers, source.name);
    case 'querystring': {
      const list = input.query(source.name);
      return list === undefined ? undefined : list[list.length - 1];
    }
    case 'stageVariable':
      return stageVariables[source.name];
    case 'context':
      return input.contextValue(source.name);
  }
}

/** SDK 2.0's name of an identity source (`header.authorization`, `querystring.token`, `stageVariables.x`, `context.x`). */
export function identitySourceName(source: IdentitySource): string {
  return `${source.kind === 'stageVariable' ? 'stageVariables' : source.kind}.${source.name}`;
}

/**
 * The plugin's read-only view of a REST request (SDK 1.x's fields, and 2.0's `version` 1.0, `routeKey` and
 * `identitySources`), built on a cache miss only; header and query maps only when a plugin reads them.
 */
export function requestView(
  type: 'TOKEN' | 'REQUEST',
  input: AuthorizationInput,
  stageVariables: Readonly<Record<string, string>>,
  sources: readonly IdentitySource[],
  identity: readonly string[],
): AuthorizerRequest {
  let headerMaps: { single: Record<string, string>; multi: Record<string, string[]> } | undefined;
  const headersOf = () => {
    if (headerMaps) return headerMaps;
    const single: Record<string, string> = Object.create(null);
    const multi: Record<string, string[]> = Object.create(null);
    const raw = input.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2) (multi[raw[i].toLowerCase()] ??= []).push(raw[i + 1]);
    for (const [name, values] of Object.entries(multi)) single[name] = values.join(', ');
    return (headerMaps = { single, multi });
  };
  let queryMaps: { single: Record<string, string>; multi: Readonly<Record<string, readonly string[]>> } | undefined;
  const queryOf = () => {
    if (queryMaps) return queryMaps;
    const multi = input.multiValueQuery();
    const single: Record<string, string> = Object.create(null);
    for (const [name, values] of Object.entries(multi)) single[name] = values[values.length - 1] ?? '';
    return (queryMaps = { single, multi });
  };
  return {
    type,
    methodArn: input.methodArn,
    httpMethod: input.httpMethod,
    resource: input.resource,
    path: input.path,
    get headers() {
      return headersOf().single;
    },
    get multiValueHeaders() {
      return headersOf().multi;
    },
    rawHeaders: input.rawHeaders,
    get queryStringParameters() {
      return queryOf().single;
    },
    get multiValueQueryStringParameters() {
      return queryOf().multi;
    },
    pathParameters: input.pathParameters,
    stageVariables,
    ...(type === 'TOKEN' ? { authorizationToken: identity[0] } : {}),
    authorizationScopes: input.authorizationScopes,
    identitySource: identity,
    version: '1.0',
    routeKey: `${input.httpMethod} ${input.resource}`,
    get identitySources() {
      const named: Record<string, string> = Object.create(null);
      for (let i = 0; i < sources.length; i++) if (identityValue(sources[i], input, stageVariables) !== undefined) named[identitySourceName(sources[i])] = identity[i];
      return named;
    },
    get requestContext() {
      return input.requestContext;
    },
  };
}
