import { JwksRegistry } from '@portico/engine-authorizers';

/** OIDC discovery and JWKS fetches each wait at most this long (AWS: 1,500 ms, spec §0). */
export const JWKS_FETCH_TIMEOUT_MS = 1500;

export interface HttpApiJwksOptions {
  readonly fetchTimeoutMs?: number;
  /** How long fetched keys are trusted before a refetch; default 10 minutes. */
  readonly cacheMaxAgeMs?: number;
  /** Minimum time between refetches caused by an unknown `kid` (key rotation); default 30 s. */
  readonly cooldownMs?: number;
}

/**
 * The key sets of HTTP APIs' JWT issuers: the engine's JWKS registry (the one the REST Cognito authorizer uses
 * too) with HTTP APIs' settings — AWS's 1.5 s fetch bound, keys refetched after 10 minutes and on an unknown `kid`
 * (at most once per cooldown). One per process, shared by every config revision, so that a swap refetches nothing.
 * An issuer's `jwks_uri` comes from its OIDC discovery document (`{issuer}/.well-known/openid-configuration`);
 * issuers over plain http are accepted for a local identity provider, as the REST Cognito authorizer allows.
 */
export function createJwksRegistry(options: HttpApiJwksOptions = {}): JwksRegistry {
  return new JwksRegistry({
    fetchTimeoutMs: options.fetchTimeoutMs ?? JWKS_FETCH_TIMEOUT_MS,
    maxAgeMs: options.cacheMaxAgeMs ?? 600_000,
    minRefreshIntervalMs: options.cooldownMs ?? 30_000,
  });
}
