import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { RequestRecord } from '@portico/gateway-rest';
import { renderStageSeries, StageSeries } from './stage-series.js';

export type ConfigOrigin = 'control-plane' | 'cache' | 'file';
/** `schema-version`: a document of a schema version this build does not read (refused before anything else of it is looked at). */
export type ConfigFailureReason = 'fetch' | 'invalid' | 'compile' | 'read' | 'schema-version';

/**
 * Prometheus metrics for one data plane. The per-API series carry CloudWatch's `AWS/ApiGateway` names (spec
 * §5.5) — Count, 4XXError, 5XXError, Latency, IntegrationLatency — with the ApiId/ApiName/Stage dimensions as
 * labels, so dashboards written against CloudWatch map one to one.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  /** By API id, then stage: two lookups of the record's own strings, no key built per request. */
  private readonly series = new Map<string, Map<string, StageSeries>>();
  private apiNames = new Map<string, string>();
  private unmatchedRequests = 0;

  private readonly unmatched = new Counter({
    name: 'portico_unmatched_requests_total',
    help: 'Requests that matched no API and stage (answered with a gateway response).',
    registers: [this.registry],
    collect: () => {
      this.unmatched.reset();
      this.unmatched.inc(this.unmatchedRequests);
    },
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
  private readonly lastKnownGood = new Gauge({
    name: 'portico_config_serving_last_known_good',
    help: 'Value 1 while the newest config document received was refused (see /health/ready lastRejected) and the previous one keeps serving.',
    registers: [this.registry],
  });

  private readonly rejectedSchemaVersion = new Gauge({
    name: 'portico_config_rejected_schema_version',
    help: 'Schema version of the newest config document refused for its schema version (0: none, or not a number).',
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
  }

  /** Runs once per request, after the response: keep it to a lookup and a few additions. */
  observe(record: RequestRecord): void {
    if (record.apiId === undefined) {
      this.unmatchedRequests++;
      return;
    }
    const stage = record.stage ?? '';
    let stages = this.series.get(record.apiId);
    if (!stages) this.series.set(record.apiId, (stages = new Map()));
    // A stage's canary requests have their own series (label canary="true"), as AWS logs them apart (`…/Canary`).
    const key = record.canary ? `${stage}\0canary` : stage;
    let s = stages.get(key);
    if (!s) {
      s = new StageSeries(record.apiId, stage, undefined, record.canary === true);
      stages.set(key, s);
    }
    s.count++;
    if (record.status >= 500) s.serverErrors++;
    else if (record.status >= 400) s.clientErrors++;
    s.latency.observe(record.latencyMs);
    if (record.integrationLatencyMs !== undefined) s.integrationLatency.observe(record.integrationLatencyMs);
    if (record.dataProcessed !== undefined) s.dataProcessed += record.dataProcessed;
    if (record.cacheResult === 'hit') s.cacheHits++;
    else if (record.cacheResult === 'miss') s.cacheMisses++;
    // HTTP API routes with detailedMetricsEnabled get their own series too (the Route dimension), as on AWS.
    if (record.detailedRoute !== undefined) {
      const key = `${stage}\n${record.detailedRoute}`;
      let r = stages.get(key);
      if (!r) stages.set(key, (r = new StageSeries(record.apiId, stage, record.detailedRoute)));
      r.count++;
      if (record.status >= 500) r.serverErrors++;
      else if (record.status >= 400) r.clientErrors++;
      r.latency.observe(record.latencyMs);
      if (record.integrationLatencyMs !== undefined) r.integrationLatency.observe(record.integrationLatencyMs);
      if (record.dataProcessed !== undefined) r.dataProcessed += record.dataProcessed;
    }
  }

  configLoaded(revision: string, origin: ConfigOrigin, at: Date): void {
    this.configRevision.reset();
    this.configRevision.labels(revision).set(1);
    this.configLoadedAt.set(at.getTime() / 1000);
    this.configLoads.labels(origin).inc();
    this.lastKnownGood.set(0);
    this.rejectedSchemaVersion.set(0);
  }

  /** A document was refused: `serving` says whether an earlier one keeps serving. */
  configRejected(serving: boolean, schemaVersion?: unknown): void {
    this.lastKnownGood.set(serving ? 1 : 0);
    if (schemaVersion !== undefined) this.rejectedSchemaVersion.set(typeof schemaVersion === 'number' && Number.isFinite(schemaVersion) ? schemaVersion : 0);
  }

  configFailed(origin: ConfigOrigin, reason: ConfigFailureReason): void {
    this.configFailures.labels(origin, reason).inc();
  }

  async render(): Promise<string> {
    const others = await this.registry.metrics();
    const all = [...this.series.values()].flatMap((stages) => [...stages.values()]);
    return renderStageSeries(all, (apiId) => this.apiNames.get(apiId) ?? '') + others;
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
