import { LocalBuckets } from './local-buckets.js';
import { SharedThrottleStore, type ThrottleEvent } from './shared-store.js';
import type { BucketSpec, QuotaUse, SharedBackend, TakeResult, ThrottleRequest, UsageUse } from './types.js';

/** The shared backend's semantics over LocalBuckets (the Redis script has the same contract), on a test clock. */
class MemoryBackend implements SharedBackend {
  readonly state = new LocalBuckets();
  down = false;
  calls = 0;
  readonly added: number[] = [];
  constructor(private readonly now: () => number) {}
  async take(buckets: readonly BucketSpec[], quota: QuotaUse | undefined, usage: UsageUse | undefined, want: number): Promise<TakeResult> {
    this.calls++;
    if (this.down) throw new Error('connection refused');
    return this.state.take(buckets, quota, usage, want, this.now());
  }
  async refund(buckets: readonly BucketSpec[], quota: QuotaUse | undefined, usage: UsageUse | undefined, count: number): Promise<void> {
    if (this.down) throw new Error('connection refused');
    this.state.refund(buckets, quota, usage, count, this.now());
  }
  async addUsage(quota: QuotaUse | undefined, usage: UsageUse | undefined, count: number): Promise<void> {
    if (this.down) throw new Error('connection refused');
    this.added.push(count);
    if (quota) this.state.add(quota.key, count, this.now() + quota.ttlSeconds * 1000, this.now());
  }
  async ping(): Promise<void> {
    if (this.down) throw new Error('connection refused');
  }
}

const request = (capacity: number, rate: number, quota?: number): ThrottleRequest => ({
  id: 'k1',
  buckets: [{ key: 'bucket', capacity, rate }],
  quota: quota === undefined ? undefined : { key: 'q', usageKey: 'u', limit: quota, offset: 0, period: 'DAY', firstPeriodStartMs: 0 },
});

describe('SharedThrottleStore', () => {
  let now: number;
  let backend: MemoryBackend;
  const stores: SharedThrottleStore[] = [];
  const make = (options: Partial<ConstructorParameters<typeof SharedThrottleStore>[0]> = {}) => {
    const store = new SharedThrottleStore({ backend, now: () => now, ...options });
    stores.push(store);
    return store;
  };

  beforeEach(() => {
    now = Date.parse('2026-11-24T12:00:00Z');
    backend = new MemoryBackend(() => now);
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  it('exact mode: one backend call per decision; quota and throttle denials', async () => {
    const store = make({ mode: 'exact' });
    const verdicts = [];
    for (let i = 0; i < 4; i++) verdicts.push(await store.decide(request(3, 0)));
    expect(verdicts).toEqual(['allowed', 'allowed', 'allowed', 'throttled']);
    expect(backend.calls).toBe(4);
    const quota = make({ mode: 'exact' });
    const q = { ...request(100, 0, 2), id: 'k2', buckets: [{ key: 'other', capacity: 100, rate: 0 }] };
    expect([await quota.decide(q), await quota.decide(q), await quota.decide(q)]).toEqual(['allowed', 'allowed', 'quota-exceeded']);
  });

  it('lease mode: two replicas together never admit more than the shared bucket grants', async () => {
    const a = make({ mode: 'lease', leaseMs: 100 });
    const b = make({ mode: 'lease', leaseMs: 100 });
    const start = now;
    let admitted = 0;
    // 200/s against rate 50/s, burst 10, for 3 s, alternating replicas.
    for (let i = 0; i < 600; i++) {
      now = start + i * 5;
      const verdict = await (i % 2 === 0 ? a : b).decide(request(10, 50));
      if (verdict === 'allowed') admitted++;
    }
    const bound = 10 + (50 * (now - start)) / 1000;
    expect(admitted).toBeLessThanOrEqual(bound);
    expect(admitted).toBeGreaterThanOrEqual(bound * 0.95);
    // Far fewer backend calls than requests.
    expect(backend.calls).toBeLessThan(600);
  });

  it('lease mode under concurrency: every waiter is admitted while the shared bucket has tokens', async () => {
    const store = make({ mode: 'lease', leaseMs: 100 });
    const verdicts = await Promise.all(Array.from({ length: 120 }, () => store.decide(request(1000, 1))));
    expect(verdicts.every((v) => v === 'allowed')).toBe(true);
    const tight = await Promise.all(Array.from({ length: 30 }, () => store.decide({ ...request(10, 0), id: 'k3', buckets: [{ key: 'tight', capacity: 10, rate: 0 }] })));
    expect(tight.filter((v) => v === 'allowed')).toHaveLength(10);
  });

  it('returns unused leased tokens on close', async () => {
    const store = make({ mode: 'lease', leaseMs: 100 });
    for (let i = 0; i < 10; i++) await store.decide(request(100, 1000));
    await store.decide(request(100, 1000)); // a lease sized to the demand seen
    await store.close();
    const left = backend.state.take([{ key: 'bucket', capacity: 100, rate: 1000 }], undefined, undefined, 1000, now);
    expect(left.granted).toBe(100 - 11);
  });

  it('falls back to this replica’s share while the backend is down, reports it, and syncs usage when it is back', async () => {
    const events: ThrottleEvent[] = [];
    const store = make({ mode: 'exact', replicas: () => 2, onEvent: (e) => events.push(e), breaker: { failureThreshold: 1, openMs: 1000 } });
    backend.down = true;
    const verdicts = [];
    for (let i = 0; i < 8; i++) verdicts.push(await store.decide(request(10, 0, 100)));
    // Half of burst 10 for this replica.
    expect(verdicts.filter((v) => v === 'allowed')).toHaveLength(5);
    expect(events.filter((e) => e.type === 'fallback-start')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'fallback-decision')).toHaveLength(8);
    expect(store.degraded).toBe(true);
    backend.down = false;
    now += 1000;
    expect(await store.decide(request(10, 0, 100))).toBe('allowed');
    expect(store.degraded).toBe(false);
    expect(events.some((e) => e.type === 'fallback-end')).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(backend.added).toEqual([5]);
  });

  it('fail-closed: refuses while the backend is down', async () => {
    const store = make({ mode: 'exact', failMode: 'closed' });
    backend.down = true;
    expect(await store.decide(request(10, 0))).toBe('throttled');
  });
});
