import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** Response headers as `[name, value]` pairs, one per line (so several `set-cookie` stay separate). */
export type HeaderPairs = Array<[string, string]>;

/** Rewrites the status and headers of whatever writes `res` next (an integration streaming its answer). */
export type HeadRewrite = (status: number, headers: HeaderPairs) => number;

/** Node's `writeHead` header argument (object, flat raw array, or array of pairs) as pairs. */
export function headerPairs(headers: OutgoingHttpHeaders | readonly unknown[] | undefined): HeaderPairs {
  const out: HeaderPairs = [];
  if (!headers) return out;
  if (Array.isArray(headers)) {
    if (headers.length > 0 && Array.isArray(headers[0])) {
      for (const [name, value] of headers as Array<[string, unknown]>) pushValue(out, name, value);
    } else {
      for (let i = 0; i < headers.length; i += 2) pushValue(out, String(headers[i]), headers[i + 1]);
    }
    return out;
  }
  for (const [name, value] of Object.entries(headers as OutgoingHttpHeaders)) pushValue(out, name, value);
  return out;
}

function pushValue(out: HeaderPairs, name: string, value: unknown): void {
  if (value === undefined) return;
  if (Array.isArray(value)) for (const v of value) out.push([name, String(v)]);
  else out.push([name, Buffer.isBuffer(value) ? value.toString('latin1') : String(value)]);
}

/** Flat `[name, value, name, value…]`, what node's `writeHead` takes fastest. */
export function flatHeaders(pairs: HeaderPairs): string[] {
  const flat: string[] = [];
  for (const [name, value] of pairs) flat.push(name, value);
  return flat;
}

/**
 * Pairs as a header object, repeated names collected in a list. `writeHead` with a raw array after `setHeader`
 * keeps only the last value of a repeated name (node sets them one by one); an object with lists keeps them all.
 */
export function headerObject(pairs: HeaderPairs): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[key] = [existing, value];
  }
  return out;
}

/**
 * Makes the next `writeHead` on `res` pass through `rewrite` (CORS headers, response parameter mapping),
 * whoever calls it. Installed per request only when the API needs it; headers set with `setHeader` before are
 * folded in.
 */
export function rewriteHead(res: ServerResponse, rewrite: HeadRewrite): void {
  const original = res.writeHead;
  res.writeHead = function writeHead(this: ServerResponse, status: number, ...rest: unknown[]): ServerResponse {
    res.writeHead = original;
    const headersArg = (typeof rest[0] === 'string' ? rest[1] : rest[0]) as OutgoingHttpHeaders | unknown[] | undefined;
    const pairs = headerPairs(this.getHeaders());
    for (const name of this.getHeaderNames()) this.removeHeader(name);
    pairs.push(...headerPairs(headersArg));
    const finalStatus = rewrite(status, pairs);
    return original.call(this, finalStatus, headerObject(pairs));
  } as ServerResponse['writeHead'];
}
