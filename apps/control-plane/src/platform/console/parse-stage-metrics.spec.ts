import { parseStageMetrics } from './parse-stage-metrics.js';

describe('parseStageMetrics', () => {
  it('reads the per-stage counters and latency sums, skipping other series and malformed lines', () => {
    const text = [
      '# HELP apigateway_Count Requests to an API stage (CloudWatch Count).',
      '# TYPE apigateway_Count counter',
      'apigateway_Count{api_id="a1",api_name="pets \\"v2\\"",stage="prod"} 12',
      'apigateway_4XXError{api_id="a1",api_name="pets",stage="prod"} 3',
      'apigateway_5XXError{api_id="a1",api_name="pets",stage="prod"} 1',
      'apigateway_Latency_bucket{api_id="a1",api_name="pets",stage="prod",le="1"} 5',
      'apigateway_Latency_sum{api_id="a1",api_name="pets",stage="prod"} 48.5',
      'apigateway_Latency_count{api_id="a1",api_name="pets",stage="prod"} 12',
      'apigateway_Count{api_id="b2",api_name="",stage="dev"} 2',
      'apigateway_Count{stage="dev"} 9',
      'apigateway_Count{api_id="c3",stage="dev"} NaNx',
      'portico_process_cpu_seconds_total 3',
    ].join('\n');
    const totals = parseStageMetrics(text);
    expect(Object.fromEntries(totals)).toEqual({
      'a1 prod': { count: 12, clientErrors: 3, serverErrors: 1, latencySum: 48.5, latencyCount: 12 },
      'b2 dev': { count: 2, clientErrors: 0, serverErrors: 0, latencySum: 0, latencyCount: 0 },
    });
  });
});
