import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** A response as the stage cache keeps it: status, headers as node's flat raw list, the whole body. */
export interface CachedResponse {
  readonly status: number;
  readonly headers: readonly string[];
  readonly body: Buffer;
  /** Epoch milliseconds after which the entry is stale. */
  readonly expiresAt: number;
}

// Entry layout: one format byte, then the clear form or its AES-256-GCM sealing (12-byte IV, 16-byte tag).
// Clear form: u32 length of the JSON head, the head ({s, h, e}), the body bytes.
const CLEAR = 1;
const SEALED = 2;
const IV_BYTES = 12;
const TAG_BYTES = 16;

function clearForm(response: CachedResponse): Buffer {
  const head = Buffer.from(JSON.stringify({ s: response.status, h: response.headers, e: response.expiresAt }), 'utf8');
  const length = Buffer.allocUnsafe(4);
  length.writeUInt32BE(head.length, 0);
  return Buffer.concat([length, head, response.body]);
}

function readClear(bytes: Buffer): CachedResponse | undefined {
  if (bytes.length < 4) return undefined;
  const headLength = bytes.readUInt32BE(0);
  if (4 + headLength > bytes.length) return undefined;
  const head = JSON.parse(bytes.subarray(4, 4 + headLength).toString('utf8')) as { s?: unknown; h?: unknown; e?: unknown };
  if (typeof head.s !== 'number' || typeof head.e !== 'number' || !Array.isArray(head.h) || !head.h.every((v) => typeof v === 'string')) return undefined;
  return { status: head.s, headers: head.h as string[], expiresAt: head.e, body: bytes.subarray(4 + headLength) };
}

/**
 * An entry's bytes for the shared store. With `key` (methods with `cacheDataEncrypted`) the whole entry — status,
 * headers and body — is sealed with AES-256-GCM, the cache key as associated data, so that an entry copied under
 * another key does not open either.
 */
export function encodeCachedResponse(response: CachedResponse, cacheKey: string, key: Buffer | undefined): Buffer {
  const clear = clearForm(response);
  if (!key) return Buffer.concat([Buffer.of(CLEAR), clear]);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(cacheKey, 'utf8'));
  const sealed = Buffer.concat([cipher.update(clear), cipher.final()]);
  return Buffer.concat([Buffer.of(SEALED), iv, cipher.getAuthTag(), sealed]);
}

/**
 * The response of an entry, or undefined when it is not one this method may serve: malformed, sealed while the
 * method expects clear entries (or the reverse), or sealed under another key. A bad entry is a miss, never an error.
 */
export function decodeCachedResponse(bytes: Buffer, cacheKey: string, key: Buffer | undefined): CachedResponse | undefined {
  try {
    if (bytes.length < 1) return undefined;
    if (bytes[0] === CLEAR) return key ? undefined : readClear(bytes.subarray(1));
    if (bytes[0] !== SEALED || !key || bytes.length < 1 + IV_BYTES + TAG_BYTES) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(1, 1 + IV_BYTES));
    decipher.setAAD(Buffer.from(cacheKey, 'utf8'));
    decipher.setAuthTag(bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES));
    return readClear(Buffer.concat([decipher.update(bytes.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]));
  } catch {
    return undefined;
  }
}
