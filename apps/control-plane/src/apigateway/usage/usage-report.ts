import { effectiveLimit, periodEndMs, periodStartMs, utcDate, type QuotaPeriod } from '@portico/engine-throttling';

const DAY_MS = 24 * 3600 * 1000;

export interface ReportQuota {
  limit: number;
  offset: number;
  period: QuotaPeriod;
  sinceMs: number;
}

/** Where counters come from: a day's admitted requests, and a quota period's count (undefined when unknown). */
export interface CounterSource {
  day(date: string): Promise<number>;
  period(startDate: string): Promise<number | undefined>;
}

export function daysBetween(startDate: string, endDate: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${startDate}T00:00:00Z`); t <= Date.parse(`${endDate}T00:00:00Z`); t += DAY_MS) days.push(utcDate(t));
  return days;
}

/**
 * AWS's `[used, remaining]` per day (spec §1.3). `remaining` is what the quota had left at the end of that day:
 * the period's limit less its count as of that day. The period counter is authoritative (UpdateUsage sets it),
 * so a past day's count is the period counter less what later days of the period used. Without a quota,
 * remaining is reported as 0 [I].
 */
export async function usageValues(days: readonly string[], quota: ReportQuota | undefined, source: CounterSource, nowMs: number): Promise<[number, number][]> {
  const today = utcDate(nowMs);
  const dayCache = new Map<string, Promise<number>>();
  const dayUsed = (d: string): Promise<number> => {
    let v = dayCache.get(d);
    if (!v) dayCache.set(d, (v = d > today ? Promise.resolve(0) : source.day(d)));
    return v;
  };
  const values: [number, number][] = [];
  for (const d of days) {
    const used = await dayUsed(d);
    if (!quota) {
      values.push([used, 0]);
      continue;
    }
    const dMs = Date.parse(`${d}T00:00:00Z`);
    const start = periodStartMs(quota.period, dMs);
    const limit = effectiveLimit({ ...quota, firstPeriodStartMs: quota.sinceMs }, start);
    if (start > nowMs) {
      values.push([0, limit]);
      continue;
    }
    const periodDays = daysBetween(utcDate(start), utcDate(Math.min(periodEndMs(quota.period, start) - DAY_MS, nowMs)));
    let total = await source.period(utcDate(start));
    if (total === undefined) {
      total = 0;
      for (const pd of periodDays) total += await dayUsed(pd);
    }
    let later = 0;
    for (const pd of periodDays) if (pd > d) later += await dayUsed(pd);
    values.push([used, Math.max(0, limit - Math.max(0, total - later))]);
  }
  return values;
}
