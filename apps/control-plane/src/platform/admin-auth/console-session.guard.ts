import { Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { AwsError, isAwsError } from '../../common/aws-error.js';
import type { AdminPrincipal } from './admin-principal.js';
import { CONSOLE_SESSION_STRATEGY } from './console-session.strategy.js';

/**
 * Nest's passport guard for console session tokens, with AWS's answers instead of Nest's 401: an expired token
 * gets `ExpiredTokenException`, anything else that does not verify `UnrecognizedClientException` (both 403, as API
 * Gateway answers a bad security token).
 */
@Injectable()
export class ConsoleSessionGuard extends AuthGuard(CONSOLE_SESSION_STRATEGY) {
  override handleRequest<T = AdminPrincipal>(error: unknown, principal: T | false, info: unknown, _context: ExecutionContext): T {
    if (isAwsError(error)) throw error;
    if (error) throw error;
    if (principal) return principal;
    if (info instanceof Error && info.name === 'TokenExpiredError') throw new AwsError(403, 'ExpiredTokenException', 'The security token included in the request is expired');
    throw new AwsError(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
}
