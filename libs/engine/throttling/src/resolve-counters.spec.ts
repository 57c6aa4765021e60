import { PeriodClock } from './quota-period.js';
import { resolveQuota, resolveUsage, USAGE_TTL_SECONDS } from './resolve-counters.js';
import type { ThrottleRequest } from './types.js';

const at = (iso: string): number => Date.parse(iso);

describe('resolveQuota / resolveUsage', () => {
  const request: ThrottleRequest = {
    id: 'k:plan:key',
    buckets: [],
    quota: { key: 'q:plan:key', usageKey: 'u:plan:key', limit: 100, offset: 30, period: 'MONTH', firstPeriodStartMs: at('2026-11-15T08:00:00Z') },
  };

  it('names the counters of the current period and day, and moves on when they change', () => {
    const clock = new PeriodClock();
    const now = at('2026-11-24T10:00:00Z');
    expect(resolveQuota(request, clock, now)).toEqual({ key: 'q:plan:key:2026-11-01', limit: 70, ttlSeconds: 6 * 86_400 + 14 * 3_600 + 3_600 });
    expect(resolveUsage(request, clock, now)).toEqual({ key: 'u:plan:key:2026-11-24', ttlSeconds: USAGE_TTL_SECONDS });
    // Later the same day: the period's counter lives one second less, the day's counter is the same one.
    const later = now + 1_000;
    expect(resolveQuota(request, clock, later)?.ttlSeconds).toBe(6 * 86_400 + 14 * 3_600 + 3_600 - 1);
    expect(resolveUsage(request, clock, later)).toBe(resolveUsage(request, clock, now));
    const december = at('2026-12-01T00:00:01Z');
    expect(resolveQuota(request, clock, december)).toMatchObject({ key: 'q:plan:key:2026-12-01', limit: 100 });
    expect(resolveUsage(request, clock, december)?.key).toBe('u:plan:key:2026-12-01');
  });

  it('has no counters for a request without quota or usage key', () => {
    const clock = new PeriodClock();
    expect(resolveQuota({ id: 'm', buckets: [] }, clock, 0)).toBeUndefined();
    expect(resolveUsage({ id: 'm', buckets: [] }, clock, 0)).toBeUndefined();
  });
});
