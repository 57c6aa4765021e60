import { effectiveLimit, PeriodClock, periodEndMs, periodStartMs, utcDate } from './quota-period.js';

const at = (iso: string): number => Date.parse(iso);

describe('quota periods (UTC calendar)', () => {
  it('starts days at 00:00 UTC, weeks on Monday, months on the 1st', () => {
    expect(utcDate(periodStartMs('DAY', at('2026-11-24T23:59:59.999Z')))).toBe('2026-11-24');
    expect(utcDate(periodStartMs('WEEK', at('2026-11-24T12:00:00Z')))).toBe('2026-11-23'); // a Tuesday → Monday
    expect(utcDate(periodStartMs('WEEK', at('2026-11-29T23:00:00Z')))).toBe('2026-11-23'); // Sunday
    expect(utcDate(periodStartMs('WEEK', at('2026-11-30T00:00:00Z')))).toBe('2026-11-30'); // Monday
    expect(utcDate(periodStartMs('MONTH', at('2026-02-28T10:00:00Z')))).toBe('2026-02-01');
  });

  it('ends where the next period starts', () => {
    expect(utcDate(periodEndMs('DAY', at('2026-12-31T00:00:00Z')))).toBe('2027-01-01');
    expect(utcDate(periodEndMs('WEEK', at('2026-11-23T00:00:00Z')))).toBe('2026-11-30');
    expect(utcDate(periodEndMs('MONTH', at('2026-12-01T00:00:00Z')))).toBe('2027-01-01');
  });

  it('spends the offset in the first period only', () => {
    const quota = { limit: 100, offset: 30, period: 'MONTH' as const, firstPeriodStartMs: at('2026-11-15T08:00:00Z') };
    expect(effectiveLimit(quota, at('2026-11-01T00:00:00Z'))).toBe(70);
    expect(effectiveLimit(quota, at('2026-12-01T00:00:00Z'))).toBe(100);
  });

  it('caches boundaries until the day changes', () => {
    const clock = new PeriodClock();
    expect(clock.day(at('2026-11-24T10:00:00Z')).label).toBe('2026-11-24');
    expect(clock.period('WEEK', at('2026-11-24T10:00:00Z')).label).toBe('2026-11-23');
    expect(clock.day(at('2026-11-25T00:00:00Z')).label).toBe('2026-11-25');
    expect(clock.period('MONTH', at('2026-12-01T00:00:01Z')).label).toBe('2026-12-01');
  });
});
