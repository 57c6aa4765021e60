import type { QuotaPeriod, QuotaSpec } from './types.js';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Quota periods are UTC calendar periods [I] (spec §4.3): a day starts at 00:00 UTC, a week on Monday 00:00
 * UTC (ISO 8601), a month on the 1st at 00:00 UTC.
 */
export function periodStartMs(period: QuotaPeriod, nowMs: number): number {
  const dayStart = Math.floor(nowMs / DAY_MS) * DAY_MS;
  if (period === 'DAY') return dayStart;
  if (period === 'WEEK') {
    const weekday = (new Date(dayStart).getUTCDay() + 6) % 7; // Monday = 0
    return dayStart - weekday * DAY_MS;
  }
  const d = new Date(nowMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

export function periodEndMs(period: QuotaPeriod, startMs: number): number {
  if (period === 'DAY') return startMs + DAY_MS;
  if (period === 'WEEK') return startMs + 7 * DAY_MS;
  const d = new Date(startMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** `YYYY-MM-DD` of a UTC instant: the suffix of period and day counter keys, and GetUsage's date format. */
export function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The limit that applies in the period starting at `startMs`: `offset` is spent in the first period only. */
export function effectiveLimit(quota: Pick<QuotaSpec, 'limit' | 'offset' | 'period' | 'firstPeriodStartMs'>, startMs: number): number {
  const first = periodStartMs(quota.period, quota.firstPeriodStartMs);
  return Math.max(0, startMs === first ? quota.limit - quota.offset : quota.limit);
}

/**
 * Caches the current day's and periods' boundaries so that a request pays a comparison, not date arithmetic:
 * values are recomputed only when `nowMs` leaves the cached day.
 */
export class PeriodClock {
  private dayStart = -1;
  private dayEnd = -1;
  private today: { readonly label: string; readonly endMs: number } = { label: '', endMs: -1 };
  private readonly periods = new Map<QuotaPeriod, { start: number; end: number; label: string }>();

  private roll(nowMs: number): void {
    if (nowMs >= this.dayStart && nowMs < this.dayEnd) return;
    this.dayStart = Math.floor(nowMs / DAY_MS) * DAY_MS;
    this.dayEnd = this.dayStart + DAY_MS;
    // One object per day, not per call: the shared store's lease check reads the label on every request.
    this.today = { label: utcDate(this.dayStart), endMs: this.dayEnd };
    this.periods.clear();
  }

  day(nowMs: number): { readonly label: string; readonly endMs: number } {
    this.roll(nowMs);
    return this.today;
  }

  period(period: QuotaPeriod, nowMs: number): { start: number; end: number; label: string } {
    this.roll(nowMs);
    let p = this.periods.get(period);
    if (!p) {
      const start = periodStartMs(period, nowMs);
      p = { start, end: periodEndMs(period, start), label: utcDate(start) };
      this.periods.set(period, p);
    }
    return p;
  }
}
