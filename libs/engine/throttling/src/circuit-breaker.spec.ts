import { CircuitBreaker, type BreakerState } from './circuit-breaker.js';

describe('CircuitBreaker', () => {
  it('opens after consecutive failures, refuses while open, lets one probe through, closes on success', () => {
    let now = 0;
    const changes: BreakerState[] = [];
    const breaker = new CircuitBreaker({ failureThreshold: 2, openMs: 1000, now: () => now, onChange: (s) => changes.push(s) });
    expect(breaker.allow()).toBe(true);
    breaker.failure();
    expect(breaker.current).toBe('closed');
    breaker.failure();
    expect(breaker.current).toBe('open');
    expect(breaker.allow()).toBe(false);
    now = 1000;
    expect(breaker.allow()).toBe(true); // the probe
    expect(breaker.allow()).toBe(false); // one probe at a time
    breaker.failure();
    expect(breaker.current).toBe('open');
    now = 2500;
    expect(breaker.allow()).toBe(true);
    breaker.success();
    expect(breaker.current).toBe('closed');
    expect(changes).toEqual(['open', 'half-open', 'open', 'half-open', 'closed']);
  });
});
