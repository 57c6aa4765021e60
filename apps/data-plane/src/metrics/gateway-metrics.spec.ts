import { GatewayMetrics } from './gateway-metrics.js';

const sample = (text: string, line: string) => text.split('\n').find((l) => l.startsWith(line + ' '));

describe('GatewayMetrics', () => {
  it('counts per API and stage with CloudWatch names, 4XX and 5XX apart, errors at zero from the first request', async () => {
    const metrics = new GatewayMetrics();
    metrics.setApiNames(new Map([['a1', 'pets']]));
    metrics.observe({ apiId: 'a1', stage: 'prod', httpMethod: 'GET', status: 200, latencyMs: 3, integrationLatencyMs: 2, context: {} });
    let text = await metrics.render();
    const labels = '{api_id="a1",api_name="pets",stage="prod"}';
    expect(sample(text, `apigateway_Count${labels}`)).toBe(`apigateway_Count${labels} 1`);
    expect(sample(text, `apigateway_4XXError${labels}`)).toBe(`apigateway_4XXError${labels} 0`);
    expect(sample(text, `apigateway_5XXError${labels}`)).toBe(`apigateway_5XXError${labels} 0`);

    metrics.observe({ apiId: 'a1', stage: 'prod', httpMethod: 'GET', status: 404, latencyMs: 1, context: {} });
    metrics.observe({ apiId: 'a1', stage: 'prod', httpMethod: 'GET', status: 504, latencyMs: 29_000, context: {} });
    metrics.observe({ httpMethod: 'GET', status: 403, latencyMs: 0, context: {} });
    text = await metrics.render();
    expect(sample(text, `apigateway_Count${labels}`)).toBe(`apigateway_Count${labels} 3`);
    expect(sample(text, `apigateway_4XXError${labels}`)).toBe(`apigateway_4XXError${labels} 1`);
    expect(sample(text, `apigateway_5XXError${labels}`)).toBe(`apigateway_5XXError${labels} 1`);
    expect(sample(text, `apigateway_IntegrationLatency_count${labels}`)).toBe(`apigateway_IntegrationLatency_count${labels} 1`);
    expect(sample(text, 'portico_unmatched_requests_total')).toBe('portico_unmatched_requests_total 1');
    // Cumulative buckets: 1 ms and 3 ms fall in le=1 and le=5, 29 000 ms in le=29000.
    const bucket = (le: string) => sample(text, `apigateway_Latency_bucket{api_id="a1",api_name="pets",stage="prod",le="${le}"}`)?.split(' ')[1];
    expect([bucket('1'), bucket('2.5'), bucket('5'), bucket('10000'), bucket('29000'), bucket('+Inf')]).toEqual(['1', '1', '2', '2', '3', '3']);
    expect(sample(text, `apigateway_Latency_sum${labels}`)).toBe(`apigateway_Latency_sum${labels} 29004`);
    expect(text).toContain('# TYPE apigateway_Latency histogram');
  });

  it('counts stage cache hits and misses (CacheHitCount, CacheMissCount); requests of uncached methods count in neither', async () => {
    const metrics = new GatewayMetrics();
    metrics.setApiNames(new Map([['a1', 'pets']]));
    for (const cacheResult of ['hit', 'hit', 'miss', undefined] as const) {
      metrics.observe({ apiId: 'a1', stage: 'prod', httpMethod: 'GET', status: 200, latencyMs: 1, context: {}, ...(cacheResult && { cacheResult }) });
    }
    const text = await metrics.render();
    const labels = '{api_id="a1",api_name="pets",stage="prod"}';
    expect(sample(text, `apigateway_CacheHitCount${labels}`)).toBe(`apigateway_CacheHitCount${labels} 2`);
    expect(sample(text, `apigateway_CacheMissCount${labels}`)).toBe(`apigateway_CacheMissCount${labels} 1`);
  });

  it('shows only the current config revision', async () => {
    const metrics = new GatewayMetrics();
    metrics.configLoaded('r1', 'control-plane', new Date(1000));
    metrics.configLoaded('r2', 'control-plane', new Date(2000));
    metrics.configFailed('control-plane', 'invalid');
    const text = await metrics.render();
    expect(text).not.toContain('revision="r1"');
    expect(sample(text, 'portico_config_revision_info{revision="r2"}')).toBeDefined();
    expect(sample(text, 'portico_config_loads_total{origin="control-plane"}')).toMatch(/ 2$/);
    expect(sample(text, 'portico_config_load_failures_total{origin="control-plane",reason="invalid"}')).toMatch(/ 1$/);
    expect(sample(text, 'portico_config_last_load_timestamp_seconds')).toMatch(/ 2$/);
  });
});
