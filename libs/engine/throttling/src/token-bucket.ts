/** The state of one token bucket: tokens held (fractional) as of `atMs`. */
export interface BucketState {
  tokens: number;
  atMs: number;
}

/**
 * Tokens available at `nowMs`: the stored tokens plus what the rate refilled since, never above capacity. A
 * bucket never seen is full (AWS admits a first burst). Time going backwards (clock step) refills nothing.
 */
export function availableTokens(state: BucketState | undefined, capacity: number, rate: number, nowMs: number): number {
  if (!state) return capacity;
  const elapsed = Math.max(0, nowMs - state.atMs);
  return Math.min(capacity, state.tokens + (elapsed * rate) / 1000);
}

/**
 * How long a bucket's state matters: after this many ms without a take it is full again, which is the same as
 * no state at all, so stores may forget it.
 */
export function refillTimeMs(capacity: number, rate: number): number {
  if (rate <= 0) return 24 * 3600 * 1000;
  return Math.ceil((capacity / rate) * 1000);
}
