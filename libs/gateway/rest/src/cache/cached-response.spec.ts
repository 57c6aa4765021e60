import { randomBytes } from 'node:crypto';
import { decodeCachedResponse, encodeCachedResponse } from './cached-response.js';

const response = { status: 200, headers: ['content-type', 'application/json'], body: Buffer.from('{"secret":"value"}'), expiresAt: 1_700_000_000_000 };

describe('cached response encoding', () => {
  it('round-trips in clear', () => {
    const bytes = encodeCachedResponse(response, 'k', undefined);
    expect(bytes.includes('secret')).toBe(true);
    expect(decodeCachedResponse(bytes, 'k', undefined)).toEqual(response);
  });

  it('seals with AES-GCM: no plaintext, opens only with the same key and cache key', () => {
    const key = randomBytes(32);
    const bytes = encodeCachedResponse(response, 'k', key);
    expect(bytes.includes('secret')).toBe(false);
    expect(bytes.includes('application/json')).toBe(false);
    expect(decodeCachedResponse(bytes, 'k', key)).toEqual(response);
    expect(decodeCachedResponse(bytes, 'other', key)).toBeUndefined();
    expect(decodeCachedResponse(bytes, 'k', randomBytes(32))).toBeUndefined();
    expect(decodeCachedResponse(bytes, 'k', undefined)).toBeUndefined();
    const tampered = Buffer.from(bytes);
    tampered[tampered.length - 1] ^= 1;
    expect(decodeCachedResponse(tampered, 'k', key)).toBeUndefined();
  });

  it('treats malformed bytes as a miss', () => {
    for (const bytes of [Buffer.alloc(0), Buffer.of(1), Buffer.of(1, 0, 0, 0, 9, 1), Buffer.of(7, 1, 2)]) {
      expect(decodeCachedResponse(bytes, 'k', undefined)).toBeUndefined();
    }
    // A clear entry is not served to a method that expects sealed ones.
    expect(decodeCachedResponse(encodeCachedResponse(response, 'k', undefined), 'k', randomBytes(32))).toBeUndefined();
  });
});
