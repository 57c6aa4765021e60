import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 11 * 512;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

/** Base64's alphabet with `-` for `/` and `_` for `+`, the characters AWS's HTTP API ids use. */
const ALPHABET = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-', 'latin1');
/** 11 bytes are 15 base64 characters and a `=`; the `=` stays, the rest is rewritten per id. */
const ID_TEXT = Buffer.from('000000000000000=', 'latin1');

/**
 * `$context.requestId` / `apigw-requestid` in AWS's HTTP API form (`LV7fzho-PHcEJPw=`: 11 random bytes in
 * base64), cut from a pooled random buffer so that a request costs no crypto call of its own, and encoded into
 * a scratch buffer read out once: one flat string, not the base64 string and its two rewrites and a slice.
 */
export function nextRequestId(): string {
  if (offset === POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const o = offset;
  offset += 11;
  let at = 0;
  // Three bytes are four characters; the last group is two bytes (three characters, then the `=`).
  for (let i = o; i < o + 9; i += 3) {
    const n = (pool[i] << 16) | (pool[i + 1] << 8) | pool[i + 2];
    ID_TEXT[at++] = ALPHABET[n >> 18];
    ID_TEXT[at++] = ALPHABET[(n >> 12) & 63];
    ID_TEXT[at++] = ALPHABET[(n >> 6) & 63];
    ID_TEXT[at++] = ALPHABET[n & 63];
  }
  const n = (pool[o + 9] << 16) | (pool[o + 10] << 8);
  ID_TEXT[12] = ALPHABET[n >> 18];
  ID_TEXT[13] = ALPHABET[(n >> 12) & 63];
  ID_TEXT[14] = ALPHABET[(n >> 6) & 63];
  return ID_TEXT.toString('latin1', 0, 16);
}

/** The random bytes behind the id `nextRequestId()` returned last (for its test). */
export function lastRequestIdBytes(): Buffer {
  return pool.subarray(offset - 11, offset);
}
