/** A Lambda proxy response (payload format 1.0) that passed validation, ready to write. */
export interface ProxyResponse {
  readonly statusCode: number;
  /** Merged headers, names in the casing the function used; `set-cookie` values stay separate lines. */
  readonly headers: ReadonlyArray<readonly [string, string | string[]]>;
  readonly body: Buffer;
}

export type ParseProxyResponseResult = { readonly ok: true; readonly response: ProxyResponse } | { readonly ok: false; readonly reason: string };

const ALLOWED_KEYS = new Set(['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded']);

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates a function's result against the proxy response contract (spec §2.4): a JSON object with no keys but
 * `statusCode`, `headers`, `multiValueHeaders`, `body`, `isBase64Encoded`; anything else is a 502. Headers from
 * both maps merge (`multi…, single`, the multiValueHeaders casing wins). A base64 body is decoded only when
 * `acceptIsBinary` (the first media type of the client's Accept matches binaryMediaTypes); otherwise the base64 text is the body.
 */
export function parseProxyResponse(payload: string, acceptIsBinary: boolean): ParseProxyResponseResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return { ok: false, reason: 'the function result is not JSON' };
  }
  if (!isPlainObject(parsed)) return { ok: false, reason: 'the function result is not a JSON object' };
  for (const key of Object.keys(parsed)) {
    if (!ALLOWED_KEYS.has(key)) return { ok: false, reason: `the function result has an unexpected key ${JSON.stringify(key)}` };
  }

  let statusCode = 200;
  const rawStatus = parsed.statusCode;
  if (rawStatus !== undefined && rawStatus !== null) {
    const n = typeof rawStatus === 'number' ? rawStatus : typeof rawStatus === 'string' && /^\s*\d+\s*$/.test(rawStatus) ? Number(rawStatus) : NaN;
    if (!Number.isInteger(n) || n < 100 || n > 599) return { ok: false, reason: `statusCode ${JSON.stringify(rawStatus)} is not a valid status code` };
    statusCode = n;
  }

  const merged = new Map<string, { name: string; values: string[] }>();
  const multi = parsed.multiValueHeaders;
  if (multi !== undefined && multi !== null) {
    if (!isPlainObject(multi)) return { ok: false, reason: 'multiValueHeaders is not an object' };
    for (const [name, values] of Object.entries(multi)) {
      if (values === null) continue;
      if (!Array.isArray(values)) return { ok: false, reason: `multiValueHeaders.${name} is not a list` };
      const texts: string[] = [];
      for (const v of values) {
        const text = scalar(v);
        if (text === undefined) return { ok: false, reason: `multiValueHeaders.${name} holds a non-scalar value` };
        texts.push(text);
      }
      const lower = name.toLowerCase();
      const entry = merged.get(lower);
      if (entry) entry.values.push(...texts);
      else merged.set(lower, { name, values: texts });
    }
  }
  const single = parsed.headers;
  if (single !== undefined && single !== null) {
    if (!isPlainObject(single)) return { ok: false, reason: 'headers is not an object' };
    for (const [name, value] of Object.entries(single)) {
      if (value === null) continue;
      const text = scalar(value);
      if (text === undefined) return { ok: false, reason: `headers.${name} is not a string` };
      const lower = name.toLowerCase();
      const entry = merged.get(lower);
      if (entry) entry.values.push(text);
      else merged.set(lower, { name, values: [text] });
    }
  }

  const rawBody = parsed.body;
  if (rawBody !== undefined && rawBody !== null && typeof rawBody !== 'string') return { ok: false, reason: 'body is not a string' };
  const rawBase64 = parsed.isBase64Encoded;
  if (rawBase64 !== undefined && rawBase64 !== null && typeof rawBase64 !== 'boolean') return { ok: false, reason: 'isBase64Encoded is not a boolean' };
  const text = rawBody ?? '';
  const body = rawBase64 === true && acceptIsBinary ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');

  const headers: Array<readonly [string, string | string[]]> = [];
  for (const [lower, { name, values }] of merged) headers.push([name, lower === 'set-cookie' ? values : values.join(', ')]);
  return { ok: true, response: { statusCode, headers, body } };
}
