import type { Registry } from 'prom-client';
import { redisOf, type DataPlaneConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { InProcessRegistry, RedisRegistry, type ConnectionRegistry } from './connection-registry.js';
import { WebSocketMetrics } from './websocket-metrics.js';
import { DEFAULT_WEBSOCKET_LIMITS, WebSocketRuntime, type WebSocketLogRecord } from './websocket-runtime.js';

/**
 * The data plane's WebSocket runtime: with `REDIS_URL` the connection registry is on Redis (so `@connections`
 * works from every replica, keys under `PORTICO_REDIS_KEY_PREFIX`), without it in this process only.
 */
export function createWebSocketRuntime(config: DataPlaneConfig, log: Logger, registry: Registry, accessLog: (record: WebSocketLogRecord) => void): WebSocketRuntime {
  const limits = config.websocket ?? DEFAULT_WEBSOCKET_LIMITS;
  const redis = redisOf(config);
  // A connection's key lives at most as long as a connection may (plus a minute): no ghost outlives a dead replica.
  const connections: ConnectionRegistry = redis ? new RedisRegistry(redis, limits.maxDurationMs + 60_000, log) : new InProcessRegistry();
  let runtime: WebSocketRuntime | undefined = undefined;
  const metrics = new WebSocketMetrics(registry, () => runtime?.size ?? 0);
  runtime = new WebSocketRuntime(limits, connections, metrics, log, accessLog);
  return runtime;
}
