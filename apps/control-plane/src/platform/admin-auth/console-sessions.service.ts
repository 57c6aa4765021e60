import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AdminError, badRequest } from '@portico/contracts';
import type { Database } from '@portico/db';
import { CONTROL_PLANE_CONFIG, DATABASE } from '../../common/tokens.js';
import type { ControlPlaneConfig } from '../../config.js';
import { QueryAuthenticator } from '../../iam/query-authenticator.js';
import { SecretBox, DEVELOPMENT_MASTER_KEY } from '../../iam/secret-box.js';
import type { AdminPrincipal } from './admin-principal.js';
import { ConsoleSessionKeys } from './console-session-keys.js';
import type { ConsoleSessionWire } from '@portico/admin-wire';

// The wire shapes live in @portico/admin-wire, shared with the console so that the two cannot drift.
export type { ConsoleSessionWire };

/** What a console session token says (JWT claims): who, which key signed them in, until when. No secret. */
export interface ConsoleSessionClaims {
  /** The principal's ARN. */
  sub: string;
  /** The session id (ConsoleSession row). */
  jti: string;
  /** The access key the session was opened with: its principal, policies and status are looked up per call. */
  akid: string;
  iat: number;
  exp: number;
}

const INVALID_KEY = 'The security token included in the request is invalid.';

const base64url = (value: Buffer | string): string => Buffer.from(value).toString('base64url');

/**
 * Console sign-in: an access key pair (an IAM user's, an account root's, the bootstrap admin's, or an STS session's
 * with its token) is exchanged for a short-lived session token, so the browser keeps no long-term secret. Each
 * session is a row; sign-out revokes it and expiry ends it. Security: the secret is compared in constant time and
 * never stored in the session or the token.
 */
@Injectable()
export class ConsoleSessionsService {
  readonly keys: ConsoleSessionKeys;
  private readonly authenticator: QueryAuthenticator;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {
    this.keys = new ConsoleSessionKeys(config.masterKey ?? DEVELOPMENT_MASTER_KEY);
    this.authenticator = new QueryAuthenticator(config, db.prisma, new SecretBox(config.masterKey));
  }

  get ttlSeconds(): number {
    return this.config.consoleSessionTtlSeconds ?? 3600;
  }

  async signIn(body: unknown, now = Date.now()): Promise<ConsoleSessionWire> {
    const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const { accessKeyId, secretAccessKey, sessionToken } = input;
    if (typeof accessKeyId !== 'string' || accessKeyId === '' || typeof secretAccessKey !== 'string' || secretAccessKey === '') {
      throw badRequest('accessKeyId and secretAccessKey are required');
    }
    if (sessionToken !== undefined && typeof sessionToken !== 'string') throw badRequest('sessionToken must be a string');
    const resolved = accessKeyId.length <= 128 ? await this.authenticator.resolveKey(accessKeyId) : undefined;
    if (!resolved || !('secretAccessKey' in resolved.credential) || !sameSecret(resolved.credential.secretAccessKey, secretAccessKey)) throw new AdminError('UnrecognizedClientException', INVALID_KEY);
    if ((resolved.credential.sessionToken ?? '') !== (sessionToken ?? '')) throw new AdminError('UnrecognizedClientException', INVALID_KEY);
    let expiresAt = now + this.ttlSeconds * 1000;
    if (resolved.expiration) {
      if (resolved.expiration.getTime() <= now) throw new AdminError('UnrecognizedClientException', 'The security token included in the request is expired');
      // A session opened with temporary credentials never outlives them.
      expiresAt = Math.min(expiresAt, resolved.expiration.getTime());
    }
    const jti = randomBytes(16).toString('hex');
    const caller = resolved.caller;
    await this.db.prisma.consoleSession.create({
      data: { id: jti, accountId: caller.accountId, accessKeyId, principalArn: caller.caller.arn, createdDate: new Date(now), expiresAt: new Date(expiresAt) },
    });
    // Ended sessions are kept a day for the record, then dropped here (sign-in is rare enough to carry the sweep).
    await this.db.prisma.consoleSession.deleteMany({ where: { expiresAt: { lt: new Date(now - 86_400_000) } } });
    const claims: ConsoleSessionClaims = { sub: caller.caller.arn, jti, akid: accessKeyId, iat: Math.floor(now / 1000), exp: Math.floor(expiresAt / 1000) };
    return { token: this.sign(claims, now), expiresAt: claims.exp, principal: { arn: caller.caller.arn, type: caller.caller.type, accountId: caller.accountId } };
  }

  /** Called by the passport strategy once the signature and `exp` checked out: the session must still be open. */
  async principalFor(claims: ConsoleSessionClaims, now = Date.now()): Promise<AdminPrincipal | undefined> {
    if (typeof claims.jti !== 'string' || typeof claims.akid !== 'string') return undefined;
    const session = await this.db.prisma.consoleSession.findUnique({ where: { id: claims.jti } });
    if (!session || session.revokedAt !== null || session.expiresAt.getTime() <= now || session.accessKeyId !== claims.akid) return undefined;
    // The key is resolved again on every call: a key deactivated or a user deleted ends the session at once.
    const resolved = await this.authenticator.resolveKey(claims.akid);
    if (!resolved || resolved.caller.caller.arn !== session.principalArn) return undefined;
    return { ...resolved.caller, sessionId: session.id };
  }

  async signOut(sessionId: string, now = Date.now()): Promise<void> {
    await this.db.prisma.consoleSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date(now) } });
  }

  /** HS256 with the current period's derived key; `kid` tells the verifier which period's key to derive. */
  private sign(claims: ConsoleSessionClaims, now: number): string {
    const { kid, key } = this.keys.current(now);
    const signingInput = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid }))}.${base64url(JSON.stringify(claims))}`;
    return `${signingInput}.${createHmac('sha256', key).update(signingInput).digest('base64url')}`;
  }
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
