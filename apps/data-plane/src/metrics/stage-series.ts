/**
 * Per-API-stage request metrics kept as plain numbers: a request costs a Map lookup and a few additions.
 * (prom-client's labelled metrics re-hash and re-validate the label values on every call, several µs per
 * request on the hot path; here that work happens once per scrape instead.)
 */

/** Latency buckets in milliseconds, from a cached MOCK response to API Gateway's 29 s integration limit. */
export const LATENCY_BUCKETS_MS = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 29_000];

export class LatencyHistogram {
  /** Non-cumulative counts per bucket; the last slot is +Inf. */
  readonly counts = new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0);
  sum = 0;
  count = 0;

  observe(ms: number): void {
    let i = 0;
    while (i < LATENCY_BUCKETS_MS.length && ms > LATENCY_BUCKETS_MS[i]) i++;
    this.counts[i]++;
    this.sum += ms;
    this.count++;
  }
}

export class StageSeries {
  count = 0;
  clientErrors = 0;
  serverErrors = 0;
  /** Request and response bytes (CloudWatch DataProcessed); recorded for HTTP APIs. */
  dataProcessed = 0;
  /** REST methods with the stage cache on: answered from the cache, or not (CloudWatch CacheHitCount/CacheMissCount). */
  cacheHits = 0;
  cacheMisses = 0;
  readonly latency = new LatencyHistogram();
  readonly integrationLatency = new LatencyHistogram();

  constructor(
    readonly apiId: string,
    readonly stage: string,
    /** An HTTP API route key with detailed metrics on (CloudWatch's Route dimension); undefined: the whole stage. */
    readonly route?: string,
    /** REST APIs: the stage's canary requests (label `canary="true"`); base requests carry no canary label. */
    readonly canary = false,
  ) {}
}

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

/** Prometheus text exposition (version 0.0.4) of the per-stage series, CloudWatch names. */
export function renderStageSeries(series: Iterable<StageSeries>, apiName: (apiId: string) => string): string {
  const all = [...series];
  const labelsOf = (s: StageSeries) =>
    `api_id="${escapeLabel(s.apiId)}",api_name="${escapeLabel(apiName(s.apiId))}",stage="${escapeLabel(s.stage)}"${s.route === undefined ? '' : `,route="${escapeLabel(s.route)}"`}${s.canary ? ',canary="true"' : ''}`;
  const out: string[] = [];
  const counter = (name: string, help: string, value: (s: StageSeries) => number) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
    for (const s of all) out.push(`${name}{${labelsOf(s)}} ${value(s)}`);
  };
  const histogram = (name: string, help: string, value: (s: StageSeries) => LatencyHistogram) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
    for (const s of all) {
      const h = value(s);
      const labels = labelsOf(s);
      let cumulative = 0;
      for (let i = 0; i < LATENCY_BUCKETS_MS.length; i++) {
        cumulative += h.counts[i];
        out.push(`${name}_bucket{${labels},le="${LATENCY_BUCKETS_MS[i]}"} ${cumulative}`);
      }
      out.push(`${name}_bucket{${labels},le="+Inf"} ${h.count}`, `${name}_sum{${labels}} ${h.sum}`, `${name}_count{${labels}} ${h.count}`);
    }
  };
  counter('apigateway_Count', 'Requests to an API stage (CloudWatch Count).', (s) => s.count);
  counter('apigateway_4XXError', 'Responses with a 4XX status (CloudWatch 4XXError).', (s) => s.clientErrors);
  counter('apigateway_5XXError', 'Responses with a 5XX status (CloudWatch 5XXError).', (s) => s.serverErrors);
  counter('apigateway_DataProcessed', 'Request and response bytes of HTTP APIs (CloudWatch DataProcessed).', (s) => s.dataProcessed);
  counter('apigateway_CacheHitCount', 'Requests served from the stage cache (CloudWatch CacheHitCount).', (s) => s.cacheHits);
  counter('apigateway_CacheMissCount', 'Requests of cached methods served from the backend (CloudWatch CacheMissCount).', (s) => s.cacheMisses);
  histogram('apigateway_Latency', 'Milliseconds from receiving a request to sending the response (CloudWatch Latency).', (s) => s.latency);
  histogram(
    'apigateway_IntegrationLatency',
    'Milliseconds from relaying a request to the backend to receiving its response (CloudWatch IntegrationLatency).',
    (s) => s.integrationLatency,
  );
  return out.join('\n') + '\n';
}
