import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 11 * 512;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

/**
 * `$context.requestId` / `apigw-requestid` in AWS's HTTP API form (`LV7fzho-PHcEJPw=`: 11 random bytes in
 * base64), cut from a pooled random buffer so that a request costs no crypto call of its own.
 */
export function nextRequestId(): string {
  if (offset === POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString('base64', offset, offset + 11).replace(/\//g, '-').replace(/\+/g, '_');
  offset += 11;
  return id.slice(0, 15) + '=';
}
