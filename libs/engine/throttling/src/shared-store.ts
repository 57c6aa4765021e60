import { AdmissionLedger, type LedgerEntry } from './admission-ledger.js';
import { CircuitBreaker, type BreakerState, type CircuitBreakerOptions } from './circuit-breaker.js';
import { LocalBuckets } from './local-buckets.js';
import { PeriodClock } from './quota-period.js';
import { resolveQuota, resolveUsage } from './resolve-counters.js';
import type { QuotaUse, SharedBackend, TakeResult, ThrottleRequest, ThrottleStore, UsageUse, Verdict } from './types.js';

export type SharedMode = 'exact' | 'lease';
export type FailMode = 'open' | 'closed';
/**
 * Quotas while the shared counters cannot be trusted (Redis unreachable, or restarted and not re-seeded yet):
 * `closed` (default) never over-admits — a quota-bound request is admitted only from quota units this replica
 * holds, else 429; `open` admits on the fallback share of the last remaining seen and counts from whatever the
 * new run holds (available, may over-admit by what Redis lost).
 */
export type QuotaFailMode = 'closed' | 'open';

export type ThrottleEvent =
  | { type: 'fallback-start'; reason: string }
  | { type: 'fallback-end'; durationMs: number }
  | { type: 'fallback-decision'; verdict: Verdict }
  | { type: 'backend-error'; message: string }
  | { type: 'breaker'; state: BreakerState }
  /** This replica carried its unpersisted admissions of earlier runs into a new Redis run. */
  | { type: 'run-carried'; run: string; admissions: number; hadEarlierRun: boolean };

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
  /** Quotas while the counters cannot be trusted (default `closed`: never over-admit). */
  quotaFailMode?: QuotaFailMode;
  /** How often admissions are folded into the counters' persisted base (default 1000 ms; see AdmissionLedger). */
  foldIntervalMs?: number;
  /** How many replicas share the limits, for the fallback share (default 1). */
  replicas?: () => number;
  breaker?: Pick<CircuitBreakerOptions, 'failureThreshold' | 'openMs' | 'errorRate'>;
  now?: () => number;
  onEvent?(event: ThrottleEvent): void;
}

interface Lease {
  tokens: number;
  /** The run the tokens were granted in, and the ledger entries their admissions count into. */
  run: string;
  quotaEntry: LedgerEntry | undefined;
  usageEntry: LedgerEntry | undefined;
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
  run: string;
}

