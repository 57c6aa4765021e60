import { CircuitBreaker, type BreakerState } from './circuit-breaker.js';
import { LocalBuckets } from './local-buckets.js';
import { PeriodClock } from './quota-period.js';
import { resolveQuota, resolveUsage } from './resolve-counters.js';
import type { QuotaUse, SharedBackend, TakeResult, ThrottleRequest, ThrottleStore, UsageUse, Verdict } from './types.js';

export type SharedMode = 'exact' | 'lease';
export type FailMode = 'open' | 'closed';

export type ThrottleEvent =
  | { type: 'fallback-start'; reason: string }
  | { type: 'fallback-end'; durationMs: number }
  | { type: 'fallback-decision'; verdict: Verdict }
  | { type: 'backend-error'; message: string }
  | { type: 'breaker'; state: BreakerState };

export interface SharedStoreOptions {
  backend: SharedBackend;
  /**
   * `exact`: one atomic backend call per request. `lease` (default): a replica takes tokens from the shared
   * buckets in small batches and admits locally from them; unused tokens go back when the lease expires. Both
   * never admit more than the shared buckets grant.
   */
  mode?: SharedMode;
  /** How long leased tokens may be used before they are returned (default 100 ms). */
  leaseMs?: number;
  /** Upper bound on one lease (default 200 tokens). */
  maxLeaseBatch?: number;
  /** What happens while the backend is unreachable: `open` (default) local buckets at this replica's share; `closed` 429. */
  failMode?: FailMode;
  /** How many replicas share the limits, for the fallback share (default 1). */
  replicas?: () => number;
  breaker?: { failureThreshold?: number; openMs?: number };
  now?: () => number;
  onEvent?(event: ThrottleEvent): void;
}

interface Lease {
  tokens: number;
  expiresAtMs: number;
  day: string;
  quota: QuotaUse | undefined;
  quotaGeneration: string | undefined;
  usage: UsageUse | undefined;
  request: ThrottleRequest;
  pending: Promise<FetchOutcome> | undefined;
  /** Requests seen in the current and previous lease windows: sizes the next batch to the demand. */
  demand: number;
  lastDemand: number;
  /** Requests waiting for this lease's next fetch. */
  waiters: number;
  windowStartMs: number;
  lastUsedMs: number;
}

type FetchOutcome = 'granted' | 'throttled' | 'quota-exceeded' | 'unavailable';

interface PendingUsage {
  quota: QuotaUse | undefined;
  usage: UsageUse | undefined;
  count: number;
}

/**
 * Throttling shared by every replica through a backend (Redis), with a local fallback. Invariant (no
 * over-admission): a request is admitted only with a token the backend granted — directly (exact mode) or from
 * a lease this replica took and has not returned — or, while the backend is unreachable, from local buckets
 * sized to this replica's share of each limit. Requests admitted in fallback are added to the shared quota and
 * usage counters once the backend answers again.
 */
export class SharedThrottleStore implements ThrottleStore {
  private readonly backend: SharedBackend;
  private readonly mode: SharedMode;
  private readonly leaseMs: number;
  private readonly maxLeaseBatch: number;
  private readonly failMode: FailMode;
  private readonly replicas: () => number;
  private readonly now: () => number;
  private readonly onEvent: (event: ThrottleEvent) => void;
  private readonly breaker: CircuitBreaker;
  private readonly clock = new PeriodClock();
  private readonly leases = new Map<string, Lease>();
  private readonly fallback = new LocalBuckets();
  private readonly quotaRemaining = new Map<string, number>();
  private readonly pendingUsage = new Map<string, PendingUsage>();
  private readonly sweeper: NodeJS.Timeout;
  private degradedSince: number | undefined;
  private fallbackReplicas = 1;
  private closed = false;

  constructor(options: SharedStoreOptions) {
    this.backend = options.backend;
    this.mode = options.mode ?? 'lease';
    this.leaseMs = options.leaseMs ?? 100;
    this.maxLeaseBatch = options.maxLeaseBatch ?? 200;
    this.failMode = options.failMode ?? 'open';
    this.replicas = options.replicas ?? (() => 1);
    this.now = options.now ?? Date.now;
    this.onEvent = options.onEvent ?? (() => undefined);
    this.breaker = new CircuitBreaker({ ...options.breaker, now: this.now, onChange: (state) => this.onEvent({ type: 'breaker', state }) });
    this.sweeper = setInterval(() => this.sweep(), Math.max(20, this.leaseMs));
    this.sweeper.unref();
  }

