export type BreakerState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit (default 5). */
  failureThreshold?: number;
  /**
   * A sustained error rate that opens the circuit although successes interleave: at least `minCalls` calls in
   * the last `windowMs`, of which at least `ratio` failed (default 20 calls, 1000 ms, 0.5).
   */
  errorRate?: { ratio?: number; minCalls?: number; windowMs?: number };
  /** How long an open circuit refuses calls before one probe is let through (default 1000 ms). */
  openMs?: number;
  now?: () => number;
  onChange?(state: BreakerState, previous: BreakerState): void;
}

/**
 * Stops waiting on a dead dependency: after `failureThreshold` consecutive failures, or a sustained error rate,
 * every call is refused at once for `openMs`; then one probe call is allowed (half-open) — success closes the
 * circuit, failure re-opens it. A refused call costs a comparison, so a dead Redis costs requests ~0 ms.
 *
 * Why not open on the first failure: on a busy machine one reply can be late while Redis is healthy, and
 * flipping every replica into fallback for a slow reply trades exact shared limits for local shares for no
 * reason. One failure costs one locally decided request; an outage (a run of failures) opens the circuit.
 */
export class CircuitBreaker {
  private state: BreakerState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private readonly threshold: number;
  private readonly openMs: number;
  private readonly ratio: number;
  private readonly minCalls: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  // The error rate over two adjacent windows (current and previous), weighted: no per-call allocation.
  private windowStart = 0;
  private calls = 0;
  private errors = 0;
  private previousCalls = 0;
  private previousErrors = 0;

  constructor(private readonly options: CircuitBreakerOptions = {}) {
    this.threshold = options.failureThreshold ?? 5;
    this.openMs = options.openMs ?? 1000;
    this.ratio = options.errorRate?.ratio ?? 0.5;
    this.minCalls = options.errorRate?.minCalls ?? 20;
    this.windowMs = options.errorRate?.windowMs ?? 1000;
    this.now = options.now ?? Date.now;
  }

  get current(): BreakerState {
    return this.state;
  }

  /** Whether a call may go to the dependency now. In half-open state only one probe is in flight at a time. */
  allow(): boolean {
    if (this.state === 'closed') return true;
    if (this.state === 'open') {
      if (this.now() - this.openedAt < this.openMs) return false;
      this.set('half-open');
    }
    if (this.probing) return false;
    this.probing = true;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.probing = false;
    this.count(false);
    if (this.state !== 'closed') this.set('closed');
  }

  failure(): void {
    this.probing = false;
    this.failures++;
    const rateExceeded = this.count(true);
    if (this.state === 'half-open' || (this.state === 'closed' && (this.failures >= this.threshold || rateExceeded))) {
      this.openedAt = this.now();
      this.resetWindow(this.openedAt);
      this.set('open');
    }
  }

  /** Records one call; returns whether the error rate over the sliding window is at or above `ratio`. */
  private count(failed: boolean): boolean {
    const now = this.now();
    const elapsed = now - this.windowStart;
    if (elapsed >= 2 * this.windowMs) {
      this.resetWindow(now);
    } else if (elapsed >= this.windowMs) {
      this.previousCalls = this.calls;
      this.previousErrors = this.errors;
      this.calls = 0;
      this.errors = 0;
      this.windowStart += this.windowMs;
    }
    this.calls++;
    if (failed) this.errors++;
    const weight = 1 - (now - this.windowStart) / this.windowMs;
    const calls = this.calls + this.previousCalls * weight;
    const errors = this.errors + this.previousErrors * weight;
    return calls >= this.minCalls && errors >= calls * this.ratio;
  }

  private resetWindow(now: number): void {
    this.windowStart = now;
    this.calls = 0;
    this.errors = 0;
    this.previousCalls = 0;
    this.previousErrors = 0;
  }

  private set(state: BreakerState): void {
    const previous = this.state;
    this.state = state;
    this.options.onChange?.(state, previous);
  }
}
