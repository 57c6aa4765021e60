import type { IncomingMessage } from 'node:http';
import { rawHeader } from '@portico/gateway-core';

/**
 * What the HTTP API pipeline knows about one request, built once when it arrives. Header names are lower-case
 * with every value kept (`headersDistinct`), so that payload 2.0 can comma-join repeats and parameter mapping can
 * append to them.
 */
export interface HttpRequest {
  readonly method: string;
  /** The path as the client sent it, named stage segment included (payload 2.0 `rawPath`). */
  readonly rawPath: string;
  /** The path below the stage (what routes match, `$request.path`). */
  readonly path: string;
  readonly rawQueryString: string;
  readonly headers: Readonly<Record<string, readonly string[]>>;
  /** node's raw header list `[name, value, …]` (payload 1.0 keeps the client's casing). */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer | undefined;
  readonly sourceIp: string;
  /** `$context.domainName`: the Host header without the port. */
  readonly domainName: string;
  /** The custom domain mapping the request came through (`$context.customDomain.basePathMatched`); undefined on execute-api. */
  readonly basePathMatched?: string;
  readonly requestId: string;
  readonly timeEpoch: number;
}

/**
 * An HTTP API request as it arrives: what is cheap is read at once, the rest when first asked for. `headers`
 * (node's `headersDistinct`, built by node on first read) and `domainName` cost nothing on a route that forwards
 * the raw headers as they are; `body` is set once a route that needs it has buffered it.
 */
export class IncomingHttpApiRequest implements HttpRequest {
  readonly method: string;
  readonly rawHeaders: readonly string[];
  readonly sourceIp: string;
  /** The request's Content-Length header as sent, undefined without one. */
  readonly contentLength: string | undefined;
  body: Buffer | undefined = undefined;

  constructor(
    private readonly req: IncomingMessage,
    readonly rawPath: string,
    readonly path: string,
    readonly rawQueryString: string,
    readonly requestId: string,
    readonly timeEpoch: number,
    readonly basePathMatched?: string,
  ) {
    this.method = req.method ?? 'GET';
    this.rawHeaders = req.rawHeaders;
    this.sourceIp = req.socket.remoteAddress ?? '';
    this.contentLength = rawHeader(req.rawHeaders, 'content-length');
  }

  get headers(): Readonly<Record<string, readonly string[]>> {
    return this.req.headersDistinct as Record<string, string[]>;
  }

  get domainName(): string {
    const host = rawHeader(this.rawHeaders, 'host') ?? '';
    const colon = host.lastIndexOf(':');
    return colon > 0 && !host.endsWith(']') ? host.slice(0, colon) : host;
  }
}

/** The first value of a header (lower-case name), or undefined. */
export function headerValue(request: HttpRequest, name: string): string | undefined {
  return request.headers[name]?.[0];
}

/** Query parameters by name, every value kept, decoded (`+` is a space). Names are case-sensitive (spec §7). */
export function queryParameters(rawQueryString: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (rawQueryString === '') return out;
  for (const pair of rawQueryString.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decodeQuery(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeQuery(pair.slice(eq + 1));
    const values = out.get(name);
    if (values) values.push(value);
    else out.set(name, [value]);
  }
  return out;
}

function decodeQuery(text: string): string {
  const spaced = text.includes('+') ? text.replace(/\+/g, ' ') : text;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/**
 * Whether a body of this Content-Type travels as text in a Lambda event; anything else is base64-encoded
 * (HTTP APIs have no binaryMediaTypes: AWS decides by content type) [I].
 */
export function isTextContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return true;
  const type = contentType.split(';')[0].trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    type === 'application/json' ||
    type === 'application/xml' ||
    type === 'application/javascript' ||
    type === 'application/x-www-form-urlencoded' ||
    type.endsWith('+json') ||
    type.endsWith('+xml') ||
    type === ''
  );
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `12/Mar/2020:19:03:58 +0000` — `requestContext.time` and `$context.requestTime` (AWS's docs, spec §6.1). */
export function formatRequestTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}
