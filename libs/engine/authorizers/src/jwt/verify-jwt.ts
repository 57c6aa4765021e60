import { errors, jwtVerify, type JWTHeaderParameters, type JWTPayload } from 'jose';
import type { PluginClock } from '@portico/plugin-sdk';
import type { JwksKeySet, JwtKey } from './jwks-key-set.js';

/** Verified claims of a token. */
export type JwtClaims = Readonly<Record<string, unknown>>;

/** Why a token was refused, for the caller's own wording (HTTP APIs' `error_description`, the REST deny reason). */
export type JwtRefusal = 'malformed' | 'algorithm' | 'issuer' | 'unknown-key' | 'signature' | 'expired' | 'not-yet-valid' | 'claim' | 'unavailable';

/** How verification ended: claims, a token the caller must not use, or an issuer whose keys cannot be had. */
export type JwtCheck =
  | { readonly ok: true; readonly claims: JwtClaims; readonly expiresAt: number }
  | { readonly ok: false; readonly refusal: JwtRefusal; readonly reason: string; readonly unavailable?: boolean };

export interface JwtVerifierOptions {
  /** Accepted issuers (the exact `iss`) and the key set of each. */
  readonly keySets: ReadonlyMap<string, JwksKeySet>;
  readonly clock: PluginClock;
  /** Accepted `alg` values; default RS256 only. */
  readonly algorithms?: readonly string[];
  /** Leeway for `exp`/`nbf` in seconds (default 0, as AWS). */
  readonly clockToleranceSeconds?: number;
}

const MAX_TOKEN_LENGTH = 16_384;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A key set that could not be fetched, carried out of jose's key callback. */
class KeysUnavailable extends Error {}
/** A `kid` the issuer's set does not have, even after a refresh. */
class UnknownKey extends Error {}

const refused = (refusal: JwtRefusal, reason: string): JwtCheck => ({ ok: false, refusal, reason });

function refusalOf(error: unknown): JwtCheck {
  if (error instanceof KeysUnavailable) return { ok: false, refusal: 'unavailable', reason: `signing keys unavailable: ${error.message}`, unavailable: true };
  if (error instanceof UnknownKey) return refused('unknown-key', error.message);
  if (error instanceof errors.JWTExpired) return refused('expired', 'token expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return refused('not-yet-valid', 'token not yet valid');
    if (error.claim === 'iss') return refused('issuer', 'issuer not accepted');
    return refused('claim', `invalid ${error.claim} claim`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return refused('algorithm', 'algorithm refused');
  if (error instanceof errors.JWSSignatureVerificationFailed) return refused('signature', 'signature invalid');
  if (error instanceof errors.JWKSNoMatchingKey) return refused('unknown-key', 'no matching key');
  return refused('malformed', error instanceof Error ? error.message : 'token could not be verified');
}

/**
 * The one JWT verifier (jose), used by the REST Cognito authorizer and by HTTP APIs' JWT authorizers: structure,
 * algorithm allow-list, issuer among the accepted ones, key from that issuer's set by `kid`, signature, `exp`
 * (required) and `nbf` on the given clock. Audience, token use and scopes are each authorizer's own rules.
 *
 * Security: the header's `alg` must be one of `algorithms` (RSA only) before any key is looked up: `none`, HS256
 * (a classic attack signs with the RSA public key as an HMAC secret) and anything else are refused; jose's
 * `algorithms` refuses them a second time, and its local key set only hands out keys of the header's `alg` family.
 */
export class JwtVerifier {
  private readonly algorithms: string[];
  private readonly tolerance: number;
  private readonly issuers: string[];

  constructor(private readonly options: JwtVerifierOptions) {
    this.algorithms = [...(options.algorithms ?? ['RS256'])];
    this.tolerance = options.clockToleranceSeconds ?? 0;
    this.issuers = [...options.keySets.keys()];
  }

  async verify(token: string): Promise<JwtCheck> {
    if (token.length > MAX_TOKEN_LENGTH) return refused('malformed', 'token too long');
    if (!COMPACT_JWS.test(token)) return refused('malformed', 'not a JWS compact token');
    const dot = token.indexOf('.');
    const header = decodeSegment(token.slice(0, dot));
    const payload = decodeSegment(token.slice(dot + 1, token.indexOf('.', dot + 1)));
    if (!header || !payload) return refused('malformed', 'undecodable token');
    if (typeof header.alg !== 'string' || !this.algorithms.includes(header.alg)) return refused('algorithm', `algorithm ${JSON.stringify(header.alg)} refused`);
    if (token.endsWith('.')) return refused('malformed', 'token is unsigned');
    const keySet = typeof payload.iss === 'string' ? this.options.keySets.get(payload.iss) : undefined;
    if (!keySet) return refused('issuer', `issuer ${JSON.stringify(payload.iss)} not accepted`);
    try {
      const { payload: claims } = await jwtVerify(token, (protectedHeader: JWTHeaderParameters) => keyFor(keySet, protectedHeader), {
        algorithms: this.algorithms,
        issuer: this.issuers,
        currentDate: new Date(this.options.clock.now()),
        clockTolerance: this.tolerance,
        requiredClaims: ['exp'],
      });
      return { ok: true, claims: claims as JwtClaims & JWTPayload, expiresAt: (claims.exp as number) * 1000 };
    } catch (error) {
      return refusalOf(error);
    }
  }
}

async function keyFor(keySet: JwksKeySet, header: JWTHeaderParameters): Promise<JwtKey> {
  const lookup = await keySet.lookup(header);
  if (lookup.kind === 'key') return lookup.key;
  if (lookup.kind === 'unavailable') throw new KeysUnavailable(lookup.reason);
  throw new UnknownKey(`unknown kid ${header.kid === undefined ? '(none)' : header.kid}`);
}
