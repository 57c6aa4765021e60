import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { AwsError } from '../../common/aws-error.js';
import type { RateLimitStorage } from './admin-rate-limit.storage.js';

export const ADMIN_RATE_LIMIT = Symbol('AdminRateLimit');

export interface AdminRateLimitSettings {
  storage: RateLimitStorage;
  limit: number;
  windowMs: number;
}

const UNLIMITED_PREFIXES = ['/health/', '/internal/'];

/**
 * The admin API's own rate limit, per credential: the access key id a request is signed with (an unsigned
 * request is counted by client address). Over the limit → 429 TooManyRequestsException with Retry-After, as
 * AWS's control plane answers; the credential stays blocked for one window.
 */
@Injectable()
export class AdminRateLimitGuard implements CanActivate {
  constructor(@Inject(ADMIN_RATE_LIMIT) private readonly settings: AdminRateLimitSettings) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<{ url: string; ip?: string; headers: Record<string, string | string[] | undefined> }>();
    if (UNLIMITED_PREFIXES.some((prefix) => req.url.startsWith(prefix))) return true;
    const { storage, limit, windowMs } = this.settings;
    const record = await storage.increment(trackerOf(req), windowMs, limit, windowMs, 'admin');
    if (!record.isBlocked && record.totalHits <= limit) return true;
    const reply = http.getResponse<{ header(name: string, value: string): void }>();
    reply.header('Retry-After', String(Math.max(1, record.timeToBlockExpire || record.timeToExpire)));
    throw new AwsError(429, 'TooManyRequestsException', 'Too Many Requests');
  }
}

function trackerOf(req: { url: string; ip?: string; headers: Record<string, string | string[] | undefined> }): string {
  const authorization = req.headers.authorization;
  const fromHeader = /Credential=([^/,\s]+)\//.exec(typeof authorization === 'string' ? authorization : '')?.[1];
  const fromQuery = /[?&]X-Amz-Credential=([^%/&]+)/.exec(req.url)?.[1];
  return fromHeader ?? fromQuery ?? `ip:${req.ip ?? ''}`;
}
