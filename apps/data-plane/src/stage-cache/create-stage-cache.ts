import { STAGE_CACHE_FLUSH_CHANNEL, STAGE_CACHE_KEY_PREFIX } from '@portico/contracts';
import { StageCache, stageCachePrefix } from '@portico/gateway-rest';
import { closeRedisClient, createRedisClient, redisName, type RedisClient } from '@portico/redis';
import { redisOf, type DataPlaneConfig } from '../config.js';
import { errorMessage, redisLog, type Logger } from '../logger.js';
import { RedisStageCacheStore } from './redis-stage-cache-store.js';

export interface StageCacheRuntime {
  readonly cache: StageCache;
  close(): Promise<void>;
}

/**
 * The process's stage cache, shared by every config revision: in process only without REDIS_URL (embedded and
 * standalone data planes), else in front of the Redis layer every replica shares. FlushStageCache and
 * invalidations by other replicas arrive on STAGE_CACHE_FLUSH_CHANNEL and drop this replica's in-process entries.
 */
export function createStageCache(config: DataPlaneConfig, log: Logger): StageCacheRuntime {
  const settings = config.stageCache ?? { localMaxEntries: 1000, localMaxBytes: 32 * 1024 * 1024, redisTimeoutMs: 200 };
  const redis = redisOf(config);
  const shared = redis ? RedisStageCacheStore.connect(redis, redisLog(log), settings.redisTimeoutMs) : undefined;
  const cache = new StageCache({ shared, localMaxEntries: settings.localMaxEntries, localMaxBytes: settings.localMaxBytes });
  let subscriber: RedisClient | undefined;
  if (redis) {
    const channel = redisName(redis, STAGE_CACHE_FLUSH_CHANNEL);
    subscriber = createRedisClient(redis, {
      name: 'data-plane-stage-cache-flushes',
      role: 'subscriber',
      log: redisLog(log),
      whileDown: 'FlushStageCache reaches this replica’s in-process entries only through their TTL',
    });
    subscriber.on('message', (_channel: string, message: string) => {
      try {
        const parsed = JSON.parse(message) as { restApiId?: unknown; stageName?: unknown; key?: unknown };
        if (typeof parsed.key === 'string') cache.drop(parsed.key);
        else if (typeof parsed.restApiId === 'string' && typeof parsed.stageName === 'string') {
          cache.dropStage(stageCachePrefix(STAGE_CACHE_KEY_PREFIX, parsed.restApiId, parsed.stageName));
          log.log('info', 'stage cache flushed', { restApiId: parsed.restApiId, stageName: parsed.stageName });
        }
      } catch {
        log.log('warn', 'ignored a malformed stage cache flush message', { message });
      }
    });
    // Subscribed on every (re)connection, never awaited: start-up does not wait for Redis.
    const connection = subscriber;
    connection.on('ready', () => {
      connection.subscribe(channel).catch((error: unknown) => {
        log.log('warn', 'stage cache flushes: cannot subscribe', { error: errorMessage(error) });
      });
    });
  }
  return {
    cache,
    close: async () => {
      await shared?.close();
      if (subscriber) await closeRedisClient(subscriber);
    },
  };
}
