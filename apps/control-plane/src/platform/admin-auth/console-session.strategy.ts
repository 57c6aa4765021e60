import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AwsError } from '../../common/aws-error.js';
import type { AdminPrincipal } from './admin-principal.js';
import { ConsoleSessionsService, type ConsoleSessionClaims } from './console-sessions.service.js';

export const CONSOLE_SESSION_STRATEGY = 'console-session';

/**
 * `Authorization: Bearer <console session token>` through passport-jwt: HS256 only, the key chosen by the token's
 * `kid` among the derived keys still valid, `exp` enforced by jsonwebtoken; then the session row must be open.
 * Security: `algorithms` is pinned so that a token cannot pick `none` or another algorithm.
 */
@Injectable()
export class ConsoleSessionStrategy extends PassportStrategy(Strategy, CONSOLE_SESSION_STRATEGY) {
  constructor(private readonly sessions: ConsoleSessionsService) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      algorithms: ['HS256'],
      ignoreExpiration: false,
      secretOrKeyProvider: (_request: unknown, rawJwtToken: string, done: (error: Error | null, key?: Buffer) => void) => {
        const kid = headerKid(rawJwtToken);
        const key = sessions.keys.verifying(kid, Date.now());
        if (!key) done(new AwsError(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.'));
        else done(null, key);
      },
    });
  }

  async validate(claims: ConsoleSessionClaims): Promise<AdminPrincipal> {
    const principal = await this.sessions.principalFor(claims);
    if (!principal) throw new AwsError(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    return principal;
  }
}

function headerKid(token: string): unknown {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid?: unknown };
    return header.kid;
  } catch {
    return undefined;
  }
}
