import { createLocalJWKSet, type JSONWebKeySet, type JWTHeaderParameters, type JWTVerifyGetKey } from 'jose';
import type { PluginClock, PluginHttpClient, PluginLogger } from '@portico/plugin-sdk';

/** The key a token's header names, as jose's verifier takes it. */
export type JwtKey = Awaited<ReturnType<JWTVerifyGetKey>>;

/** How a key lookup ended. `unavailable`: the key set could never be fetched (the identity provider is down). */
export type KeyLookup = { readonly kind: 'key'; readonly key: JwtKey } | { readonly kind: 'unknown-kid' } | { readonly kind: 'unavailable'; readonly reason: string };

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
  /** Keys older than this are refetched on the next lookup (default: kept until an unknown `kid` refreshes them). */
  readonly maxAgeMs?: number;
}

/**
 * One issuer's signing keys: fetched on load, held in a jose local key set (which picks the key by `kid`, `alg`
 * and `use`, and imports each key once, on first use), refreshed only when a token names a `kid` the set lacks
 * (rate-limited, single-flight) or the keys are older than `maxAgeMs`; never per request. The refresh policy runs on
 * the given clock, so that hosts with a test clock can drive it.
 */
export class JwksKeySet {
  private local: ((header: JWTHeaderParameters) => Promise<JwtKey>) | undefined;
  private loadedAt = Number.NEGATIVE_INFINITY;
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

  /** Finds the key for a token's header, refreshing the set once if its kid is new and the rate limit allows. */
  async lookup(header: JWTHeaderParameters): Promise<KeyLookup> {
    const now = this.options.clock.now();
    if (this.local && this.options.maxAgeMs !== undefined && now - this.loadedAt >= this.options.maxAgeMs && now - this.lastAttempt >= this.minRefreshIntervalMs) await this.refresh();
    const found = await this.find(header);
    if (found) return found;
    // A set that never loaded (issuer down) is retried sooner than a loaded one is refreshed for a new kid.
    const interval = this.local ? this.minRefreshIntervalMs : Math.min(this.minRefreshIntervalMs, 5000);
    if (this.inflight) await this.inflight;
    else if (this.options.clock.now() - this.lastAttempt >= interval) await this.refresh();
    const refreshed = await this.find(header);
    if (refreshed) return refreshed;
    return this.local ? { kind: 'unknown-kid' } : { kind: 'unavailable', reason: this.lastError };
  }

  private async find(header: JWTHeaderParameters): Promise<KeyLookup | undefined> {
    if (!this.local) return undefined;
    try {
      return { kind: 'key', key: await this.local(header) };
    } catch {
      // No key (or more than one) for this kid and alg: unknown to this set as it is now.
      return undefined;
    }
  }

  private async fetch(): Promise<void> {
    this.lastAttempt = this.options.clock.now();
    try {
      const uri = await this.options.jwksUri();
      const response = await this.options.http.request(uri, { timeoutMs: this.options.fetchTimeoutMs ?? 5000, headers: { accept: 'application/json' } });
      if (response.status !== 200) throw new Error(`JWKS ${uri} answered ${response.status}`);
      const body = (await response.json()) as { keys?: unknown };
      if (!Array.isArray(body.keys)) throw new Error(`JWKS ${uri} has no keys array`);
      // Only RSA keys can verify what the authorizers accept; others are skipped, not fatal.
      const keys = (body.keys as Array<Record<string, unknown>>).filter((jwk) => jwk !== null && typeof jwk === 'object' && jwk.kty === 'RSA' && typeof jwk.kid === 'string');
      this.local = createLocalJWKSet({ keys } as unknown as JSONWebKeySet);
      this.loadedAt = this.options.clock.now();
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      this.options.logger.warn('JWKS fetch failed', { error: this.lastError });
    }
  }
}
