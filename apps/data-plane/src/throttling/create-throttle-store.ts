import {
  DEFAULT_THROTTLE_KEY_PREFIX,
  LocalThrottleStore,
  SharedThrottleStore,
  ThrottleKeys,
  type ThrottleEvent,
  type ThrottleStore,
} from '@portico/engine-throttling';
import { createThrottleRedis, RedisThrottleBackend, ReplicaRegistry } from '@portico/throttling-redis';
import type { DataPlaneConfig } from '../config.js';
import type { Logger } from '../logger.js';

export interface ThrottleSettings {
  /** `lease` (default): tokens taken from Redis in small batches; `exact`: one Redis call per request. */
  mode: 'exact' | 'lease';
  /** While Redis is unreachable: `open` (default) local buckets at this replica's share; `closed` 429. */
  failMode: 'open' | 'closed';
  /** Redis command timeout for throttling calls (default 50 ms). */
  redisTimeoutMs: number;
  /** How long leased tokens may be used before they go back (default 100 ms). */
  leaseMs: number;
}

export const DEFAULT_THROTTLE_SETTINGS: ThrottleSettings = { mode: 'lease', failMode: 'open', redisTimeoutMs: 50, leaseMs: 100 };

export interface ThrottleRuntime {
  store: ThrottleStore;
  close(): Promise<void>;
}

/**
 * With REDIS_URL, buckets and quotas are shared by every replica through Redis, with a local fallback while
 * Redis is unreachable (each switch logged and counted); without it (standalone), they live in process memory.
 */
export function createThrottleStore(config: DataPlaneConfig, log: Logger, onEvent: (event: ThrottleEvent) => void): ThrottleRuntime {
  if (!config.redisUrl) {
    const store = new LocalThrottleStore();
    return { store, close: () => store.close() };
  }
  const settings = config.throttle ?? DEFAULT_THROTTLE_SETTINGS;
  const redis = createThrottleRedis(config.redisUrl, { commandTimeoutMs: settings.redisTimeoutMs });
  const keys = new ThrottleKeys(DEFAULT_THROTTLE_KEY_PREFIX, config.accountId);
  const registry = new ReplicaRegistry(redis, keys.replicas());
  registry.start();
  const store = new SharedThrottleStore({
    backend: new RedisThrottleBackend(redis),
    mode: settings.mode,
    failMode: settings.failMode,
    leaseMs: settings.leaseMs,
    replicas: () => registry.replicas(),
    onEvent: (event) => {
      onEvent(event);
      if (event.type === 'fallback-start') {
        log.log('warn', 'throttling falls back to local buckets (shared store unreachable)', {
          reason: event.reason,
          failMode: settings.failMode,
          replicas: registry.replicas(),
        });
      } else if (event.type === 'fallback-end') {
        log.log('info', 'throttling is shared again (Redis reachable)', { fallbackMs: event.durationMs });
      }
    },
  });
  return {
    store,
    async close() {
      await store.close();
      await registry.stop();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
