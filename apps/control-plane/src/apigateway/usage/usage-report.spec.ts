import { daysBetween, usageValues, type CounterSource } from './usage-report.js';

const source = (days: Record<string, number>, periods: Record<string, number> = {}): CounterSource => ({
  day: async (d) => days[d] ?? 0,
  period: async (start) => periods[start],
});

describe('GetUsage values', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');

  it('lists every day of the range', () => {
    expect(daysBetween('2026-11-29', '2026-12-02')).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
  });

  it('reports [used, remaining] per day: a daily quota starts afresh each day', async () => {
    const quota = { limit: 10, offset: 0, period: 'DAY' as const, sinceMs: 0 };
    const values = await usageValues(['2026-11-24', '2026-11-25', '2026-11-26'], quota, source({ '2026-11-24': 4, '2026-11-25': 7 }), now);
    expect(values).toEqual([
      [4, 6],
      [7, 3],
      [0, 10],
    ]);
  });

  it('within a month, remaining at the end of each day; the period counter (UpdateUsage) is authoritative', async () => {
    const quota = { limit: 100, offset: 0, period: 'MONTH' as const, sinceMs: 0 };
    const days = { '2026-11-23': 10, '2026-11-24': 20, '2026-11-25': 5 };
    expect(await usageValues(['2026-11-23', '2026-11-24', '2026-11-25'], quota, source(days), now)).toEqual([
      [10, 90],
      [20, 70],
      [5, 65],
    ]);
    // Remaining reset to 50 today: the period counter says 50 used.
    expect(await usageValues(['2026-11-24', '2026-11-25'], quota, source(days, { '2026-11-01': 50 }), now)).toEqual([
      [20, 55],
      [5, 50],
    ]);
  });

  it('spends the offset in the first period only; without a quota remaining is 0', async () => {
    const quota = { limit: 100, offset: 40, period: 'WEEK' as const, sinceMs: Date.parse('2026-11-24T08:00:00Z') };
    expect(await usageValues(['2026-11-25', '2026-12-01'], quota, source({ '2026-11-25': 1 }), now)).toEqual([
      [1, 59],
      [0, 100],
    ]);
    expect(await usageValues(['2026-11-25'], undefined, source({ '2026-11-25': 3 }), now)).toEqual([[3, 0]]);
  });
});
