import { effectiveLimit, type PeriodClock } from './quota-period.js';
import type { QuotaUse, ThrottleRequest, UsageUse } from './types.js';

/** Day counters outlive their day so that the control plane can persist them to PostgreSQL at leisure. */
export const USAGE_TTL_SECONDS = 35 * 24 * 3600;
const PERIOD_MARGIN_SECONDS = 3600;

// Per request definition (compiled once per config), the counter keys of the current period and day: building
// and hashing fresh key strings on every decision is most of what an in-process decision costs.
interface ResolvedQuota {
  readonly label: string;
  readonly key: string;
  readonly limit: number;
  readonly end: number;
}
const quotas = new WeakMap<ThrottleRequest, ResolvedQuota>();
const usages = new WeakMap<ThrottleRequest, { readonly label: string; readonly use: UsageUse }>();

/** The request's quota counter for the period `nowMs` falls in, with that period's effective limit. */
export function resolveQuota(request: ThrottleRequest, clock: PeriodClock, nowMs: number): QuotaUse | undefined {
  const quota = request.quota;
  if (!quota) return undefined;
  const period = clock.period(quota.period, nowMs);
  let resolved = quotas.get(request);
  if (resolved?.label !== period.label) {
    resolved = { label: period.label, key: `${quota.key}:${period.label}`, limit: effectiveLimit(quota, period.start), end: period.end };
    quotas.set(request, resolved);
  }
  return { key: resolved.key, limit: resolved.limit, ttlSeconds: Math.ceil((resolved.end - nowMs) / 1000) + PERIOD_MARGIN_SECONDS };
}

/** The request's usage counter for today (UTC). */
export function resolveUsage(request: ThrottleRequest, clock: PeriodClock, nowMs: number): UsageUse | undefined {
  const base = request.quota?.usageKey ?? request.usageKey;
  if (base === undefined) return undefined;
  const label = clock.day(nowMs).label;
  let resolved = usages.get(request);
  if (resolved?.label !== label) {
    resolved = { label, use: { key: `${base}:${label}`, ttlSeconds: USAGE_TTL_SECONDS } };
    usages.set(request, resolved);
  }
  return resolved.use;
}
