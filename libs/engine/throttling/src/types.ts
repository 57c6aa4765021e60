import type { Carry, FoldAnswer } from './admission-ledger.js';

/**
 * One token bucket (spec §4.2): capacity = `burstLimit`, refilled at `rateLimit` tokens per second (fractional
 * rates allowed). `key` names the bucket's shared state; two specs with the same key are the same bucket.
 */
export interface BucketSpec {
  readonly key: string;
  readonly capacity: number;
  readonly rate: number;
}

export type QuotaPeriod = 'DAY' | 'WEEK' | 'MONTH';

/**
 * A usage-plan quota for one API key (spec §4.3): `limit` requests per UTC calendar period, `offset` of them
 * already spent in the first period (the one containing `firstPeriodStartMs`).
 */
export interface QuotaSpec {
  /** Prefix of the per-period counter key; the period's start date is appended. */
  readonly key: string;
  /** Prefix of the per-day usage counter key (GetUsage); the UTC date is appended. */
  readonly usageKey: string;
  readonly limit: number;
  readonly offset: number;
  readonly period: QuotaPeriod;
  /** Start (epoch ms) of the period in which the quota was set; `offset` applies in that period only. */
  readonly firstPeriodStartMs: number;
}

/**
 * Everything one request must be granted: a token from every bucket and, with a usage plan that has one, a unit
 * of quota. `id` identifies the combination (leases are held per combination); requests that share an id must
 * share buckets and quota.
 */
export interface ThrottleRequest {
  readonly id: string;
  readonly buckets: readonly BucketSpec[];
  readonly quota?: QuotaSpec;
  /** Counts admitted requests per day for GetUsage even without a quota (usage plan keys). */
  readonly usageKey?: string;
}

/** `throttled` → 429 THROTTLED "Too Many Requests"; `quota-exceeded` → 429 QUOTA_EXCEEDED "Limit Exceeded". */
export type Verdict = 'allowed' | 'throttled' | 'quota-exceeded';

/** Decides synchronously when it can (local buckets, a lease with tokens left), else asynchronously. */
export interface ThrottleStore {
  decide(request: ThrottleRequest): Verdict | Promise<Verdict>;
  close(): Promise<void>;
}

/** A quota counter resolved for the current period: what the shared backend reads and increments. */
export interface QuotaUse {
  /** Counter of the current period. */
  readonly key: string;
  /** Effective limit of the current period (limit, less `offset` in the first period). */
  readonly limit: number;
  /** Seconds the period counter must live (until the period ends, plus a margin). */
  readonly ttlSeconds: number;
}

/** A per-day usage counter resolved for today. */
export interface UsageUse {
  readonly key: string;
  readonly ttlSeconds: number;
}

export interface TakeResult {
  /** Tokens (and quota units) granted, 0..want. */
  readonly granted: number;
  /**
   * Why nothing was granted. `reseeding`: the backend's run is new (Redis restarted empty) and its counters are
   * not re-seeded yet, so a quota cannot be checked.
   */
  readonly denied?: 'throttled' | 'quota-exceeded' | 'reseeding';
  /** Quota units left in the period after this take (when there is a quota). */
  readonly quotaRemaining?: number;
  /**
   * The quota counter's generation when this take counted: setting the counter outright (UpdateUsage) starts a
   * new one, so that units leased before the reset are not refunded into the new count.
   */
  readonly quotaGeneration?: string;
  /** The backend's run (a new id after every restart that lost the counters); '' for a backend without runs. */
  readonly run?: string;
  /** Whether the run's counters are seeded (quota-bound requests are decided only then). */
  readonly runReady?: boolean;
}

/**
 * What a backend throws when it did not send the call at all (not connected): the call certainly did not run,
 * so it may be retried without counting twice.
 */
export class BackendNotSentError extends Error {
  readonly notSent = true;
}

/** The backend's run and whether its counters are seeded. */
export interface RunStatus {
  readonly run: string;
  readonly ready: boolean;
}

/**
 * The shared state behind every replica (Redis in production). `take` must be atomic: every bucket and the
 * quota are checked and debited together, or nothing is (one script call per decision).
 */
export interface SharedBackend {
  /**
   * `gateQuota`: refuse a quota-bound take (`denied: 'reseeding'`) while the run is not seeded — the
   * never-over-admit mode; without it quotas count from whatever the new run holds.
   */
  take(buckets: readonly BucketSpec[], quota: QuotaUse | undefined, usage: UsageUse | undefined, want: number, gateQuota: boolean): Promise<TakeResult>;
  /**
   * Gives back unused leased tokens, and quota and usage units while the counters are still of `run` (and the
   * quota counter of `quotaGeneration`).
   */
  refund(buckets: readonly BucketSpec[], quota: QuotaUse | undefined, usage: UsageUse | undefined, count: number, quotaGeneration: string | undefined, run: string): Promise<void>;
  /** Adds requests admitted while the backend was unreachable, if the backend is still on `run`; false if not. */
  addUsage(quota: QuotaUse | undefined, usage: UsageUse | undefined, count: number, run: string): Promise<boolean>;
  /** A cheap round trip: the run, so that a store notices recovery and new runs without waiting for traffic. */
  status(): Promise<RunStatus>;
  /**
   * Adds this replica's admissions of earlier runs to `run`'s counters and reports the replica (with the
   * replicas it knew) to the run's seeding. False when the backend is on another run by now.
   */
  carry(run: string, carries: readonly Carry[], hadEarlierRun: boolean): Promise<boolean>;
  /**
   * Folds admissions of `run` into the counters' persisted base; answers per counter (undefined when the backend
   * is on another run).
   */
  fold(run: string, folds: readonly Carry[]): Promise<FoldAnswer[] | undefined>;
}
