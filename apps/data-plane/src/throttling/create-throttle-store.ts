import {
  DEFAULT_THROTTLE_KEY_PREFIX,
  LocalThrottleStore,
  SharedThrottleStore,
  ThrottleKeys,
  USAGE_TTL_SECONDS,
  type ThrottleEvent,
  type ThrottleStore,
} from '@portico/engine-throttling';
import { closeRedisClient, createRedisClient, redisName } from '@portico/redis';
import { RedisThrottleBackend, ReplicaRegistry, RunSeeder, UsageCounters } from '@portico/throttling-redis';
import type { Redis } from 'ioredis';
import { redisOf, type DataPlaneConfig } from '../config.js';
import { redisLog, type Logger } from '../logger.js';
import { DEFAULT_THROTTLE_SETTINGS } from './throttle-settings.js';

export type { ThrottleSettings } from './throttle-settings.js';

/** How often a data plane without a control plane looks for a Redis run to seed. */
const SEED_CHECK_MS = 250;

export interface ThrottleRuntime {
  store: ThrottleStore;
  /**
   * The store's key names (`PORTICO_REDIS_KEY_PREFIX` + `portico`, the account), built once here and handed to both
   * protocols' gateways: REST and HTTP APIs share the account bucket, so they must name it alike, and the control
   * plane reads quota and usage counters under the same prefix.
   */
  keys: ThrottleKeys;
  close(): Promise<void>;
}

/**
 * With REDIS_URL, buckets and quotas are shared by every replica through Redis, with a local fallback while
 * Redis is unreachable (each switch logged and counted); without it (standalone), they live in process memory.
 * A data plane that reads its config from a file has no control plane to re-seed counters after a Redis
 * restart: it seeds them itself, from what the replicas carry (nothing is persisted without PostgreSQL).
 */
export function createThrottleStore(config: DataPlaneConfig, log: Logger, onEvent: (event: ThrottleEvent) => void): ThrottleRuntime {
  const redisSettings = redisOf(config);
  if (!redisSettings) {
    const store = new LocalThrottleStore();
    return { store, keys: new ThrottleKeys(DEFAULT_THROTTLE_KEY_PREFIX, config.accountId), close: () => store.close() };
  }
  const settings = config.throttle ?? DEFAULT_THROTTLE_SETTINGS;
  // The throttling libs type their client as a single-node Redis; a Cluster client serves the same commands, and
  // every key of one decision carries the account's hash tag, so the scripts stay within one slot.
  const redis = createRedisClient(redisSettings, {
    name: 'data-plane-throttling',
    role: 'request-path',
    commandTimeoutMs: settings.redisTimeoutMs,
    log: redisLog(log),
    whileDown: 'throttling and quotas fall back to local buckets',
  }) as Redis;
  const keys = new ThrottleKeys(redisName(redisSettings, DEFAULT_THROTTLE_KEY_PREFIX), config.accountId);
  const registry = new ReplicaRegistry(redis, keys.replicas());
  registry.start();
  const store = new SharedThrottleStore({
    backend: new RedisThrottleBackend(redis, keys.run(), registry),
    mode: settings.mode,
    failMode: settings.failMode,
    quotaFailMode: settings.quotaFailMode ?? 'closed',
    leaseMs: settings.leaseMs,
    replicas: () => registry.replicas(),
    onEvent: (event) => {
      onEvent(event);
      if (event.type === 'fallback-start') {
        log.log('warn', 'throttling falls back to local buckets (shared store unreachable)', {
          reason: event.reason,
          failMode: settings.failMode,
          quotaFailMode: settings.quotaFailMode ?? 'closed',
          replicas: registry.replicas(),
        });
      } else if (event.type === 'fallback-end') {
        log.log('info', 'throttling is shared again (Redis reachable)', { fallbackMs: event.durationMs });
      } else if (event.type === 'run-carried' && event.hadEarlierRun) {
        // `carried` counts counter units: a request with a quota counts in its quota and its usage counter.
        log.log('warn', 'Redis lost its counters (new run): unpersisted quota and usage counts carried in; quota-bound requests wait for the re-seed', {
          run: event.run,
          carried: event.admissions,
        });
      }
    },
  });
  let seedTimer: NodeJS.Timeout | undefined;
  if (config.source.kind === 'file') {
    const seeder = new RunSeeder(redis, new UsageCounters(redis, keys.tag), { ttlSeconds: USAGE_TTL_SECONDS });
    let checking = false;
    let lastRun: string | undefined;
    seedTimer = setInterval(() => {
      if (checking || redis.status !== 'ready') return;
      checking = true;
      seeder
        .check(
          async () => [],
          async () => undefined,
        )
        .then((result) => {
          if (result.ready && result.seeded && result.run !== lastRun) log.log('info', 'quota counters re-seeded for a new Redis run', { run: result.run, counters: result.seeded.length });
          if (result.ready) lastRun = result.run;
        })
        .catch(() => undefined)
        .finally(() => (checking = false));
    }, SEED_CHECK_MS);
    seedTimer.unref();
  }
  return {
    store,
    keys,
    async close() {
      if (seedTimer) clearInterval(seedTimer);
      await store.close();
      await registry.stop();
      await closeRedisClient(redis);
    },
  };
}
