import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS_MS } from '../metrics/stage-series.js';

/** The series of one API stage, resolved once per connection (prom-client's label lookup is not per message). */
export interface StageCounters {
  connect(): void;
  message(): void;
  clientError(): void;
  executionError(): void;
  integrationError(): void;
  integrationLatency(ms: number): void;
}

/**
 * CloudWatch's WebSocket metrics (spec §9, namespace AWS/ApiGateway) under their names: ConnectCount,
 * MessageCount (to and from the client), ClientError, ExecutionError, IntegrationError, IntegrationLatency, with
 * the ApiId/Stage dimensions as labels; plus the open connections of this replica.
 */
export class WebSocketMetrics {
  private readonly connectCount: Counter<'api_id' | 'stage'>;
  private readonly messageCount: Counter<'api_id' | 'stage'>;
  private readonly clientError: Counter<'api_id' | 'stage'>;
  private readonly executionError: Counter<'api_id' | 'stage'>;
  private readonly integrationError: Counter<'api_id' | 'stage'>;
  private readonly latency: Histogram<'api_id' | 'stage'>;
  private readonly stages = new Map<string, StageCounters>();

  constructor(registry: Registry, openConnections: () => number) {
    const labelNames = ['api_id', 'stage'] as const;
    const counter = (name: string, help: string) => new Counter({ name, help, labelNames, registers: [registry] });
    this.connectCount = counter('apigateway_ConnectCount', 'WebSocket connections accepted ($connect succeeded; CloudWatch ConnectCount).');
    this.messageCount = counter('apigateway_MessageCount', 'WebSocket messages received from and sent to clients (CloudWatch MessageCount).');
    this.clientError = counter('apigateway_ClientError', 'WebSocket requests refused by the gateway before the integration ran (CloudWatch ClientError).');
    this.executionError = counter('apigateway_ExecutionError', 'WebSocket requests whose integration could not be run (CloudWatch ExecutionError).');
    this.integrationError = counter('apigateway_IntegrationError', 'WebSocket requests whose integration answered 4XX/5XX (CloudWatch IntegrationError).');
    this.latency = new Histogram({
      name: 'apigateway_WebSocketIntegrationLatency',
      help: 'Milliseconds of WebSocket integrations (CloudWatch IntegrationLatency of WebSocket APIs; not for mocks).',
      labelNames,
      buckets: LATENCY_BUCKETS_MS,
      registers: [registry],
    });
    new Gauge({ name: 'portico_websocket_connections', help: 'WebSocket connections open on this replica.', registers: [registry], collect() { this.set(openConnections()); } });
  }

  stage(apiId: string, stage: string): StageCounters {
    const key = `${apiId}/${stage}`;
    let counters = this.stages.get(key);
    if (!counters) {
      const labels = { api_id: apiId, stage };
      const connect = this.connectCount.labels(labels);
      const message = this.messageCount.labels(labels);
      const client = this.clientError.labels(labels);
      const execution = this.executionError.labels(labels);
      const integration = this.integrationError.labels(labels);
      const latency = this.latency.labels(labels);
      counters = {
        connect: () => connect.inc(),
        message: () => message.inc(),
        clientError: () => client.inc(),
        executionError: () => execution.inc(),
        integrationError: () => integration.inc(),
        integrationLatency: (ms) => latency.observe(ms),
      };
      this.stages.set(key, counters);
    }
    return counters;
  }
}
