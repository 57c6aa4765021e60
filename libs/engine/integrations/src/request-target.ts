import type { CompiledUri } from './integration-uri.js';
import type { CompiledRequestParameters } from './request-parameters.js';
import type { MethodRequest } from './types.js';

function firstValue(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' || value === undefined ? value : value[0];
}

function appendMapped(query: string, request: MethodRequest, mapped: CompiledRequestParameters): string {
  for (const [name, source] of mapped.querystring) {
    const value = source(request);
    if (value === undefined) continue;
    const key = encodeURIComponent(name);
    for (const v of typeof value === 'string' ? [value] : value) {
      query += `${query ? '&' : ''}${key}=${encodeURIComponent(v)}`;
    }
  }
  return query;
}

/** The client's raw query minus the names a mapping sets (mapped values replace them). */
function withoutMappedNames(rawQuery: string, names: ReadonlySet<string>): string {
  let out = '';
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    let name: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
    } catch {
      name = rawName;
    }
    if (names.has(name)) continue;
    out += out ? `&${pair}` : pair;
  }
  return out;
}

export type RequestTargetBuilder = (request: MethodRequest) => string;

const noValue = (): undefined => undefined;

/**
 * Compiles, once per method, how the backend request target (path + query) is built for a request.
 * `forwardClientQuery`: HTTP_PROXY passes the client's query string through as received (multi-value and
 * encoding kept); HTTP sends mapped values only.
 */
export function compileRequestTarget(
  uri: CompiledUri,
  mapped: CompiledRequestParameters,
  forwardClientQuery: boolean,
): RequestTargetBuilder {
  // Without an explicit mapping, a placeholder takes the method's path parameter of the same name.
  const placeholderValue = (name: string, request: MethodRequest): string | undefined => {
    const source = mapped.path.get(name);
    return source ? firstValue(source(request)) : request.pathParameters[name];
  };
  const path: (request: MethodRequest) => string =
    uri.placeholders.length === 0 ? () => uri.path(noValue, null) : (request) => uri.path(placeholderValue, request);
  const filterClientQuery = mapped.querystringNames.size > 0;
  const appendMappedQuery = mapped.querystring.length > 0;
  return (request) => {
    let query = '';
    if (forwardClientQuery) query = filterClientQuery ? withoutMappedNames(request.rawQuery, mapped.querystringNames) : request.rawQuery;
    if (appendMappedQuery) query = appendMapped(query, request, mapped);
    if (uri.query) query = query ? `${uri.query}&${query}` : uri.query;
    return query ? `${path(request)}?${query}` : path(request);
  };
}
