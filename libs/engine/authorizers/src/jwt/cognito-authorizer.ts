import { allow, defineAuthorizer, deny, fail, schema, type AllowDecision, type ConfigOf } from '@portico/plugin-sdk';
import type { JwksKeySet } from './jwks-key-set.js';
import { JwksRegistry } from './jwks-registry.js';
import { raceSignal } from './race-signal.js';
import { resolveIssuer } from './resolve-issuer.js';
import { VerifiedTokenCache } from './verified-token-cache.js';
import { JwtVerifier, type JwtCheck, type JwtClaims } from './verify-jwt.js';

export const cognitoConfigSchema = schema.object({
  description: 'A COGNITO_USER_POOLS authorizer: JWTs from Cognito user pools or any OIDC issuer',
  properties: {
    providers: schema.array(schema.string({ description: 'A Cognito user pool ARN or an OIDC issuer URL', minLength: 1 }), {
      description: "The authorizer's providerARNs: tokens from any of them are accepted",
      minItems: 1,
      maxItems: 1000,
    }),
    cognitoEndpoint: schema.string({
      description: 'Base URL of a Cognito-compatible identity provider (PORTICO_COGNITO_IDP_ENDPOINT); AWS when unset',
      format: 'uri',
    }),
    identityValidationExpression: schema.string({
      description: "Regular expression the token's audience (app client id) must match",
      format: 'regex',
    }),
    clockToleranceSeconds: schema.integer({ description: 'Leeway for exp and nbf, in seconds', minimum: 0, maximum: 300, default: 0 }),
    jwksRefreshIntervalSeconds: schema.integer({
      description: 'Minimum time between key-set refreshes caused by unknown key ids',
      minimum: 1,
      maximum: 3600,
      default: 30,
    }),
  },
  required: ['providers'],
});
export type CognitoAuthorizerConfig = ConfigOf<typeof cognitoConfigSchema>;

/** An allow that also carries the token's claims and scopes (`requestContext.authorizer.claims`, `$context.authorizer.claims.*`). */
export interface ClaimsAllowDecision extends AllowDecision {
  readonly claims: Readonly<Record<string, string>>;
  readonly scopes?: readonly string[];
}

/** Verified tokens are kept until they expire, at most this long. */
const MAX_VERIFIED_CACHE_MS = 3_600_000;

function bearer(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  // Clients classically send the raw JWT; `Bearer <jwt>` is accepted too.
  const token = /^bearer\s+/i.test(trimmed) ? trimmed.replace(/^bearer\s+/i, '') : trimmed;
  return token === '' ? undefined : token;
}

function stringClaims(claims: JwtClaims): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (value === undefined || value === null) continue;
    out[name] = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}

function tokenScopes(claims: JwtClaims): string[] {
  if (typeof claims.scope === 'string') return claims.scope.split(' ').filter(Boolean);
  if (Array.isArray(claims.scp)) return claims.scp.filter((s): s is string => typeof s === 'string');
  if (typeof claims.scp === 'string') return claims.scp.split(' ').filter(Boolean);
  return [];
}

/**
 * Whether a verified token is an identity (ID) token, the only kind a method without `authorizationScopes`
 * accepts. Cognito says so in `token_use` (`id` or `access`). Tokens of other OpenID Connect issuers (a Portico
 * extension) carry no `token_use`: an OIDC ID token always has `aud` (OIDC Core §2) and no OAuth `scope`/`scp`,
 * which are access-token claims; Keycloak also types its tokens (`typ`: `ID` or `Bearer`).
 */
function isIdentityToken(claims: JwtClaims): boolean {
  if (claims.token_use !== undefined) return claims.token_use === 'id';
  if (claims.aud === undefined || claims.scope !== undefined || claims.scp !== undefined) return false;
  return claims.typ === undefined || claims.typ === 'ID';
}

