import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { STAGE_CACHE_FLUSH_CHANNEL, STAGE_CACHE_KEY_PREFIX } from '@portico/contracts';
import { scanKeys } from '@portico/throttling-redis';
import { closeRedisClient, createRedisClient, redisName, type RedisClient, type RedisSettings } from '@portico/redis';
import { redisOf, type ControlPlaneConfig } from '../../config.js';
import { redisLog } from '../../common/redis-log.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { StageRepository } from './stage.repository.js';

/**
 * FlushStageCache. Cached responses live in the data planes (in process) and, with REDIS_URL, in Redis: the
 * stage's shared entries (and their bookkeeping) are deleted here and the stage is announced on
 * STAGE_CACHE_FLUSH_CHANNEL so that every data plane drops its in-process entries. Without Redis there is no channel
 * to the data planes; their entries then expire with their TTL (documented).
 */
@Injectable()
export class StageCacheService implements OnModuleDestroy {
  private readonly redis: RedisClient | undefined;
  private readonly redisSettings: RedisSettings | undefined;

  constructor(
    private readonly stages: StageRepository,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {
    this.redisSettings = redisOf(config);
    // Lazy: most control planes never flush a stage cache.
    this.redis = this.redisSettings
      ? createRedisClient(this.redisSettings, {
          name: 'control-plane-stage-cache',
          role: 'command',
          lazyConnect: true,
          log: redisLog('StageCache'),
          whileDown: 'FlushStageCache fails',
        })
      : undefined;
  }

  async flush(restApiId: string, stageName: string): Promise<void> {
    await this.stages.get(this.config.accountId, restApiId, stageName);
    if (!this.redis || !this.redisSettings) return;
    if (this.redis.status === 'wait') await this.redis.connect();
    const apiId = restApiId.toLowerCase();
    // Every key of the stage (entries, index, sizes, byte count) shares the stage's hash tag, so one slot holds
    // them and a multi-key DEL is allowed even on a cluster. `{` is not special in SCAN's glob.
    const pattern = redisName(this.redisSettings, `${STAGE_CACHE_KEY_PREFIX}${apiId}:${stageName}}:*`);
    const redis = this.redis;
    await scanKeys(redis, pattern, async (keys) => {
      await redis.del(...keys);
    });
    await redis.publish(redisName(this.redisSettings, STAGE_CACHE_FLUSH_CHANNEL), JSON.stringify({ restApiId: apiId, stageName }));
  }

  async onModuleDestroy(): Promise<void> {
    if (this.redis) await closeRedisClient(this.redis);
  }
}
