import type { KeyObject } from 'node:crypto';
import { Strategy as JwtStrategy } from 'passport-jwt';
import type { PluginClock } from '@portico/plugin-sdk';
import type { JwksKeySet } from './jwks-key-set.js';

/** Verified claims of a token. */
export type JwtClaims = Readonly<Record<string, unknown>>;

/** How verification ended: claims, a token the caller must not use (401), or an issuer we cannot reach (500). */
export type JwtCheck =
  | { readonly ok: true; readonly claims: JwtClaims; readonly expiresAt: number }
  | { readonly ok: false; readonly reason: string; readonly unavailable?: boolean };

interface StrategyInput {
  readonly token: string;
  readonly key: KeyObject;
}

/** What passport-jwt's strategy calls back with; set per run on a child object of the shared strategy. */
interface StrategyRun {
  success(user: unknown): void;
  fail(info: unknown): void;
  error(error: unknown): void;
  authenticate(request: StrategyInput, options: object): void;
}

const MAX_TOKEN_LENGTH = 16_384;

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export interface JwtVerifierOptions {
  /** Accepted issuers and the key set of each. */
  readonly keySets: ReadonlyMap<string, JwksKeySet>;
  readonly clock: PluginClock;
  /** Leeway for `exp`/`nbf` in seconds (default 0, as AWS). */
  readonly clockToleranceSeconds?: number;
}

/**
 * Verifies RS256 JWTs with passport-jwt (signature, algorithm allow-list, issuer), against keys imported once per
 * issuer. Expiry and not-before are checked here with the host's clock.
 *
 * Security: the header's `alg` must be exactly RS256 before any key is looked up. `none`, HS256 (a classic
 * attack signs with the RSA public key as an HMAC secret) and anything else are refused; passport-jwt's
 * `algorithms: ['RS256']` refuses them a second time.
 */
export class JwtVerifier {
  private readonly strategy: JwtStrategy;
  private readonly tolerance: number;

  constructor(private readonly options: JwtVerifierOptions) {
    this.tolerance = (options.clockToleranceSeconds ?? 0) * 1000;
    this.strategy = new JwtStrategy(
      {
        jwtFromRequest: (request: StrategyInput) => request.token,
        // passport-jwt passes the key straight to jsonwebtoken, which accepts a KeyObject (typed as string|Buffer).
        secretOrKeyProvider: (request: StrategyInput, _raw: unknown, done: (error: unknown, key?: string | Buffer) => void) =>
          done(null, request.key as unknown as Buffer),
        issuer: [...options.keySets.keys()],
        algorithms: ['RS256'],
        ignoreExpiration: true,
        jsonWebTokenOptions: { ignoreNotBefore: true },
      },
      (payload: unknown, done: (error: unknown, user?: unknown) => void) => done(null, payload),
    );
  }

  async verify(token: string): Promise<JwtCheck> {
    if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'token too long' };
    const parts = token.split('.');
    if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part))) return { ok: false, reason: 'not a JWS compact token' };
    const header = decodeSegment(parts[0]);
    const payload = decodeSegment(parts[1]);
    if (!header || !payload) return { ok: false, reason: 'undecodable token' };
    if (header.alg !== 'RS256') return { ok: false, reason: `algorithm ${JSON.stringify(header.alg)} refused` };
    if (typeof header.kid !== 'string') return { ok: false, reason: 'token has no kid' };
    if (parts[2] === '') return { ok: false, reason: 'token is unsigned' };
    const keySet = typeof payload.iss === 'string' ? this.options.keySets.get(payload.iss) : undefined;
    if (!keySet) return { ok: false, reason: `issuer ${JSON.stringify(payload.iss)} not accepted` };

    const lookup = await keySet.lookup(header.kid);
    if (lookup.kind === 'unavailable') return { ok: false, reason: `signing keys unavailable: ${lookup.reason}`, unavailable: true };
    if (lookup.kind === 'unknown-kid') return { ok: false, reason: `unknown kid ${header.kid}` };

    const verified = await this.runStrategy({ token, key: lookup.key });
    if (!verified.ok) return verified;
    const claims = verified.claims;
    const now = this.options.clock.now();
    if (typeof claims.exp !== 'number') return { ok: false, reason: 'token has no exp' };
    const expiresAt = claims.exp * 1000;
    if (now >= expiresAt + this.tolerance) return { ok: false, reason: 'token expired' };
    if (typeof claims.nbf === 'number' && now + this.tolerance < claims.nbf * 1000) return { ok: false, reason: 'token not yet valid' };
    return { ok: true, claims, expiresAt };
  }

  private runStrategy(input: StrategyInput): Promise<{ ok: true; claims: JwtClaims } | { ok: false; reason: string }> {
    return new Promise((resolve) => {
      // passport's own pattern: a per-request child of the configured strategy carries the callbacks.
      const run = Object.create(this.strategy) as StrategyRun;
      const reason = (value: unknown): string => (value instanceof Error ? value.message : String(value));
      run.success = (user) => resolve({ ok: true, claims: user as JwtClaims });
      run.fail = (info) => resolve({ ok: false, reason: reason(info) });
      run.error = (error) => resolve({ ok: false, reason: reason(error) });
      try {
        run.authenticate(input, {});
      } catch (error) {
        resolve({ ok: false, reason: reason(error) });
      }
    });
  }
}
