import { availableTokens, refillTimeMs, type BucketState } from './token-bucket.js';
import type { BucketSpec, QuotaUse, TakeResult, UsageUse } from './types.js';

interface Counter {
  n: number;
  expiresAtMs: number;
}

/**
 * Token buckets and counters in process memory, with the same take semantics as the shared script: every
 * bucket and the quota grant together or nothing is taken. `scale` shrinks every bucket to a replica's share
 * (fallback while the shared store is unreachable): capacity × scale (at least 1 token) and rate × scale.
 */
export class LocalBuckets {
  private readonly buckets = new Map<string, BucketState & { forgetAtMs: number }>();
  private readonly counters = new Map<string, Counter>();

  take(buckets: readonly BucketSpec[], quota: QuotaUse | undefined, usage: UsageUse | undefined, want: number, nowMs: number, scale = 1): TakeResult {
    let grant = want;
    let quotaRemaining: number | undefined;
    if (quota) {
      quotaRemaining = quota.limit - this.count(quota.key, nowMs);
      if (quotaRemaining < 1) return { granted: 0, denied: 'quota-exceeded', quotaRemaining: Math.max(0, quotaRemaining) };
      grant = Math.min(grant, Math.floor(quotaRemaining));
    }
    for (const b of buckets) {
      grant = Math.min(grant, Math.floor(availableTokens(this.buckets.get(b.key), capacityOf(b, scale), b.rate * scale, nowMs) + 1e-9));
    }
    if (grant < 1) return { granted: 0, denied: 'throttled', quotaRemaining };
    // Taken in place: a bucket seen before keeps its state object (no object per take on the request path).
    for (const b of buckets) {
      const capacity = capacityOf(b, scale);
      const rate = b.rate * scale;
      const state = this.buckets.get(b.key);
      const tokens = availableTokens(state, capacity, rate, nowMs) - grant;
      const forgetAtMs = nowMs + refillTimeMs(capacity, rate);
      if (state) {
        state.tokens = tokens;
        state.atMs = nowMs;
        state.forgetAtMs = forgetAtMs;
      } else {
        this.buckets.set(b.key, { tokens, atMs: nowMs, forgetAtMs });
      }
    }
    if (quota) {
      this.add(quota.key, grant, nowMs + quota.ttlSeconds * 1000, nowMs);
      quotaRemaining = (quotaRemaining ?? 0) - grant;
    }
    if (usage) this.add(usage.key, grant, nowMs + usage.ttlSeconds * 1000, nowMs);
    return { granted: grant, quotaRemaining };
  }

  /** Puts unused tokens back (capped at capacity) and un-counts their quota and usage. */
  refund(buckets: readonly BucketSpec[], quota: QuotaUse | undefined, usage: UsageUse | undefined, count: number, nowMs: number, scale = 1): void {
    for (const b of buckets) {
      const state = this.buckets.get(b.key);
      if (!state) continue;
      const capacity = capacityOf(b, scale);
      state.tokens = Math.min(capacity, availableTokens(state, capacity, b.rate * scale, nowMs) + count);
      state.atMs = nowMs;
    }
    if (quota) this.add(quota.key, -count, nowMs + quota.ttlSeconds * 1000, nowMs);
    if (usage) this.add(usage.key, -count, nowMs + usage.ttlSeconds * 1000, nowMs);
  }

  count(key: string, nowMs: number): number {
    const c = this.counters.get(key);
    return c && c.expiresAtMs > nowMs ? c.n : 0;
  }

  /** Overwrites a counter (UpdateUsage in standalone mode, seeding the fallback from the last shared value). */
  setCount(key: string, n: number, expiresAtMs: number): void {
    this.counters.set(key, { n, expiresAtMs });
  }

  add(key: string, n: number, expiresAtMs: number, nowMs: number): void {
    const c = this.counters.get(key);
    if (c && c.expiresAtMs > nowMs) {
      c.n = Math.max(0, c.n + n);
      c.expiresAtMs = expiresAtMs;
    } else {
      this.counters.set(key, { n: Math.max(0, n), expiresAtMs });
    }
  }

  /** Drops state that no longer matters (full buckets, expired counters); called periodically. */
  sweep(nowMs: number): void {
    for (const [key, state] of this.buckets) if (state.forgetAtMs <= nowMs) this.buckets.delete(key);
    for (const [key, c] of this.counters) if (c.expiresAtMs <= nowMs) this.counters.delete(key);
  }

  clear(): void {
    this.buckets.clear();
    this.counters.clear();
  }
}

// A share of a burst is at least one token, or a replica could never admit anything; a zero burst stays zero.
function capacityOf(b: BucketSpec, scale: number): number {
  return b.capacity <= 0 ? 0 : Math.max(1, b.capacity * scale);
}
