import { LocalBuckets } from './local-buckets.js';
import { PeriodClock } from './quota-period.js';
import { resolveQuota, resolveUsage } from './resolve-counters.js';
import type { ThrottleRequest, ThrottleStore, Verdict } from './types.js';

export interface LocalStoreOptions {
  now?: () => number;
}

/**
 * Standalone mode (no Redis): every bucket and quota in process memory, exact for this one process, decided
 * synchronously. Same semantics as the shared store: all buckets grant together, only admitted requests count.
 */
export class LocalThrottleStore implements ThrottleStore {
  readonly buckets = new LocalBuckets();
  private readonly clock = new PeriodClock();
  private readonly now: () => number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(options: LocalStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.sweeper = setInterval(() => this.buckets.sweep(this.now()), 10_000);
    this.sweeper.unref();
  }

  decide(request: ThrottleRequest): Verdict {
    const now = this.now();
    const result = this.buckets.take(request.buckets, resolveQuota(request, this.clock, now), resolveUsage(request, this.clock, now), 1, now);
    return result.granted > 0 ? 'allowed' : result.denied === 'quota-exceeded' ? 'quota-exceeded' : 'throttled';
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
  }
}
