import { effectiveLimit, type PeriodClock } from './quota-period.js';
import type { QuotaUse, ThrottleRequest, UsageUse } from './types.js';

/** Day counters outlive their day so that the control plane can persist them to PostgreSQL at leisure. */
export const USAGE_TTL_SECONDS = 35 * 24 * 3600;
const PERIOD_MARGIN_SECONDS = 3600;

/** The request's quota counter for the period `nowMs` falls in, with that period's effective limit. */
export function resolveQuota(request: ThrottleRequest, clock: PeriodClock, nowMs: number): QuotaUse | undefined {
  const quota = request.quota;
  if (!quota) return undefined;
  const period = clock.period(quota.period, nowMs);
  return {
    key: `${quota.key}:${period.label}`,
    limit: effectiveLimit(quota, period.start),
    ttlSeconds: Math.ceil((period.end - nowMs) / 1000) + PERIOD_MARGIN_SECONDS,
  };
}

/** The request's usage counter for today (UTC). */
export function resolveUsage(request: ThrottleRequest, clock: PeriodClock, nowMs: number): UsageUse | undefined {
  const base = request.quota?.usageKey ?? request.usageKey;
  if (base === undefined) return undefined;
  return { key: `${base}:${clock.day(nowMs).label}`, ttlSeconds: USAGE_TTL_SECONDS };
}
