import { randomFillSync } from 'node:crypto';

/**
 * Request ids cut from a pool of random bytes refilled every 256 ids (as node's own randomUUID does): a request's
 * UUID v4 (`$context.requestId`) and its `x-amz-apigw-id` (base64 of the UUID's first 11 bytes, AWS's
 * 16-character shape ending in `=`) come from the same 16 bytes, with no Buffer or hex parsing per request.
 */
const IDS_PER_FILL = 256;
const pool = Buffer.allocUnsafe(16 * IDS_PER_FILL);
let offset = pool.length;
let last = 0;

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

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
  const b = pool;
  return (
    HEX[b[o]] + HEX[b[o + 1]] + HEX[b[o + 2]] + HEX[b[o + 3]] + '-' +
    HEX[b[o + 4]] + HEX[b[o + 5]] + '-' +
    HEX[b[o + 6]] + HEX[b[o + 7]] + '-' +
    HEX[b[o + 8]] + HEX[b[o + 9]] + '-' +
    HEX[b[o + 10]] + HEX[b[o + 11]] + HEX[b[o + 12]] + HEX[b[o + 13]] + HEX[b[o + 14]] + HEX[b[o + 15]]
  );
}

/** `x-amz-apigw-id` of the id `newRequestId()` returned last: base64 of its first 11 bytes. */
export function lastExtendedRequestId(): string {
  return pool.toString('base64', last, last + 11);
}
