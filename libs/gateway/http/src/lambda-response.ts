import { parseProxyResponse } from '@portico/engine-lambda';

/** A function's answer, ready to write: headers as `[name, value]` pairs (one pair per `set-cookie`). */
export interface LambdaAnswer {
  readonly statusCode: number;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
}

export type LambdaAnswerResult = { readonly ok: true; readonly answer: LambdaAnswer } | { readonly ok: false; readonly reason: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const scalar = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;

/**
 * Reads a payload 2.0 result (spec §6.2). With `statusCode` it is the explicit form (`headers`, `cookies`, `body`,
 * `isBase64Encoded`); each cookie becomes its own `set-cookie`. Any other valid JSON is inferred: 200,
 * `content-type: application/json`, the body being the value serialised (a string is the body as is). Invalid
 * JSON or mistyped members are the caller's 500 [I].
 */
export function parseResponseV2(payload: string): LambdaAnswerResult {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return { ok: false, reason: 'the function result is not JSON' };
  }
  if (!isObject(value) || value.statusCode === undefined) {
    const body = typeof value === 'string' ? value : JSON.stringify(value);
    return { ok: true, answer: { statusCode: 200, headers: [['content-type', 'application/json']], body: Buffer.from(body ?? 'null') } };
  }
  const status = typeof value.statusCode === 'string' && /^\d{3}$/.test(value.statusCode) ? Number(value.statusCode) : value.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
    return { ok: false, reason: `statusCode ${JSON.stringify(value.statusCode)} is not a valid status code` };
  }
  const headers: Array<readonly [string, string]> = [];
  if (value.headers !== undefined && value.headers !== null) {
    if (!isObject(value.headers)) return { ok: false, reason: 'headers is not an object' };
    for (const [name, raw] of Object.entries(value.headers)) {
      const text = scalar(raw);
      if (text === undefined) return { ok: false, reason: `headers.${name} is not a scalar` };
      headers.push([name, text]);
    }
  }
  if (value.cookies !== undefined && value.cookies !== null) {
    if (!Array.isArray(value.cookies) || value.cookies.some((c) => typeof c !== 'string')) return { ok: false, reason: 'cookies is not a list of strings' };
    for (const cookie of value.cookies as string[]) headers.push(['set-cookie', cookie]);
  }
  const base64 = value.isBase64Encoded === true;
  if (value.isBase64Encoded !== undefined && typeof value.isBase64Encoded !== 'boolean') return { ok: false, reason: 'isBase64Encoded is not a boolean' };
  let body = Buffer.alloc(0);
  if (value.body !== undefined && value.body !== null) {
    const text = typeof value.body === 'string' ? value.body : undefined;
    if (text === undefined) return { ok: false, reason: 'body is not a string' };
    body = Buffer.from(text, base64 ? 'base64' : 'utf8');
  }
  return { ok: true, answer: { statusCode: status, headers, body } };
}

/** Reads a payload 1.0 result: the REST proxy contract (engine-lambda), base64 bodies always decoded. */
export function parseResponseV1(payload: string): LambdaAnswerResult {
  const parsed = parseProxyResponse(payload, true);
  if (!parsed.ok) return parsed;
  const headers: Array<readonly [string, string]> = [];
  for (const [name, value] of parsed.response.headers) {
    if (Array.isArray(value)) for (const v of value) headers.push([name, v]);
    else headers.push([name, value as string]);
  }
  return { ok: true, answer: { statusCode: parsed.response.statusCode, headers, body: parsed.response.body } };
}
