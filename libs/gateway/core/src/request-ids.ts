import { randomFillSync } from 'node:crypto';

/**
 * Request ids cut from a pool of random bytes refilled every 256 ids (as node's own randomUUID does): a request's
 * UUID v4 (`$context.requestId`) and its `x-amz-apigw-id` (base64 of the UUID's first 11 bytes, AWS's
 * 16-character shape ending in `=`) come from the same 16 bytes, with no Buffer or hex parsing per request.
 * The UUID's characters are written into a scratch buffer and read out once, so that it is one flat string
 * (a concatenation of 20 pieces is a rope that V8 flattens again, allocating, when node writes the header).
 */
const IDS_PER_FILL = 256;
const pool = Buffer.allocUnsafe(16 * IDS_PER_FILL);
let offset = pool.length;
let last = 0;

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
const UUID_TEXT = Buffer.from('00000000-0000-0000-0000-000000000000', 'latin1');
/** Where each of the 16 bytes' two hex digits go in UUID_TEXT. */
const UUID_POSITIONS = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

/** A new random UUID v4. `lastExtendedRequestId()` then gives the same request's `x-amz-apigw-id`. */
export function newRequestId(): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const o = (last = offset);
  offset += 16;
  pool[o + 6] = (pool[o + 6] & 0x0f) | 0x40;
  pool[o + 8] = (pool[o + 8] & 0x3f) | 0x80;
  for (let i = 0; i < 16; i++) {
    const byte = pool[o + i];
    const at = UUID_POSITIONS[i];
    UUID_TEXT[at] = HEX_DIGITS[byte >> 4];
    UUID_TEXT[at + 1] = HEX_DIGITS[byte & 0x0f];
  }
  return UUID_TEXT.toString('latin1', 0, 36);
}

/** `x-amz-apigw-id` of the id `newRequestId()` returned last: base64 of its first 11 bytes. */
export function lastExtendedRequestId(): string {
  return pool.toString('base64', last, last + 11);
}
