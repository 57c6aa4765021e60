import { LocalBuckets } from './local-buckets.js';
import { SharedThrottleStore, type ThrottleEvent } from './shared-store.js';
import type { Carry, FoldAnswer } from './admission-ledger.js';
import type { BucketSpec, QuotaUse, RunStatus, SharedBackend, TakeResult, ThrottleRequest, UsageUse } from './types.js';

/**
 * The shared backend's semantics over LocalBuckets (the Redis scripts have the same contract), on a test clock,
 * with runs: `restart()` loses every counter and starts a run that is seeding until `seed()`.
 */
class MemoryBackend implements SharedBackend {
  state = new LocalBuckets();
  down = false;
  calls = 0;
  failNext = 0;
  run = 'run-1';
  ready = true;
  readonly added: number[] = [];
  readonly carried: { run: string; carries: Carry[]; hadEarlierRun: boolean }[] = [];
  readonly folded: Carry[] = [];
  private folds = 0;
  constructor(private readonly now: () => number) {}
  restart(run: string): void {
    this.state = new LocalBuckets();
    this.run = run;
    this.ready = false;
  }
  /** The seeder's part: the counters become base + carries (bases are 0 here), and the run is ready. */
  seed(): void {
    if (this.ready) return;
    for (const c of this.carried.filter((c) => c.run === this.run)) {
      for (const carry of c.carries) this.state.add(carry.key, carry.count, this.now() + carry.ttlSeconds * 1000, this.now());
    }
    this.ready = true;
  }
  count(key: string): number {
    return this.state.count(key, this.now());
  }
  private check(): void {
    if (this.down) throw new Error('connection refused');
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('Command timed out');
    }
  }
  async take(buckets: readonly BucketSpec[], quota: QuotaUse | undefined, usage: UsageUse | undefined, want: number, gateQuota: boolean): Promise<TakeResult> {
    this.calls++;
    this.check();
    if (quota && gateQuota && !this.ready) return { granted: 0, denied: 'reseeding', run: this.run, runReady: false };
    return { ...this.state.take(buckets, quota, usage, want, this.now()), run: this.run, runReady: this.ready };
  }
  async refund(buckets: readonly BucketSpec[], quota: QuotaUse | undefined, usage: UsageUse | undefined, count: number, _g: string | undefined, run: string): Promise<void> {
    this.check();
    this.state.refund(buckets, run === this.run ? quota : undefined, run === this.run ? usage : undefined, count, this.now());
  }
  async addUsage(quota: QuotaUse | undefined, usage: UsageUse | undefined, count: number, run: string): Promise<boolean> {
    this.check();
    if (run !== this.run) return false;
    this.added.push(count);
    if (quota) this.state.add(quota.key, count, this.now() + quota.ttlSeconds * 1000, this.now());
    if (usage) this.state.add(usage.key, count, this.now() + usage.ttlSeconds * 1000, this.now());
    return true;
  }
  async status(): Promise<RunStatus> {
    this.check();
    return { run: this.run, ready: this.ready };
  }
  async carry(run: string, carries: readonly Carry[], hadEarlierRun: boolean): Promise<boolean> {
    this.check();
    if (run !== this.run) return false;
    this.carried.push({ run, carries: [...carries], hadEarlierRun });
    // A seeded run takes a (late) carry straight into its counters, as CARRY_SCRIPT does.
    if (this.ready) for (const c of carries) this.state.add(c.key, c.count, this.now() + c.ttlSeconds * 1000, this.now());
    return true;
  }
  async fold(run: string, folds: readonly Carry[]): Promise<FoldAnswer[] | undefined> {
    this.check();
    if (run !== this.run) return undefined;
    this.folded.push(...folds);
    this.folds++;
    return folds.map(() => ({ fold: this.folds, persisted: 0 }));
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
    const store = make({ mode: 'exact', replicas: () => 2, quotaFailMode: 'open', onEvent: (e) => events.push(e), breaker: { failureThreshold: 1, openMs: 1000 } });
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
    // Admitted before this replica ever reached the backend (no run yet): carried into the run it found.
    expect(backend.carried.flatMap((c) => c.carries).map((c) => [c.key, c.count])).toEqual([
      ['q:2026-11-24', 5],
      ['u:2026-11-24', 5],
    ]);
    expect(backend.count('q:2026-11-24')).toBe(6);
  });

  it('one failed call decides that request locally but does not switch the replica into fallback', async () => {
    const events: ThrottleEvent[] = [];
    const store = make({ mode: 'exact', onEvent: (e) => events.push(e) });
    backend.failNext = 1;
    expect(await store.decide(request(10, 0))).toBe('allowed');
    expect(store.degraded).toBe(false);
    expect(events.some((e) => e.type === 'fallback-start')).toBe(false);
    // Isolated failures among successes (a busy machine) never open the breaker either.
    for (let i = 0; i < 50; i++) {
      backend.failNext = i % 5 === 0 ? 1 : 0;
      now += 20;
      await store.decide({ ...request(1000, 1000), id: 'busy' });
    }
    expect(store.degraded).toBe(false);
    // An outage does: consecutive failures.
    backend.down = true;
    for (let i = 0; i < 6; i++) await store.decide(request(10, 0));
    expect(store.degraded).toBe(true);
  });

  it('quotas never over-admit by default: while the backend is down a quota-bound request is refused (rates still fall back)', async () => {
    const store = make({ mode: 'exact', breaker: { failureThreshold: 1 } });
    expect(await store.decide(request(10, 0, 100))).toBe('allowed');
    backend.down = true;
    expect(await store.decide(request(10, 0, 100))).toBe('throttled');
    expect(await store.decide({ ...request(10, 0), id: 'rate-only' })).toBe('allowed');
  });

  for (const mode of ['exact', 'lease'] as const) {
    it(`${mode} mode: after a restart that lost the counters, quota-bound requests wait for the seed, and the carry holds every admission`, async () => {
      const a = make({ mode, leaseMs: 100 });
      const b = make({ mode, leaseMs: 100 });
      const q = request(1000, 1000, 100);
      const withUsage: ThrottleRequest = { ...q, usageKey: 'u' };
      let admitted = 0;
      for (let i = 0; i < 40; i++) {
        now += 5;
        if ((await (i % 2 ? a : b).decide(withUsage)) === 'allowed') admitted++;
      }
      expect(admitted).toBe(40);
      backend.restart('run-2');
      // The new run is not seeded: nothing quota-bound is admitted, whatever the replicas held.
      for (let i = 0; i < 10; i++) {
        now += 200;
        expect(await (i % 2 ? a : b).decide(withUsage)).toBe('throttled');
      }
      await new Promise((resolve) => setImmediate(resolve));
      const carried = backend.carried.filter((c) => c.run === 'run-2');
      expect(carried).toHaveLength(2);
      expect(carried.every((c) => c.hadEarlierRun)).toBe(true);
      const sum = (key: string) => carried.flatMap((c) => c.carries).filter((c) => c.key === key).reduce((n, c) => n + c.count, 0);
      expect(sum('q:2026-11-24')).toBe(40);
      expect(sum('u:2026-11-24')).toBe(40);
      backend.seed();
      // The quota goes on from 40, never past 100; the counters hold exactly what was admitted.
      const verdicts: string[] = [];
      for (let i = 0; i < 100; i++) {
        now += 5;
        verdicts.push(await (i % 2 ? a : b).decide(withUsage));
      }
      admitted += verdicts.filter((v) => v === 'allowed').length;
      await Promise.all([a.close(), b.close()]);
      expect(admitted).toBeLessThanOrEqual(100);
      expect(admitted).toBeGreaterThan(80);
      expect(verdicts.at(-1)).toBe('quota-exceeded');
      expect(backend.count('q:2026-11-24')).toBe(admitted);
      expect(backend.count('u:2026-11-24')).toBe(admitted);
    });
  }

  it('un-counts quota units leased but unused during an outage once the backend (with its data) is back', async () => {
    const store = make({ mode: 'lease', leaseMs: 100, breaker: { failureThreshold: 1 } });
    const q: ThrottleRequest = { ...request(1000, 1000, 100), usageKey: 'u' };
    for (let i = 0; i < 20; i++) await store.decide(q); // leases grow with the demand
    const leased = backend.count('q:2026-11-24');
    expect(leased).toBeGreaterThan(20);
    backend.down = true;
    now += 10;
    await store.decide({ ...request(10, 10), id: 'trip' }); // the breaker opens
    expect(store.degraded).toBe(true);
    now += 1000; // the lease expired unused
    await new Promise((resolve) => setTimeout(resolve, 150)); // the sweeper gives it back (later)
    backend.down = false;
    now += 1000; // past the breaker's open time (background probes may have re-opened it)
    expect(await store.decide({ ...request(10, 10), id: 'probe' })).toBe('allowed');
    expect(store.degraded).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(backend.count('q:2026-11-24')).toBe(20);
    expect(backend.count('u:2026-11-24')).toBe(20);
  });

  it('folds admissions into the persisted base once a second and keeps them until persisted', async () => {
    const store = make({ mode: 'exact', foldIntervalMs: 20 });
    for (let i = 0; i < 5; i++) await store.decide({ ...request(100, 100, 100), usageKey: 'u' });
    expect(store.unpersisted()).toEqual([
      { key: 'q:2026-11-24', count: 5 },
      { key: 'u:2026-11-24', count: 5 },
    ]);
    await store.close();
    expect(backend.folded.map((f) => [f.key, f.count])).toEqual([
      ['q:2026-11-24', 5],
      ['u:2026-11-24', 5],
    ]);
    // Folded, not persisted yet: still carried after a restart.
    expect(store.unpersisted().reduce((n, c) => n + c.count, 0)).toBe(10);
  });

  it('fail-closed: refuses while the backend is down', async () => {
    const store = make({ mode: 'exact', failMode: 'closed' });
    backend.down = true;
    expect(await store.decide(request(10, 0))).toBe('throttled');
  });
});
