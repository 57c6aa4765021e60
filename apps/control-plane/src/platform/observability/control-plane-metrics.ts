import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The control plane's Prometheus metrics (`GET /metrics` on the admin port): admin requests by AWS operation and
 * status, config document builds (count, duration, size) and serves (200 or 304), and whether the database and
 * Redis answer, probed when scraped. Labels are bounded: operation names come from a fixed table.
 */
export class ControlPlaneMetrics {
  readonly registry = new Registry();
  private readonly adminRequests = new Counter({
    name: 'portico_admin_requests_total',
    help: 'Admin API requests, by AWS operation name and HTTP status',
    labelNames: ['operation', 'status'],
    registers: [this.registry],
  });
  private readonly adminDuration = new Histogram({
    name: 'portico_admin_request_duration_seconds',
    help: 'Admin API request duration, by AWS operation name',
    labelNames: ['operation'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly documentBuilds = new Histogram({
    name: 'portico_config_document_build_seconds',
    help: 'Config document builds (one per data-plane fetch or poll) and how long each took',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly documentBytes = new Gauge({
    name: 'portico_config_document_bytes',
    help: 'Size of the last config document served with a body (JSON bytes)',
    registers: [this.registry],
  });
  private readonly documentServes = new Counter({
    name: 'portico_config_document_serves_total',
    help: 'Config document requests answered, by status (200 with the document, 304 when the ETag matched)',
    labelNames: ['status'],
    registers: [this.registry],
  });

  constructor(probes: { database: () => Promise<boolean>; redis?: () => Promise<boolean> }) {
    new Gauge({
      name: 'portico_database_up',
      help: '1 when the database answers and every migration is applied, else 0 (probed at scrape time)',
      registers: [this.registry],
      async collect() {
        this.set((await probes.database().catch(() => false)) ? 1 : 0);
      },
    });
    if (probes.redis) {
      const redis = probes.redis;
      new Gauge({
        name: 'portico_redis_up',
        help: '1 when Redis (REDIS_URL) answers PING, else 0 (probed at scrape time)',
        registers: [this.registry],
        async collect() {
          this.set((await redis().catch(() => false)) ? 1 : 0);
        },
      });
    }
  }

  adminRequest(operation: string, status: number, seconds: number): void {
    this.adminRequests.inc({ operation, status: String(status) });
    this.adminDuration.observe({ operation }, seconds);
  }

  documentBuilt(seconds: number): void {
    this.documentBuilds.observe(seconds);
  }

  documentServed(status: 200 | 304, bytes?: number): void {
    this.documentServes.inc({ status: String(status) });
    if (bytes !== undefined) this.documentBytes.set(bytes);
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
