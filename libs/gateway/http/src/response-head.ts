import type { OutgoingHttpHeaders } from 'node:http';
import type { ResponseDecorator } from '@portico/gateway-core';

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
 * A response decorator (gateway-core's response phase) that hands the head to `rewrite` as pairs: CORS headers and
 * response parameter mapping, for gateway answers and integration answers alike, whole or streamed.
 */
export function headDecorator(rewrite: HeadRewrite): ResponseDecorator {
  return {
    head(head) {
      const pairs = headerPairs(head.headers);
      head.status = rewrite(head.status, pairs);
      head.headers = headerObject(pairs);
    },
  };
}