/**
 * Cognito user pool authorizer (REST `COGNITO_USER_POOLS`, spec §3.5), written on the plugin SDK:
 * - RS256 signature against the issuer's JWKS (imported once; refreshed on an unknown kid, rate-limited),
 *   `iss` one of the providers, `exp`/`nbf`.
 * - Method without `authorizationScopes`: an ID token (`token_use: id`) only, as AWS (which "treats the token as
 *   an ID token" there), its `aud` matched against `identityValidationExpression` when one is set. An access
 *   token is refused even when valid: it proves an OAuth grant, not the caller's identity to this API.
 * - Method with scopes: an access token (`token_use: access`) carrying at least one of them.
 * - Any failure: 401. An identity provider whose keys cannot be fetched: 500 (not the caller's fault).
 */
export const cognitoAuthorizer = defineAuthorizer({
  name: 'cognito-user-pools',
  version: '1.0.0',
  sdk: '^1.0.0',
  description: 'Amazon Cognito user pools and OIDC issuers (RS256 JWTs)',
  configSchema: cognitoConfigSchema,
  create(config, ctx) {
    // The JWKS registry and verifier HTTP APIs' JWT authorizers use too, on this plugin's capabilities.
    const registry = new JwksRegistry({ http: ctx.http, clock: ctx.clock, logger: ctx.logger, minRefreshIntervalMs: config.jwksRefreshIntervalSeconds * 1000 });
    const keySets = new Map<string, JwksKeySet>();
    for (const provider of config.providers) {
      const resolved = resolveIssuer(provider, ctx.http, config.cognitoEndpoint);
      if (!resolved.ok) throw new Error(resolved.reason);
      keySets.set(resolved.source.issuer, registry.keySet(resolved.source));
    }
    const verifier = new JwtVerifier({ keySets, clock: ctx.clock, clockToleranceSeconds: config.clockToleranceSeconds });
    const audience = config.identityValidationExpression === undefined ? undefined : new RegExp(config.identityValidationExpression);
    // Warm the key sets in the background; the first request waits for the same fetch (single flight).
    for (const keySet of keySets.values()) void keySet.refresh();

    // Verified tokens of this instance, looked up by the token itself (no key string built per request).
    const verified = new VerifiedTokenCache<JwtCheck & { ok: true }>();
    const verify = async (token: string, signal: AbortSignal): Promise<JwtCheck> => {
      const cached = verified.get('', token, ctx.clock.now());
      if (cached) return cached;
      const check = await raceSignal(verifier.verify(token), signal);
      if (check.ok) verified.set('', token, { ...check, expiresAt: Math.min(check.expiresAt, ctx.clock.now() + MAX_VERIFIED_CACHE_MS) });
      return check;
    };

    return {
      async authorize(request, authorizeCtx) {
        const token = bearer(request.authorizationToken ?? request.identitySource[0] ?? request.headers.authorization);
        if (!token) return deny(401, 'no token');
        let check: JwtCheck;
        try {
          check = await verify(token, authorizeCtx.signal);
        } catch {
          return fail('deadline passed while fetching signing keys');
        }
        if (!check.ok) return check.unavailable ? fail(check.reason) : deny(401, check.reason);
        const claims = check.claims;
        const tokenUse = claims.token_use;
        const required = request.authorizationScopes ?? [];
        const scopes = tokenScopes(claims);
        if (required.length > 0) {
          if (tokenUse === 'id') return deny(401, 'an ID token cannot satisfy authorization scopes');
          if (!required.some((scope) => scopes.includes(scope))) return deny(401, 'token lacks the required scopes');
        } else if (!isIdentityToken(claims)) {
          // Security: without scopes only identity tokens authorize (AWS); an access token here is a 401.
          return deny(401, tokenUse === undefined ? 'not an identity token' : `token_use ${JSON.stringify(tokenUse)} refused without authorization scopes`);
        }
        // The validation expression applies to ID tokens' audience (spec §3.5); scoped methods take access tokens.
        if (audience && required.length === 0) {
          const aud = claims.aud;
          const values = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
          if (!values.some((value) => audience.test(value))) return deny(401, 'audience does not match identityValidationExpression');
        }
        const decision: ClaimsAllowDecision = {
          ...allow({ principalId: typeof claims.sub === 'string' ? claims.sub : 'anonymous' }),
          claims: stringClaims(claims),
          ...(required.length > 0 ? { scopes } : {}),
        };
        return decision;
      },
    };
  },
});