  /** Whether decisions are currently made locally because the backend is unreachable. */
  get degraded(): boolean {
    return this.degradedSince !== undefined;
  }

  decide(request: ThrottleRequest): Verdict | Promise<Verdict> {
    if (this.mode === 'exact') return this.decideExact(request);
    const now = this.now();
    const lease = this.leases.get(request.id);
    if (lease) {
      lease.lastUsedMs = now;
      lease.demand++;
      if (lease.tokens > 0 && now < lease.expiresAtMs && lease.day === this.clock.day(now).label) {
        lease.tokens--;
        return 'allowed';
      }
    }
    return this.decideFromLease(request, lease, now);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweeper);
    const returns: Promise<void>[] = [];
    for (const lease of this.leases.values()) {
      if (lease.pending) await lease.pending.catch(() => undefined);
      if (lease.tokens > 0) returns.push(this.giveBack(lease));
    }
    await Promise.all(returns);
    this.leases.clear();
  }

  private async decideExact(request: ThrottleRequest): Promise<Verdict> {
    const now = this.now();
    const quota = resolveQuota(request, this.clock, now);
    const usage = resolveUsage(request, this.clock, now);
    const result = await this.call(request, quota, usage, 1);
    if (result === undefined) return this.decideLocally(request, quota, usage, now);
    return result.granted > 0 ? 'allowed' : (result.denied ?? 'throttled');
  }

  private async decideFromLease(request: ThrottleRequest, existing: Lease | undefined, now: number): Promise<Verdict> {
    let lease = existing;
    if (!lease) {
      lease = {
        tokens: 0,
        expiresAtMs: 0,
        day: '',
        quota: undefined,
        quotaGeneration: undefined,
        usage: undefined,
        request,
        pending: undefined,
        demand: 1,
        lastDemand: 0,
        waiters: 0,
        windowStartMs: now,
        lastUsedMs: now,
      };
      this.leases.set(request.id, lease);
    }
    // A fetch that grants fewer tokens than there are waiters leaves the rest to fetch again (every fetch that
    // grants admits at least one waiter, so this ends); only the backend's denial answers 429.
    lease.waiters++;
    try {
      for (;;) {
        const outcome = await (lease.pending ?? this.fetch(lease, request));
        if (lease.tokens > 0 && this.now() < lease.expiresAtMs) {
          lease.tokens--;
          return 'allowed';
        }
        if (outcome === 'unavailable') return this.decideLocally(request, lease.quota, lease.usage, this.now());
        if (outcome !== 'granted') return outcome;
      }
    } finally {
      lease.waiters--;
    }
  }

  private fetch(lease: Lease, request: ThrottleRequest): Promise<FetchOutcome> {
    const task = (async (): Promise<FetchOutcome> => {
      const now = this.now();
      if (lease.tokens > 0) await this.giveBack(lease);
      lease.request = request;
      lease.quota = resolveQuota(request, this.clock, now);
      lease.usage = resolveUsage(request, this.clock, now);
      lease.day = this.clock.day(now).label;
      const result = await this.call(request, lease.quota, lease.usage, this.batchSize(lease, request, now));
      if (result === undefined) return 'unavailable';
      if (result.granted === 0) return result.denied ?? 'throttled';
      lease.tokens += result.granted;
      lease.quotaGeneration = result.quotaGeneration;
      lease.expiresAtMs = this.now() + this.leaseMs;
      return 'granted';
    })();
    lease.pending = task;
    void task.finally(() => {
      if (lease.pending === task) lease.pending = undefined;
    });
    return task;
  }

  /**
   * Lease size: the demand seen in the last lease window, but never more than the tightest bucket refills in
   * one lease period, half its burst, or `maxLeaseBatch` — so one replica cannot hoard a limit the others share,
   * and a quiet key is decided one request at a time (exactly).
   */
  private batchSize(lease: Lease, request: ThrottleRequest, now: number): number {
    if (now - lease.windowStartMs >= this.leaseMs) {
      // A gap longer than one window means the demand went quiet: start small again.
      lease.lastDemand = now - lease.windowStartMs < 2 * this.leaseMs ? lease.demand : 0;
      lease.demand = 0;
      lease.windowStartMs = now;
    }
    let cap = this.maxLeaseBatch;
    for (const b of request.buckets) {
      cap = Math.min(cap, Math.floor((b.rate * this.leaseMs) / 1000), Math.floor(b.capacity / 2));
    }
    return Math.max(1, Math.min(cap, Math.max(lease.demand, lease.lastDemand, lease.waiters)));
  }

  private async giveBack(lease: Lease): Promise<void> {
    const count = lease.tokens;
    lease.tokens = 0;
    if (count <= 0 || this.degraded) return;
    try {
      await this.backend.refund(lease.request.buckets, lease.quota, lease.usage, count, lease.quotaGeneration);
    } catch (error) {
      // Tokens that cannot be returned are simply not used: under-admission, never over-admission.
      this.onEvent({ type: 'backend-error', message: (error as Error).message });
    }
  }

  /** One backend call behind the circuit breaker; undefined when the backend is unavailable. */
  private async call(request: ThrottleRequest, quota: QuotaUse | undefined, usage: UsageUse | undefined, want: number): Promise<TakeResult | undefined> {
    if (!this.breaker.allow()) {
      this.enterFallback('circuit open');
      return undefined;
    }
    try {
      const result = await this.backend.take(request.buckets, quota, usage, want);
      this.breaker.success();
      if (quota && result.quotaRemaining !== undefined) this.quotaRemaining.set(quota.key, result.quotaRemaining);
      if (this.degradedSince !== undefined) this.leaveFallback();
      return result;
    } catch (error) {
      this.breaker.failure();
      const message = (error as Error).message;
      this.onEvent({ type: 'backend-error', message });
      this.enterFallback(message);
      return undefined;
    }
  }

  /** Fallback: this replica's share of every limit, from local buckets (fail-open) or nothing (fail-closed). */
  private decideLocally(request: ThrottleRequest, quota: QuotaUse | undefined, usage: UsageUse | undefined, now: number): Verdict {
    if (this.failMode === 'closed') {
      this.onEvent({ type: 'fallback-decision', verdict: 'throttled' });
      return 'throttled';
    }
    const scale = 1 / this.fallbackReplicas;
    let localQuota: QuotaUse | undefined;
    if (quota) {
      const remaining = this.quotaRemaining.get(quota.key) ?? quota.limit;
      localQuota = { ...quota, limit: Math.floor(remaining * scale) };
    }
    const result = this.fallback.take(request.buckets, localQuota, undefined, 1, now, scale);
    const verdict: Verdict = result.granted > 0 ? 'allowed' : (result.denied ?? 'throttled');
    if (verdict === 'allowed' && (quota || usage)) {
      const id = `${quota?.key ?? ''}\u0000${usage?.key ?? ''}`;
      const pending = this.pendingUsage.get(id);
      if (pending) pending.count++;
      else this.pendingUsage.set(id, { quota, usage, count: 1 });
    }
    this.onEvent({ type: 'fallback-decision', verdict });
    return verdict;
  }

  private enterFallback(reason: string): void {
    if (this.degradedSince !== undefined) return;
    this.degradedSince = this.now();
    this.fallbackReplicas = Math.max(1, this.replicas());
    this.fallback.clear();
    // Leased tokens stay usable until they expire: they were granted by the shared buckets.
    this.onEvent({ type: 'fallback-start', reason });
  }

  private leaveFallback(): void {
    const since = this.degradedSince ?? this.now();
    this.degradedSince = undefined;
    this.onEvent({ type: 'fallback-end', durationMs: this.now() - since });
    const pending = [...this.pendingUsage.values()];
    this.pendingUsage.clear();
    void (async () => {
      for (const p of pending) {
        try {
          await this.backend.addUsage(p.quota, p.usage, p.count);
        } catch (error) {
          this.onEvent({ type: 'backend-error', message: (error as Error).message });
        }
      }
    })();
  }

  /** While degraded, probes the backend (when the breaker allows) so that recovery needs no request. */
  private async probe(): Promise<void> {
    if (!this.breaker.allow()) return;
    try {
      await this.backend.ping();
      this.breaker.success();
      if (this.degradedSince !== undefined) this.leaveFallback();
    } catch {
      this.breaker.failure();
    }
  }

  private sweep(): void {
    const now = this.now();
    if (this.degradedSince !== undefined) void this.probe();
    for (const [id, lease] of this.leases) {
      if (lease.pending) continue;
      if (lease.tokens > 0 && now >= lease.expiresAtMs) void this.giveBack(lease);
      else if (lease.tokens === 0 && now - lease.lastUsedMs > 60_000) this.leases.delete(id);
    }
    this.fallback.sweep(now);
  }
}
