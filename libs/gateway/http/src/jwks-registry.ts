import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';

/** OIDC discovery and JWKS fetches each wait at most this long (AWS: 1,500 ms, spec §0). */
export const JWKS_FETCH_TIMEOUT_MS = 1500;

export interface JwksRegistryOptions {
  readonly fetchTimeoutMs?: number;
  /** How long fetched keys are trusted before a refetch (jose `cacheMaxAge`); default 10 minutes. */
  readonly cacheMaxAgeMs?: number;
  /** Minimum time between refetches caused by an unknown `kid` (key rotation; jose `cooldownDuration`); default 30 s. */
  readonly cooldownMs?: number;
}

/**
 * The key sets of JWT issuers, shared by every config revision of the process so that a config swap refetches
 * nothing. An issuer's `jwks_uri` comes from its OIDC discovery document
 * (`{issuer}/.well-known/openid-configuration`); jose's remote key set caches the keys, and on a `kid` it does not
 * know refetches them (at most once per cooldown), which is how rotated keys are picked up. Issuers over plain
 * http are accepted for a local identity provider, as the REST Cognito authorizer allows.
 */
export class JwksRegistry {
  private readonly byIssuer = new Map<string, Promise<JWTVerifyGetKey>>();

  constructor(private readonly options: JwksRegistryOptions = {}) {}

  /** The key resolver for `issuer`; a failed discovery is forgotten so that the next request retries it. */
  keys(issuer: string): Promise<JWTVerifyGetKey> {
    let pending = this.byIssuer.get(issuer);
    if (!pending) {
      pending = this.discover(issuer);
      this.byIssuer.set(issuer, pending);
      pending.catch(() => this.byIssuer.delete(issuer));
    }
    return pending;
  }

  private async discover(issuer: string): Promise<JWTVerifyGetKey> {
    const timeout = this.options.fetchTimeoutMs ?? JWKS_FETCH_TIMEOUT_MS;
    const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    if (!/^https?:\/\//i.test(url)) throw new Error(`issuer ${issuer} is not an http(s) URL`);
    const response = await fetch(url, { signal: AbortSignal.timeout(timeout), redirect: 'error' });
    if (!response.ok) throw new Error(`OIDC discovery at ${url} answered ${response.status}`);
    const document = (await response.json()) as { jwks_uri?: unknown };
    if (typeof document.jwks_uri !== 'string') throw new Error(`OIDC discovery at ${url} has no jwks_uri`);
    return createRemoteJWKSet(new URL(document.jwks_uri), {
      timeoutDuration: timeout,
      cacheMaxAge: this.options.cacheMaxAgeMs ?? 600_000,
      cooldownDuration: this.options.cooldownMs ?? 30_000,
    });
  }
}
