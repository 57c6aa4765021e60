import { scanKeys } from '@portico/throttling-redis';
import { closeRedisClient, createRedisClient, redisName, type RedisClient, type RedisSettings } from '@portico/redis';
import { redisLog } from './redis-log.js';

/**
 * What a Flush…Cache operation does on the shared side, for any cache the data planes keep per stage (authorizer
 * results, the stage cache): delete the stage's keys in Redis and announce the stage on a channel so that every
 * data plane drops its in-process entries. Without REDIS_URL there is no channel to the data planes and nothing
 * to delete; their entries then expire with their TTL (documented). The client connects on first use: most
 * control planes never flush.
 */
export class StageCacheFlusher {
  private readonly redis: RedisClient | undefined;

  constructor(
    private readonly settings: RedisSettings | undefined,
    private readonly channel: string,
    /** Names the client (`control-plane-<name>`) and its log lines. */
    name: { client: string; log: string; operation: string },
  ) {
    this.redis = settings
      ? createRedisClient(settings, { name: name.client, role: 'command', lazyConnect: true, log: redisLog(name.log), whileDown: `${name.operation} fails` })
      : undefined;
  }

  /**
   * Deletes the keys matching `pattern` (a SCAN glob without the key prefix) and publishes `message`.
   * `sameSlot`: the keys share a hash tag, so one multi-key DEL is allowed even on a cluster; otherwise a cluster
   * deletes them one by one (a multi-key DEL would be refused with CROSSSLOT).
   */
  async flush(pattern: string, message: object, sameSlot: boolean): Promise<void> {
    const redis = this.redis;
    if (!redis || !this.settings) return;
    if (redis.status === 'wait') await redis.connect();
    await scanKeys(redis, redisName(this.settings, pattern), async (keys) => {
      if (redis.isCluster && !sameSlot) await Promise.all(keys.map((key) => redis.del(key)));
      else await redis.del(...keys);
    });
    await redis.publish(redisName(this.settings, this.channel), JSON.stringify(message));
  }

  async close(): Promise<void> {
    if (this.redis) await closeRedisClient(this.redis);
  }
}
