import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

// Keys change once a day per (secret, region, service): a handful of live entries in practice. The bound only
// stops a flood of distinct scopes from growing memory; eviction drops the oldest insertion.
const MAX_CACHED_KEYS = 256;
const cache = new Map<string, Buffer>();

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/**
 * kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"), cached.
 *
 * @example deriveSigningKey('wJalr...', '20150830', 'us-east-1', 'execute-api')
 */
export function deriveSigningKey(secretAccessKey: string, dateStamp: string, region: string, service: string): Buffer {
  const cacheKey = `${dateStamp}\n${region}\n${service}\n${secretAccessKey}`;
  const cached = cache.get(cacheKey);
  if (cached !== undefined) return cached;
  const key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, dateStamp), region), service), 'aws4_request');
  if (cache.size >= MAX_CACHED_KEYS) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  cache.set(cacheKey, key);
  return key;
}

/**
 * A signing key's KeyObject, made once per key: on Node 24 `createHmac` with a Buffer key imports it as a KeyObject
 * on every call (≈ 12 µs on this project's machines, against ≈ 1.8 µs for the HMAC with a KeyObject given; Node 20
 * costs the same either way). Keys are long-lived (the cached Buffers above, the data plane's per-config ones, the
 * Lambda signer's cached key), so the map holds what they hold.
 */
const keyObjects = new WeakMap<Uint8Array, KeyObject>();

export function hmacKeyObject(key: Uint8Array): KeyObject {
  let object = keyObjects.get(key);
  if (object === undefined) keyObjects.set(key, (object = createSecretKey(key)));
  return object;
}

/** Lower-case hex HMAC-SHA256 of the string to sign: the signature itself. */
export function signatureHex(signingKey: Buffer, stringToSign: string): string {
  return createHmac('sha256', hmacKeyObject(signingKey)).update(stringToSign, 'utf8').digest('hex');
}
