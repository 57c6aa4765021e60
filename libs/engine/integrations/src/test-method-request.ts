import { parse } from 'node:querystring';
import type { MethodRequest } from './types.js';

/** A MethodRequest built from plain values, for unit specs (the pipeline implements it over IncomingMessage). */
export function testMethodRequest(overrides: Partial<MethodRequest> & { context?: Record<string, string> } = {}): MethodRequest {
  const rawQuery = overrides.rawQuery ?? '';
  const query = parse(rawQuery);
  const rawHeaders = overrides.rawHeaders ?? [];
  const headers = overrides.headers ?? {};
  if (!overrides.headers) for (let i = 0; i < rawHeaders.length; i += 2) headers[rawHeaders[i].toLowerCase()] = rawHeaders[i + 1];
  return {
    httpMethod: 'GET',
    pathParameters: {},
    body: undefined,
    contentLength: undefined,
    sourceIp: '198.51.100.7',
    protocol: 'http',
    port: 8080,
    requestId: '11111111-2222-4333-8444-555555555555',
    extendedRequestId: 'AAAAAAAAAAAAAAA=',
    traceId: 'Root=1-00000000-000000000000000000000000',
    ...overrides,
    rawQuery,
    rawHeaders,
    headers,
    queryValues: (name) => {
      const value = query[name];
      return value === undefined ? undefined : typeof value === 'string' ? [value] : value;
    },
    contextValue: (name) => overrides.context?.[name],
  };
}
