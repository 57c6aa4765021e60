import { Counter, Gauge, type Registry } from 'prom-client';
import type { ThrottleEvent } from '@portico/engine-throttling';

/**
 * Shared-throttling health for /metrics: every switch to local fallback buckets (Redis unreachable), every
 * decision made in fallback, and Redis errors. `portico_throttle_fallback_active` is 1 while in fallback.
 */
export class ThrottleMetrics {
  private readonly fallbacks: Counter;
  private readonly fallbackDecisions: Counter<'outcome'>;
  private readonly backendErrors: Counter;
  private readonly active: Gauge;

  constructor(registry: Registry) {
    this.fallbacks = new Counter({
      name: 'portico_throttle_fallback_total',
      help: 'Times this replica switched to local fallback buckets because the shared store (Redis) was unreachable.',
      registers: [registry],
    });
    this.fallbackDecisions = new Counter({
      name: 'portico_throttle_fallback_decisions_total',
      help: 'Throttle decisions made by local fallback buckets, by outcome (allowed, throttled, quota-exceeded).',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.backendErrors = new Counter({
      name: 'portico_throttle_backend_errors_total',
      help: 'Failed or timed-out calls to the shared throttle store.',
      registers: [registry],
    });
    this.active = new Gauge({
      name: 'portico_throttle_fallback_active',
      help: '1 while throttling decisions are made locally (shared store unreachable), else 0.',
      registers: [registry],
    });
    this.fallbacks.inc(0);
    this.backendErrors.inc(0);
    this.active.set(0);
  }

  record(event: ThrottleEvent): void {
    switch (event.type) {
      case 'fallback-start':
        this.fallbacks.inc();
        this.active.set(1);
        break;
      case 'fallback-end':
        this.active.set(0);
        break;
      case 'fallback-decision':
        this.fallbackDecisions.labels(event.verdict).inc();
        break;
      case 'backend-error':
        this.backendErrors.inc();
        break;
      case 'breaker':
        break;
    }
  }
}
