import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { PluginClock, PluginHttpClient, PluginLogger } from '@portico/plugin-sdk';

/** How a key lookup ended. `unavailable`: the key set could never be fetched (the identity provider is down). */
export type KeyLookup = { readonly kind: 'key'; readonly key: KeyObject } | { readonly kind: 'unknown-kid' } | { readonly kind: 'unavailable'; readonly reason: string };

export interface JwksKeySetOptions {
  /** The JWKS URL, or a function finding it (OIDC discovery); called on each refresh until it succeeds. */
  readonly jwksUri: () => Promise<string>;
  readonly http: PluginHttpClient;
  readonly clock: PluginClock;
  readonly logger: PluginLogger;
  /** An unknown `kid` refreshes the set at most this often (default 30 s): forged kids cannot make us hammer the issuer. */
  readonly minRefreshIntervalMs?: number;
  /** Per-fetch bound (default 5 s). */
  readonly fetchTimeoutMs?: number;
}

/**
 * One issuer's signing keys, imported once into `KeyObject`s (an RS256 verify with a cached key costs 22 µs, with
 * a JWK import 34 µs, with a PEM parse 137 µs: notes/performance.md). Fetched on load and refreshed only when a
 * token names a `kid` the set lacks, rate-limited and single-flight; never per request.
 */
export class JwksKeySet {
  private keys = new Map<string, KeyObject>();
  private loaded = false;
  private lastAttempt = Number.NEGATIVE_INFINITY;
  private lastError = 'not fetched yet';
  private inflight: Promise<void> | undefined;
  private readonly minRefreshIntervalMs: number;

  constructor(private readonly options: JwksKeySetOptions) {
    this.minRefreshIntervalMs = options.minRefreshIntervalMs ?? 30_000;
  }

  /** Fetches the set now (used when an authorizer is created, so the first request does not wait). */
  refresh(): Promise<void> {
    this.inflight ??= this.fetch().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Finds the key for `kid`, refreshing the set once if the kid is new and the rate limit allows. */
  async lookup(kid: string): Promise<KeyLookup> {
    const key = this.keys.get(kid);
    if (key) return { kind: 'key', key };
    // A set that never loaded (issuer down) is retried sooner than a loaded one is refreshed for a new kid.
    const interval = this.loaded ? this.minRefreshIntervalMs : Math.min(this.minRefreshIntervalMs, 5000);
    if (this.inflight) await this.inflight;
    else if (this.options.clock.now() - this.lastAttempt >= interval) await this.refresh();
    const refreshed = this.keys.get(kid);
    if (refreshed) return { kind: 'key', key: refreshed };
    return this.loaded ? { kind: 'unknown-kid' } : { kind: 'unavailable', reason: this.lastError };
  }

  private async fetch(): Promise<void> {
    this.lastAttempt = this.options.clock.now();
    try {
      const uri = await this.options.jwksUri();
      const response = await this.options.http.request(uri, { timeoutMs: this.options.fetchTimeoutMs ?? 5000, headers: { accept: 'application/json' } });
      if (response.status !== 200) throw new Error(`JWKS ${uri} answered ${response.status}`);
      const body = (await response.json()) as { keys?: unknown };
      if (!Array.isArray(body.keys)) throw new Error(`JWKS ${uri} has no keys array`);
      const keys = new Map<string, KeyObject>();
      for (const jwk of body.keys as Array<JsonWebKey & { kid?: unknown; use?: unknown; alg?: unknown }>) {
        // Only RSA signing keys meant for RS256 (or unlabelled) are usable; others are skipped, not fatal.
        if (jwk.kty !== 'RSA' || typeof jwk.kid !== 'string') continue;
        if (jwk.use !== undefined && jwk.use !== 'sig') continue;
        if (jwk.alg !== undefined && jwk.alg !== 'RS256') continue;
        try {
          keys.set(jwk.kid, createPublicKey({ key: jwk, format: 'jwk' }));
        } catch {
          this.options.logger.warn('JWKS key skipped: not a valid RSA public key', { kid: jwk.kid });
        }
      }
      this.keys = keys;
      this.loaded = true;
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      this.options.logger.warn('JWKS fetch failed', { error: this.lastError });
    }
  }
}
