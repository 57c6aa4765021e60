import { util } from 'undici';
import type { CompiledRequestParameters } from './request-parameters.js';
import type { MethodRequest } from './types.js';

// undici's own: well-known names come from a lookup tree as interned lower-case strings, without an allocation.
const { headerNameToString } = util;

/**
 * Request headers never forwarded to an HTTP backend (spec §2.6), plus the hop-by-hop headers undici refuses and
 * `Host` (the backend's own host is sent). Content-Length is re-added by the integration when it forwards the
 * body unchanged.
 */
export const DROPPED_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  'connection',
  'content-length',
  'content-md5',
  'expect',
  'max-forwards',
  'proxy-authenticate',
  'server',
  'te',
  'transfer-encoding',
  'trailer',
  'upgrade',
  'www-authenticate',
  'host',
  'keep-alive',
  'proxy-connection',
]);

/** Backend response headers that collide with the gateway's own and reach the client as `x-amzn-Remapped-<Name>`. */
export const REMAPPED_RESPONSE_HEADERS: ReadonlyMap<string, string> = new Map([
  ['connection', 'x-amzn-Remapped-Connection'],
  ['content-length', 'x-amzn-Remapped-Content-Length'],
  ['date', 'x-amzn-Remapped-Date'],
  ['server', 'x-amzn-Remapped-Server'],
  ['x-amzn-requestid', 'x-amzn-Remapped-x-amzn-RequestId'],
]);

/**
 * Backend response headers HTTP_PROXY does not pass on: framing is the gateway's (node re-frames the body).
 * Content-Encoding is kept although AWS drops it: Portico streams the body unchanged, so dropping the header
 * would hand clients compressed bytes they cannot decode.
 */
export const DROPPED_PROXY_RESPONSE_HEADERS: ReadonlySet<string> = new Set(['via', 'transfer-encoding', 'keep-alive']);

/** A SigV4 `Authorization` header is the gateway's business and is not forwarded (spec §2.6). */
function isSigV4(value: string): boolean {
  return value.startsWith('AWS4-HMAC-SHA256');
}

function pushMapped(out: string[], request: MethodRequest, mapped: CompiledRequestParameters): void {
  for (const [name, source] of mapped.header) {
    const value = source(request);
    if (value === undefined) continue;
    if (typeof value === 'string') out.push(name, value);
    else for (const v of value) out.push(name, v);
  }
}

function pushForwarded(out: string[], request: MethodRequest, apiId: string, priorForwardedFor: string | undefined): void {
  out.push(
    'X-Forwarded-For',
    priorForwardedFor ? `${priorForwardedFor}, ${request.sourceIp}` : request.sourceIp,
    'X-Forwarded-Port',
    String(request.port),
    'X-Forwarded-Proto',
    request.protocol,
    'x-amzn-apigateway-api-id',
    apiId,
    'X-Amzn-Trace-Id',
    request.traceId,
  );
}

/**
 * Tracing on: the gateway's span becomes the backend's parent, so a client's `traceparent`/`tracestate` (already in
 * `out` for HTTP_PROXY, or mapped) is replaced rather than sent twice. Only called when the request carries them.
 */
function replaceTraceHeaders(out: string[], trace: readonly string[]): void {
  for (let i = out.length - 2; i >= 0; i -= 2) {
    const lower = out[i].toLowerCase();
    if (lower === 'traceparent' || lower === 'tracestate') out.splice(i, 2);
  }
  for (const value of trace) out.push(value);
}

/** HTTP_PROXY: the client's headers (case and repeats kept) minus the drop list, mapped headers, X-Forwarded-*. */
export function proxyRequestHeaders(
  request: MethodRequest,
  mapped: CompiledRequestParameters,
  apiId: string,
  contentLength: number | undefined,
): string[] {
  const out: string[] = [];
  const raw = request.rawHeaders;
  let forwardedFor: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    const lower = name.toLowerCase();
    if (DROPPED_REQUEST_HEADERS.has(lower) || mapped.headerNames.has(lower)) continue;
    const value = raw[i + 1];
    if (lower === 'x-forwarded-for') {
      forwardedFor = forwardedFor ? `${forwardedFor}, ${value}` : value;
      continue;
    }
    if (lower === 'authorization' && isSigV4(value)) continue;
    out.push(name, value);
  }
  pushMapped(out, request, mapped);
  pushForwarded(out, request, apiId, forwardedFor);
  if (request.traceHeaders !== undefined) replaceTraceHeaders(out, request.traceHeaders);
  if (contentLength !== undefined) out.push('content-length', String(contentLength));
  return out;
}

/**
 * HTTP (non-proxy): only mapped headers reach the backend, plus Content-Type, an Accept default, the gateway's
 * User-Agent and the X-Forwarded-* / trace / api-id headers (spec §2.6).
 */
export function httpRequestHeaders(
  request: MethodRequest,
  mapped: CompiledRequestParameters,
  apiId: string,
  contentLength: number | undefined,
): string[] {
  const out: string[] = [];
  pushMapped(out, request, mapped);
  const contentType = request.headers['content-type'];
  if (contentType !== undefined && !mapped.headerNames.has('content-type')) out.push('Content-Type', contentType);
  if (!mapped.headerNames.has('accept')) out.push('Accept', 'application/json');
  if (!mapped.headerNames.has('user-agent')) out.push('User-Agent', `AmazonAPIGateway_${apiId}`);
  pushForwarded(out, request, apiId, undefined);
  if (request.traceHeaders !== undefined) replaceTraceHeaders(out, request.traceHeaders);
  if (contentLength !== undefined) out.push('content-length', String(contentLength));
  return out;
}

const DROP = '';
/**
 * Backend response headers HTTP_PROXY does not pass on as they are, by lower-case name: dropped (DROP) or renamed
 * (one lookup per header). The gateway's own x-amz-apigw-id replaces the backend's.
 */
const PROXY_RESPONSE_RULES: ReadonlyMap<string, string> = new Map([
  ...[...DROPPED_PROXY_RESPONSE_HEADERS, 'x-amz-apigw-id'].map((name): [string, string] => [name, DROP]),
  ...REMAPPED_RESPONSE_HEADERS,
]);

/** The Content-Length of an HTTP_PROXY answer, found while its headers are copied (`$context.responseLength`). */
export interface ProxyResponseHead {
  responseLength: number | undefined;
}

/**
 * HTTP_PROXY: the backend's response headers as the client gets them, plus the gateway's request ids. Works on
 * undici's raw `[name, value, …]` list of Buffers and returns node's flat list for `writeHead`, so that no header
 * object is built on either side; names are lower-cased (as undici's parsed headers were), values decoded as
 * latin1 (byte for byte, as node writes them back), repeats kept.
 */
export function proxyResponseHeaders(raw: readonly Buffer[], request: MethodRequest, head: ProxyResponseHead): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = headerNameToString(raw[i]);
    const rule = PROXY_RESPONSE_RULES.get(name);
    if (rule === undefined) {
      out.push(name, raw[i + 1].toString('latin1'));
      continue;
    }
    if (rule === DROP) continue;
    const value = raw[i + 1].toString('latin1');
    out.push(rule, value);
    // The gateway frames the (unchanged) body with the same length.
    if (name === 'content-length') {
      out.push(name, value);
      head.responseLength = Number(value);
    }
  }
  if (request.restRequestIds !== false) out.push('x-amzn-RequestId', request.requestId, 'x-amz-apigw-id', request.extendedRequestId);
  return out;
}
