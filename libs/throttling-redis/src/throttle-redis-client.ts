import { Redis } from 'ioredis';

export interface ThrottleRedisOptions {
  /**
   * Per-command timeout (default 1000 ms): a hung Redis turns into a local decision after this (a dead one fails
   * at once: no offline queue). Generous on purpose — a reply that arrives late was still counted by Redis, and
   * a busy machine delays healthy replies by tens of milliseconds; the circuit breaker handles real outages.
   */
  commandTimeoutMs?: number;
  /** Called on connection errors (ioredis reconnects by itself). */
  onError?(error: Error): void;
}

/**
 * A Redis client for request-path commands: commands fail at once while disconnected (no offline queue, no
 * retries) or after `commandTimeoutMs`, and the client keeps reconnecting in the background (≤ 1 s apart) so
 * that shared limiting resumes by itself when Redis is back.
 */
export function createThrottleRedis(url: string, options: ThrottleRedisOptions = {}): Redis {
  const redis = new Redis(url, {
    commandTimeout: options.commandTimeoutMs ?? 1000,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    retryStrategy: (times) => Math.min(100 * times, 1000),
    lazyConnect: false,
  });
  redis.on('error', (error: Error) => options.onError?.(error));
  return redis;
}
