import fc from 'fast-check';
import { LocalBuckets } from './local-buckets.js';
import { availableTokens } from './token-bucket.js';

const b = (key: string, capacity: number, rate: number) => ({ key, capacity, rate });

describe('token buckets', () => {
  it('start full, refill at the rate (fractional rates too), never above capacity', () => {
    expect(availableTokens(undefined, 10, 1, 0)).toBe(10);
    expect(availableTokens({ tokens: 0, atMs: 0 }, 10, 0.1, 5000)).toBeCloseTo(0.5);
    expect(availableTokens({ tokens: 9, atMs: 0 }, 10, 5, 60_000)).toBe(10);
    expect(availableTokens({ tokens: 2, atMs: 1000 }, 10, 5, 0)).toBe(2); // clock stepped back: no refill
  });

  it('grant from every bucket together or from none', () => {
    const local = new LocalBuckets();
    const wide = b('wide', 10, 0);
    const narrow = b('narrow', 2, 0);
    expect(local.take([wide, narrow], undefined, undefined, 1, 0).granted).toBe(1);
    expect(local.take([wide, narrow], undefined, undefined, 1, 0).granted).toBe(1);
    expect(local.take([wide, narrow], undefined, undefined, 1, 0)).toEqual({ granted: 0, denied: 'throttled', quotaRemaining: undefined });
    // The refused request took nothing from the wide bucket: 8 left.
    expect(local.take([wide], undefined, undefined, 20, 0).granted).toBe(8);
  });

  it('counts only admitted requests against the quota', () => {
    const local = new LocalBuckets();
    const quota = { key: 'q', limit: 3, ttlSeconds: 60 };
    const bucket = b('k', 2, 0);
    const verdicts = Array.from({ length: 5 }, () => local.take([bucket], quota, undefined, 1, 0));
    expect(verdicts.map((v) => v.granted)).toEqual([1, 1, 0, 0, 0]);
    expect(local.count('q', 0)).toBe(2);
    const roomy = local.take([], quota, undefined, 5, 0);
    expect(roomy).toEqual({ granted: 1, quotaRemaining: 0 });
    expect(local.take([], quota, undefined, 1, 0).denied).toBe('quota-exceeded');
  });

  it('scales every bucket to a replica share (at least one token), and refunds unused tokens', () => {
    const local = new LocalBuckets();
    const bucket = b('k', 10, 10);
    expect(local.take([bucket], undefined, undefined, 100, 0, 0.5).granted).toBe(5);
    local.refund([bucket], undefined, undefined, 2, 0, 0.5);
    expect(local.take([bucket], undefined, undefined, 100, 0, 0.5).granted).toBe(2);
    expect(local.take([b('tiny', 1, 0)], undefined, undefined, 5, 0, 0.25).granted).toBe(1);
  });

  it('never admits more than capacity + rate × elapsed, whatever the arrival pattern (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 300 }),
        (capacity, rate, gaps) => {
          const local = new LocalBuckets();
          let now = 0;
          let admitted = 0;
          for (const gap of gaps) {
            now += gap;
            admitted += local.take([b('k', capacity, rate)], undefined, undefined, 1, now).granted;
          }
          return admitted <= capacity + (rate * now) / 1000 + 1e-6;
        },
      ),
    );
  });
});
