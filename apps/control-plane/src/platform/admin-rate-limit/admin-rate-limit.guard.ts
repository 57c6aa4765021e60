import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { AwsError } from '../../common/aws-error.js';

const UNLIMITED_PREFIXES = ['/health/', '/internal/'];

interface AdminRequestView {
  url: string;
  ip?: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * @nestjs/throttler's guard, shaped for the admin API: requests are counted per credential (the access key id a
 * request is signed with; an unsigned request by client address) across every route, health and the data planes'
 * config route are not counted, and a credential over its limit gets AWS's 429 TooManyRequestsException with
 * Retry-After (no X-RateLimit headers: AWS's control plane sends none), blocked for one window.
 */
@Injectable()
export class AdminRateLimitGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const { url } = context.switchToHttp().getRequest<AdminRequestView>();
    return UNLIMITED_PREFIXES.some((prefix) => url.startsWith(prefix));
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const reply = context.switchToHttp().getResponse<{ header(name: string, value: string): void }>();
    reply.header('Retry-After', String(Math.max(1, detail.timeToBlockExpire || detail.timeToExpire)));
    throw new AwsError(429, 'TooManyRequestsException', 'Too Many Requests');
  }
}

/** Whom a request is counted against: its SigV4 credential's access key id, else its client address. */
export function trackerOf(req: AdminRequestView): string {
  const authorization = req.headers.authorization;
  const fromHeader = /Credential=([^/,\s]+)\//.exec(typeof authorization === 'string' ? authorization : '')?.[1];
  const fromQuery = /[?&]X-Amz-Credential=([^%/&]+)/.exec(req.url)?.[1];
  return fromHeader ?? fromQuery ?? `ip:${req.ip ?? ''}`;
}
