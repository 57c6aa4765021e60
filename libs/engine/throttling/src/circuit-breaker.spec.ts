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

  it('stays closed on one slow reply, or on isolated failures among successes (a busy machine)', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ now: () => now });
    breaker.failure();
    expect(breaker.current).toBe('closed');
    // 1 failure in 10 calls for 5 s: below the 50 % rate, never 5 in a row.
    for (let i = 0; i < 500; i++) {
      now += 10;
      if (i % 10 === 0) breaker.failure();
      else breaker.success();
      expect(breaker.current).toBe('closed');
    }
  });

  it('opens on a sustained error rate although successes interleave', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 100, errorRate: { ratio: 0.5, minCalls: 20, windowMs: 1000 }, now: () => now });
    for (let i = 0; i < 40 && breaker.current === 'closed'; i++) {
      now += 10;
      if (i % 3 === 0) breaker.success();
      else breaker.failure();
    }
    expect(breaker.current).toBe('open');
  });

  it('does not open on a high error rate over too few calls', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 100, now: () => now });
    for (let i = 0; i < 10; i++) {
      now += 300;
      if (i % 2 === 0) breaker.failure();
      else breaker.success();
    }
    expect(breaker.current).toBe('closed');
  });
});
