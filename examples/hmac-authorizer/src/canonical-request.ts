import { createHmac } from 'node:crypto';

/** The headers a signed request carries. */
export const HEADERS = {
  keyId: 'x-portico-key-id',
  date: 'x-portico-date',
  signature: 'x-portico-signature',
} as const;

export type Algorithm = 'sha256' | 'sha512';

/**
 * What gets signed: one line each for the verb, the path (below the stage, as the client sent it), the date and
 * the key id. Signing the path and verb stops a captured signature from being replayed on another method; the
 * date bounds replays in time.
 */
export function canonicalRequest(method: string, path: string, date: string, keyId: string): string {
  return `${method.toUpperCase()}\n${path}\n${date}\n${keyId}`;
}

/** Hex HMAC of the canonical request. */
export function signature(secret: string, algorithm: Algorithm, canonical: string): string {
  return createHmac(algorithm, secret).update(canonical).digest('hex');
}

/**
 * Client side: the headers to add to a request. Use it in your clients and tests.
 *
 * @example
 * const headers = signRequest({ method: 'GET', path: '/orders/7', keyId: 'mobile-app', secret: process.env.PORTICO_HMAC_SECRET! });
 * await fetch(`${base}/prod/orders/7`, { headers });
 */
export function signRequest(options: {
  readonly method: string;
  readonly path: string;
  readonly keyId: string;
  readonly secret: string;
  readonly algorithm?: Algorithm;
  /** Epoch milliseconds (default now). */
  readonly now?: number;
}): Record<string, string> {
  const date = new Date(options.now ?? Date.now()).toISOString();
  const canonical = canonicalRequest(options.method, options.path, date, options.keyId);
  return {
    [HEADERS.keyId]: options.keyId,
    [HEADERS.date]: date,
    [HEADERS.signature]: signature(options.secret, options.algorithm ?? 'sha256', canonical),
  };
}
