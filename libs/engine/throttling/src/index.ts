export type {
  BucketSpec,
  QuotaPeriod,
  QuotaSpec,
  QuotaUse,
  RunStatus,
  SharedBackend,
  TakeResult,
  ThrottleRequest,
  ThrottleStore,
  UsageUse,
  Verdict,
} from './types.js';
export { BackendNotSentError } from './types.js';
export { availableTokens, refillTimeMs } from './token-bucket.js';
export type { BucketState } from './token-bucket.js';
export { PeriodClock, effectiveLimit, periodEndMs, periodStartMs, utcDate } from './quota-period.js';
export { USAGE_TTL_SECONDS, resolveQuota, resolveUsage } from './resolve-counters.js';
export { LocalBuckets } from './local-buckets.js';
export { LocalThrottleStore } from './local-store.js';
export type { LocalStoreOptions } from './local-store.js';
export { CircuitBreaker } from './circuit-breaker.js';
export type { BreakerState, CircuitBreakerOptions } from './circuit-breaker.js';
export { SharedThrottleStore } from './shared-store.js';
export type { FailMode, QuotaFailMode, SharedMode, SharedStoreOptions, ThrottleEvent } from './shared-store.js';
export { AdmissionLedger } from './admission-ledger.js';
export type { Carry, FoldAnswer, LedgerEntry } from './admission-ledger.js';
export { DEFAULT_THROTTLE_KEY_PREFIX, ThrottleKeys } from './keys.js';
export {
  ADD_USAGE_SCRIPT,
  CARRY_SCRIPT,
  FOLD_SCRIPT,
  REFUND_SCRIPT,
  RUN_PREAMBLE,
  STATUS_SCRIPT,
  TAKE_SCRIPT,
  encodeCarryArgs,
  encodeFoldArgs,
  encodeTakeArgs,
} from './shared-script.js';
