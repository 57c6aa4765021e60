import { JwtVerifier, VerifiedTokenCache, type JwksRegistry, type JwtClaims, type JwtRefusal } from '@portico/engine-authorizers';

/** AWS accepts only RSA-signed tokens (spec §8.1). */
const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];

export type JwtOutcome =
  | { readonly ok: true; readonly claims: Readonly<Record<string, string>>; readonly scopes: readonly string[] | null; readonly principalId: string }
  | { readonly ok: false; readonly status: 401 | 403; readonly wwwAuthenticate: string; readonly reason: string };

export interface JwtAuthorizerConfig {
  readonly issuer: string;
  readonly audience: readonly string[];
}

/** A verified token as integrations see it, derived once when it is verified. */
export interface VerifiedToken {
  readonly claims: Readonly<Record<string, string>>;
  readonly scopes: readonly string[];
  readonly principalId: string;
  readonly expiresAt: number;
}

/** The process's verified HTTP API tokens (the engine's cache, shared with nothing else). */
export type VerifiedTokens = VerifiedTokenCache<VerifiedToken>;
export const createVerifiedTokenCache = (): VerifiedTokens => new VerifiedTokenCache<VerifiedToken>();

function bearerToken(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  // The identity source holds the bare token or `Bearer <token>` (spec §8.1).
  const token = /^bearer\s+/i.test(trimmed) ? trimmed.replace(/^bearer\s+/i, '') : trimmed;
  return token === '' ? undefined : token;
}

function stringClaims(payload: JwtClaims): Record<string, string> {
  // Claims reach integrations as strings (`"exp":"1787996002"`, spec §6.1).
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    out[name] = typeof value === 'string' ? value : Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}

function tokenScopes(payload: JwtClaims): string[] {
  if (typeof payload.scope === 'string') return payload.scope.split(' ').filter(Boolean);
  if (Array.isArray(payload.scp)) return payload.scp.filter((s): s is string => typeof s === 'string');
  if (typeof payload.scp === 'string') return payload.scp.split(' ').filter(Boolean);
  return [];
}

const unauthorized = (description: string): JwtOutcome => ({
  ok: false,
  status: 401,
  wwwAuthenticate: `Bearer scope="" error="invalid_token" error_description="${description}"`,
  reason: description,
});

/** `error_description` of each refusal (spec §8.1). */
function describe(refusal: JwtRefusal, reason: string): string {
  switch (refusal) {
    case 'expired':
      return 'the token has expired';
    case 'not-yet-valid':
      return 'the token is not valid yet';
    case 'issuer':
      return 'the token does not have a valid issuer';
    case 'claim':
      return `the token has an ${reason}`;
    case 'unknown-key':
      return 'the token is signed by an unknown key';
    case 'algorithm':
      return 'the token is not signed with an RSA algorithm';
    case 'signature':
      return 'the token signature is invalid';
    case 'malformed':
      return 'the token is malformed';
    case 'unavailable':
      return 'the signing keys of the issuer could not be fetched';
  }
}

/**
 * A JWT authorizer (spec §8.1), checks in AWS's order: decode → keys from the issuer's JWKS (OIDC discovery) →
 * RSA only, `kid` in the set, signature → `iss` → `aud` or `client_id` in `audience` → `exp`, `nbf`, `iat` →
 * the route's `authorizationScopes` against `scope`/`scp`. A verified token is cached (bounded) until it expires,
 * so a repeated token costs no signature check; scopes are per route and checked every time.
 * Any failure is 401 with `www-authenticate`; a valid token without a required scope is 403 `insufficient_scope` [I].
 */
export class JwtAuthorizer {
  private readonly cachePrefix: string;
  private readonly verifier: JwtVerifier;

  constructor(
    private readonly config: JwtAuthorizerConfig,
    registry: JwksRegistry,
    private readonly cache: VerifiedTokens,
    private readonly now: () => number = Date.now,
  ) {
    // Verification depends on issuer and audience only: authorizers that share both share verified tokens.
    this.cachePrefix = `${config.issuer}\n${config.audience.join(',')}`;
    // The engine's verifier (the REST Cognito authorizer's too), on the issuer's shared key set.
    this.verifier = new JwtVerifier({ keySets: new Map([[config.issuer, registry.oidcIssuer(config.issuer)]]), clock: { now }, algorithms: RSA_ALGORITHMS });
  }

  async authorize(identity: string | undefined, requiredScopes: readonly string[] | undefined): Promise<JwtOutcome> {
    const token = bearerToken(identity);
    if (token === undefined) return unauthorized('the token is missing');
    const now = this.now();
    let verified = this.cache.get(this.cachePrefix, token, now);
    if (!verified) {
      const result = await this.verify(token, now);
      if (!result.ok) return result.outcome;
      const payload = result.payload;
      verified = { claims: stringClaims(payload), scopes: tokenScopes(payload), principalId: typeof payload.sub === 'string' ? payload.sub : '', expiresAt: (payload.exp as number) * 1000 };
      this.cache.set(this.cachePrefix, token, verified);
    }
    const scopes = verified.scopes;
    if (requiredScopes && requiredScopes.length > 0 && !requiredScopes.some((s) => scopes.includes(s))) {
      return {
        ok: false,
        status: 403,
        wwwAuthenticate: `Bearer scope="${requiredScopes.join(' ')}" error="insufficient_scope" error_description="the token does not have the required scope"`,
        reason: 'insufficient scope',
      };
    }
    return {
      ok: true,
      claims: verified.claims,
      // `scopes` is null when the route requires none (spec §6.1).
      scopes: requiredScopes && requiredScopes.length > 0 ? scopes : null,
      principalId: verified.principalId,
    };
  }

  private async verify(token: string, now: number): Promise<{ ok: true; payload: JwtClaims } | { ok: false; outcome: JwtOutcome }> {
    const check = await this.verifier.verify(token);
    if (!check.ok) return { ok: false, outcome: unauthorized(describe(check.refusal, check.reason)) };
    const payload = check.claims;
    const audiences = typeof payload.aud === 'string' ? [payload.aud] : Array.isArray(payload.aud) ? (payload.aud as unknown[]) : [];
    const clientId = typeof payload.client_id === 'string' ? payload.client_id : undefined;
    if (this.config.audience.length > 0 && !audiences.some((a) => typeof a === 'string' && this.config.audience.includes(a)) && !(clientId && this.config.audience.includes(clientId))) {
      return { ok: false, outcome: unauthorized('the token does not have a valid audience') };
    }
    if (typeof payload.iat === 'number' && payload.iat * 1000 > now) return { ok: false, outcome: unauthorized('the token was issued in the future') };
    return { ok: true, payload };
  }
}
