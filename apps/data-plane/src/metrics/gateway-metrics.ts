import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RequestRecord } from '../pipeline/index.js';

/** Latency buckets in milliseconds, from a cached MOCK response to API Gateway's 29 s integration limit. */
const LATENCY_BUCKETS_MS = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 29_000];

type ApiLabels = 'api_id' | 'api_name' | 'stage';

interface StageSeries {
  count: Counter.Internal;
  clientErrors: Counter.Internal;
  serverErrors: Counter.Internal;
  latency: Histogram.Internal<ApiLabels>;
  integrationLatency: Histogram.Internal<ApiLabels>;
}

export type ConfigOrigin = 'control-plane' | 'cache' | 'file';
export type ConfigFailureReason = 'fetch' | 'invalid' | 'compile' | 'read';

/**
 * Prometheus metrics for one data plane. The per-API series carry CloudWatch's `AWS/ApiGateway` names (spec
 * §5.5) — Count, 4XXError, 5XXError, Latency, IntegrationLatency — with the ApiId/ApiName/Stage dimensions as
 * labels, so dashboards written against CloudWatch map one to one.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly series = new Map<string, StageSeries>();
  private apiNames = new Map<string, string>();

  private readonly count = this.counter('apigateway_Count', 'Requests to an API stage (CloudWatch Count).');
  private readonly clientErrors = this.counter('apigateway_4XXError', 'Responses with a 4XX status (CloudWatch 4XXError).');
  private readonly serverErrors = this.counter('apigateway_5XXError', 'Responses with a 5XX status (CloudWatch 5XXError).');
  private readonly latency = this.histogram(
    'apigateway_Latency',
    'Milliseconds from receiving a request to sending the response (CloudWatch Latency).',
  );
  private readonly integrationLatency = this.histogram(
    'apigateway_IntegrationLatency',
    'Milliseconds from relaying a request to the backend to receiving its response (CloudWatch IntegrationLatency).',
  );
  private readonly unmatched = new Counter({
    name: 'portico_unmatched_requests_total',
    help: 'Requests that matched no API and stage (answered with a gateway response).',
    registers: [this.registry],
  });

  private readonly configRevision = new Gauge({
    name: 'portico_config_revision_info',
    help: 'The config document revision being served (value 1 on the current revision).',
    labelNames: ['revision'],
    registers: [this.registry],
  });
  private readonly configLoadedAt = new Gauge({
    name: 'portico_config_last_load_timestamp_seconds',
    help: 'When the document being served was loaded.',
    registers: [this.registry],
  });
  private readonly configLoads = new Counter({
    name: 'portico_config_loads_total',
    help: 'Config documents compiled and swapped in, by where they came from.',
    labelNames: ['origin'],
    registers: [this.registry],
  });
  private readonly configFailures = new Counter({
    name: 'portico_config_load_failures_total',
    help: 'Config documents that could not be fetched, read, validated or compiled (the previous one kept serving).',
    labelNames: ['origin', 'reason'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'portico_' });
  }

  /** Called on every swap: API names label the series (CloudWatch's ApiName dimension). */
  setApiNames(names: Map<string, string>): void {
    this.apiNames = names;
    this.series.clear();
  }

  observe(record: RequestRecord): void {
    if (record.apiId === undefined) {
      this.unmatched.inc();
      return;
    }
    const s = this.seriesFor(record.apiId, record.stage ?? '');
    s.count.inc();
    if (record.status >= 500) s.serverErrors.inc();
    else if (record.status >= 400) s.clientErrors.inc();
    s.latency.observe(record.latencyMs);
    if (record.integrationLatencyMs !== undefined) s.integrationLatency.observe(record.integrationLatencyMs);
  }

  configLoaded(revision: string, origin: ConfigOrigin, at: Date): void {
    this.configRevision.reset();
    this.configRevision.labels(revision).set(1);
    this.configLoadedAt.set(at.getTime() / 1000);
    this.configLoads.labels(origin).inc();
  }

  configFailed(origin: ConfigOrigin, reason: ConfigFailureReason): void {
    this.configFailures.labels(origin, reason).inc();
  }

  async render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  // Label lookups hash the label values; the per-stage children are cached so a request pays one Map lookup.
  private seriesFor(apiId: string, stage: string): StageSeries {
    const key = `${apiId}\u0000${stage}`;
    let s = this.series.get(key);
    if (!s) {
      const labels = { api_id: apiId, api_name: this.apiNames.get(apiId) ?? '', stage };
      s = {
        count: this.count.labels(labels),
        clientErrors: this.clientErrors.labels(labels),
        serverErrors: this.serverErrors.labels(labels),
        latency: this.latency.labels(labels),
        integrationLatency: this.integrationLatency.labels(labels),
      };
      // Zero-valued error series from the first request on, so error rates are 0 rather than absent.
      s.clientErrors.inc(0);
      s.serverErrors.inc(0);
      this.series.set(key, s);
    }
    return s;
  }

  private counter(name: string, help: string): Counter<ApiLabels> {
    return new Counter({ name, help, labelNames: ['api_id', 'api_name', 'stage'], registers: [this.registry] });
  }

  private histogram(name: string, help: string): Histogram<ApiLabels> {
    return new Histogram({
      name,
      help,
      labelNames: ['api_id', 'api_name', 'stage'],
      buckets: LATENCY_BUCKETS_MS,
      registers: [this.registry],
    });
  }
}