/**
 * Throttling shared by every replica through a backend (Redis), with a local fallback. Invariant (no
 * over-admission): a request is admitted only with a token the backend granted — directly (exact mode) or from
 * a lease this replica took and has not returned — or, while the backend is unreachable, from local buckets
 * sized to this replica's share of each limit (rates; quotas only with `quotaFailMode: 'open'`). Requests
 * admitted in fallback are added to the shared quota and usage counters once the backend answers again.
 *
 * Quotas across Redis restarts: every admission of a quota or usage counter is also recorded in an
 * AdmissionLedger (one increment), per Redis run. When the backend reports a new run, this replica carries its
 * unpersisted admissions into it; the backend refuses quota-bound takes until the run is seeded (see
 * AdmissionLedger and RunSeeder for the whole protocol).
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
  private readonly pendingRefunds = new Map<string, PendingUsage & { quotaGeneration: string | undefined }>();
  private readonly ledger = new AdmissionLedger();
  private readonly gateQuota: boolean;
  private readonly foldIntervalMs: number;
  private readonly sweeper: NodeJS.Timeout;
  /** The backend run last seen; the run whose carries are reported; the run with nothing left to reconcile. */
  private run: string | undefined;
  private hadEarlierRun = false;
  private reportedRun: string | undefined;
  private settledRun: string | undefined;
  private reporting: Promise<void> | undefined;
  private folding: Promise<void> | undefined;
  private lastTickMs = 0;
  private degradedSince: number | undefined;
  private fallbackReplicas = 1;
  private closed = false;

  constructor(options: SharedStoreOptions) {
    this.backend = options.backend;
    this.mode = options.mode ?? 'lease';
    this.leaseMs = options.leaseMs ?? 100;
    this.maxLeaseBatch = options.maxLeaseBatch ?? 200;
    this.failMode = options.failMode ?? 'open';
    this.gateQuota = (options.quotaFailMode ?? 'closed') === 'closed';
    this.foldIntervalMs = options.foldIntervalMs ?? 1000;
    this.replicas = options.replicas ?? (() => 1);
    this.now = options.now ?? Date.now;
    this.onEvent = options.onEvent ?? (() => undefined);
    this.breaker = new CircuitBreaker({
      ...options.breaker,
      now: this.now,
      onChange: (state) => {
        this.onEvent({ type: 'breaker', state });
        if (state === 'open') this.enterFallback('circuit open');
      },
    });
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
      if (lease.tokens > 0 && now < lease.expiresAtMs && lease.day === this.clock.day(now).label) return admitFromLease(lease);
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
    // What this replica admitted goes into the persisted base now: nobody would carry it after a restart.
    await this.folding;
    await this.fold();
  }

  /** This replica's admissions of the current run not yet in PostgreSQL, per counter (tests, diagnostics). */
  unpersisted(): { key: string; count: number }[] {
    return this.run === undefined ? [] : this.ledger.unpersisted(this.run).map(({ key, count }) => ({ key, count }));
  }

  private async decideExact(request: ThrottleRequest): Promise<Verdict> {
    const now = this.now();
    const quota = resolveQuota(request, this.clock, now);
    const usage = resolveUsage(request, this.clock, now);
    const result = await this.call(request, quota, usage, 1);
    if (result === undefined) return this.decideLocally(request, quota, usage, now);
    if (result.granted === 0) return verdictOf(result);
    this.record(result.run ?? '', quota, usage, this.now());
    return 'allowed';
  }

  /** Counts one admission into the ledger (exact mode and fallback; leases hold their entries). */
  private record(run: string, quota: QuotaUse | undefined, usage: UsageUse | undefined, now: number): void {
    if (quota) this.ledger.entry(run, quota.key, quota.ttlSeconds, now).admitted++;
    if (usage) this.ledger.entry(run, usage.key, usage.ttlSeconds, now).admitted++;
  }

  private async decideFromLease(request: ThrottleRequest, existing: Lease | undefined, now: number): Promise<Verdict> {
    let lease = existing;
    if (!lease) {
      lease = {
        tokens: 0,
        run: '',
        quotaEntry: undefined,
        usageEntry: undefined,
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
        if (lease.tokens > 0 && this.now() < lease.expiresAtMs) return admitFromLease(lease);
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
      if (result.granted === 0) return verdictOf(result);
      const granted = this.now();
      lease.run = result.run ?? '';
      lease.quotaEntry = lease.quota && this.ledger.entry(lease.run, lease.quota.key, lease.quota.ttlSeconds, granted);
      lease.usageEntry = lease.usage && this.ledger.entry(lease.run, lease.usage.key, lease.usage.ttlSeconds, granted);
      lease.tokens += result.granted;
      lease.quotaGeneration = result.quotaGeneration;
      lease.expiresAtMs = granted + this.leaseMs;
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
    if (count <= 0) return;
    if (this.degraded) {
      this.refundLater(lease, count);
      return;
    }
    try {
      await this.backend.refund(lease.request.buckets, lease.quota, lease.usage, count, lease.quotaGeneration, lease.run);
    } catch (error) {
      // Tokens that cannot be returned are simply not used: under-admission, never over-admission. Retried only
      // when the call was never sent — one that may have run must not un-count admitted requests twice.
      this.onEvent({ type: 'backend-error', message: (error as Error).message });
      if ((error as { notSent?: boolean }).notSent === true) this.refundLater(lease, count);
    }
  }

  /**
   * Quota and usage units leased but not used while Redis was unreachable still count in Redis: they are
   * un-counted once it answers again (if it kept the run), so that usage reports what was admitted. Bucket
   * tokens are not returned late: the buckets refilled meanwhile, and late tokens could exceed the rate.
   */
  private refundLater(lease: Lease, count: number): void {
    if (!lease.quota && !lease.usage) return;
    const id = `${lease.run}\u0000${lease.quota?.key ?? ''}\u0000${lease.usage?.key ?? ''}\u0000${lease.quotaGeneration ?? ''}`;
    const pending = this.pendingRefunds.get(id);
    if (pending) pending.count += count;
    else this.pendingRefunds.set(id, { quota: lease.quota, usage: lease.usage, count, run: lease.run, quotaGeneration: lease.quotaGeneration });
  }

  /** One backend call behind the circuit breaker; undefined when the backend is unavailable. */
  private async call(request: ThrottleRequest, quota: QuotaUse | undefined, usage: UsageUse | undefined, want: number): Promise<TakeResult | undefined> {
    if (!this.breaker.allow()) {
      this.enterFallback('circuit open');
      return undefined;
    }
    try {
      const result = await this.backend.take(request.buckets, quota, usage, want, this.gateQuota);
      this.breaker.success();
      if (quota && result.quotaRemaining !== undefined) this.quotaRemaining.set(quota.key, result.quotaRemaining);
      if (this.degradedSince !== undefined) this.leaveFallback();
      this.observe(result.run ?? '', result.runReady ?? true);
      return result;
    } catch (error) {
      // One failure decides this one request locally; only the breaker (consecutive failures or a sustained
      // error rate) switches the replica into fallback.
      this.breaker.failure();
      this.onEvent({ type: 'backend-error', message: (error as Error).message });
      return undefined;
    }
  }

  /**
   * Reconciles with the backend's run: on a new run, unused tokens of earlier runs are dropped (their count
   * went with the old run; what was admitted from them is in the ledger), the ledger's earlier runs are carried
   * into the new one, and once the run is seeded and carried they are forgotten. Costs one comparison per
   * backend call when nothing changed.
   */
  private observe(run: string, ready: boolean): void {
    if (run === this.settledRun) return;
    if (run !== this.run) {
      if (this.run !== undefined) this.hadEarlierRun = true;
      this.run = run;
      this.reportedRun = undefined;
      for (const lease of this.leases.values()) if (lease.run !== run) lease.tokens = 0;
    }
    if (this.reportedRun !== run) {
      if (!ready || this.ledger.hasOtherThan(run)) {
        void this.report(run);
        return;
      }
      this.reportedRun = run;
    }
    if (ready) {
      this.ledger.dropOtherThan(run);
      this.settledRun = run;
    }
  }

  private report(run: string): Promise<void> {
    this.reporting ??= (async () => {
      try {
        const carries = this.ledger.carries(run);
        if (await this.backend.carry(run, carries, this.hadEarlierRun)) {
          if (this.run === run) this.reportedRun = run;
          const admissions = carries.reduce((n, c) => n + c.count, 0);
          this.onEvent({ type: 'run-carried', run, admissions, hadEarlierRun: this.hadEarlierRun });
        }
      } catch (error) {
        // Reported again at the next call or tick.
        this.onEvent({ type: 'backend-error', message: (error as Error).message });
      } finally {
        this.reporting = undefined;
      }
    })();
    return this.reporting;
  }

  /** Folds this replica's admissions of the settled run into the counters' persisted base. */
  private async fold(): Promise<void> {
    const run = this.settledRun;
    if (run === undefined || this.degradedSince !== undefined) return;
    const entries = this.ledger.toFold(run);
    if (entries.length === 0) return;
    const counts = entries.map((e) => e.admitted);
    try {
      const answers = await this.backend.fold(
        run,
        entries.map((e, i) => ({ key: e.key, count: counts[i], ttlSeconds: e.ttlSeconds })),
      );
      if (answers) this.ledger.folded(entries, counts, answers);
    } catch (error) {
      // Not folded (as far as this replica knows): the admissions stay in the ledger.
      this.onEvent({ type: 'backend-error', message: (error as Error).message });
    }
  }

  /** Once a second: the backend's run (recovery, new runs without traffic) and the fold. */
  private async tick(): Promise<void> {
    if (this.breaker.allow()) {
      try {
        const status = await this.backend.status();
        this.breaker.success();
        if (this.degradedSince !== undefined) this.leaveFallback();
        else this.drainPending(); // requests decided locally on single failures, refunds that were not sent
        this.observe(status.run, status.ready);
      } catch {
        this.breaker.failure();
        return;
      }
    }
    this.folding ??= this.fold().finally(() => (this.folding = undefined));
  }

  /** Fallback: this replica's share of every limit, from local buckets (fail-open) or nothing (fail-closed). */
  private decideLocally(request: ThrottleRequest, quota: QuotaUse | undefined, usage: UsageUse | undefined, now: number): Verdict {
    if (this.failMode === 'closed' || (quota && this.gateQuota)) {
      this.onEvent({ type: 'fallback-decision', verdict: 'throttled' });
      return 'throttled';
    }
    const scale = 1 / (this.degradedSince === undefined ? Math.max(1, this.replicas()) : this.fallbackReplicas);
    let localQuota: QuotaUse | undefined;
    if (quota) {
      const remaining = this.quotaRemaining.get(quota.key) ?? quota.limit;
      localQuota = { ...quota, limit: Math.floor(remaining * scale) };
    }
    const result = this.fallback.take(request.buckets, localQuota, undefined, 1, now, scale);
    const verdict: Verdict = result.granted > 0 ? 'allowed' : verdictOf(result);
    if (verdict === 'allowed' && (quota || usage)) {
      const run = this.run ?? '';
      this.record(run, quota, usage, now);
      const id = `${run}\u0000${quota?.key ?? ''}\u0000${usage?.key ?? ''}`;
      const pending = this.pendingUsage.get(id);
      if (pending) pending.count++;
      else this.pendingUsage.set(id, { quota, usage, count: 1, run });
    }
    this.onEvent({ type: 'fallback-decision', verdict });
    return verdict;
  }

  private enterFallback(reason: string): void {
    if (this.degradedSince !== undefined) return;
    this.degradedSince = this.now();
    this.fallbackReplicas = Math.max(1, this.replicas());
    // The local buckets are not reset: what requests decided locally before the breaker opened took from them
    // already, and a fresh bucket would hand out a second burst. Old state only holds fewer tokens (it refills).
    // Leased tokens stay usable until they expire: they were granted by the shared buckets.
    this.onEvent({ type: 'fallback-start', reason });
  }

  private leaveFallback(): void {
    const since = this.degradedSince ?? this.now();
    this.degradedSince = undefined;
    this.onEvent({ type: 'fallback-end', durationMs: this.now() - since });
    this.drainPending();
  }

  /** Adds requests admitted locally to the shared counters, and un-counts units leased but not used. */
  private drainPending(): void {
    if (this.pendingUsage.size === 0 && this.pendingRefunds.size === 0) return;
    const pending = [...this.pendingUsage.values()];
    this.pendingUsage.clear();
    const refunds = [...this.pendingRefunds.values()];
    this.pendingRefunds.clear();
    void (async () => {
      for (const p of pending) {
        try {
          // Not added when Redis is on another run by now: the ledger carries them into it instead.
          await this.backend.addUsage(p.quota, p.usage, p.count, p.run);
        } catch (error) {
          this.onEvent({ type: 'backend-error', message: (error as Error).message });
        }
      }
      for (const r of refunds) {
        try {
          // A no-op on another run (the script checks): the old run's count went with it.
          await this.backend.refund([], r.quota, r.usage, r.count, r.quotaGeneration, r.run);
        } catch (error) {
          this.onEvent({ type: 'backend-error', message: (error as Error).message });
        }
      }
    })();
  }

  private sweep(): void {
    const now = this.now();
    if (now - this.lastTickMs >= this.foldIntervalMs) {
      this.lastTickMs = now;
      void this.tick();
      this.ledger.sweep(now);
    }
    for (const [id, lease] of this.leases) {
      if (lease.pending) continue;
      if (lease.tokens > 0 && now >= lease.expiresAtMs) void this.giveBack(lease);
      else if (lease.tokens === 0 && now - lease.lastUsedMs > 60_000) this.leases.delete(id);
    }
    this.fallback.sweep(now);
  }
}

function admitFromLease(lease: Lease): Verdict {
  lease.tokens--;
  if (lease.quotaEntry) lease.quotaEntry.admitted++;
  if (lease.usageEntry) lease.usageEntry.admitted++;
  return 'allowed';
}

/** A refusal's verdict: a run not yet seeded refuses quota-bound requests as throttled (retry), not exhausted. */
function verdictOf(result: TakeResult): 'throttled' | 'quota-exceeded' {
  return result.denied === 'quota-exceeded' ? 'quota-exceeded' : 'throttled';
}
