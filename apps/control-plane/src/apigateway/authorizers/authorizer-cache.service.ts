import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AUTHORIZER_CACHE_FLUSH_CHANNEL, AUTHORIZER_CACHE_KEY_PREFIX } from '@portico/contracts';
import { scanKeys } from '@portico/throttling-redis';
import { closeRedisClient, createRedisClient, redisName, type RedisClient, type RedisSettings } from '@portico/redis';
import { redisOf, type ControlPlaneConfig } from '../../config.js';
import { redisLog } from '../../common/redis-log.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { StageRepository } from '../stages/stage.repository.js';

/**
 * FlushStageAuthorizersCache. Authorizer results live in the data planes (in process) and, with REDIS_URL, in
 * Redis: the shared entries of the stage are deleted here and the stage is announced on
 * AUTHORIZER_CACHE_FLUSH_CHANNEL so that every data plane drops its own. Without Redis there is no channel to the
 * data planes; their cached results then expire with their TTL (documented).
 */
@Injectable()
export class AuthorizerCacheService implements OnModuleDestroy {
  private readonly redis: RedisClient | undefined;
  private readonly redisSettings: RedisSettings | undefined;

  constructor(
    private readonly stages: StageRepository,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {
    this.redisSettings = redisOf(config);
    // Lazy: most control planes never flush an authorizer cache.
    this.redis = this.redisSettings
      ? createRedisClient(this.redisSettings, {
          name: 'control-plane-authorizer-cache',
          role: 'command',
          lazyConnect: true,
          log: redisLog('AuthorizerCache'),
          whileDown: 'FlushStageAuthorizersCache fails',
        })
      : undefined;
  }

  async flush(restApiId: string, stageName: string): Promise<void> {
    await this.stages.get(this.config.accountId, restApiId, stageName);
    await this.dropStage(restApiId, stageName);
  }

  /**
   * Drops the cached authorizer results of one stage of any API (REST, or HTTP's ResetAuthorizersCache, whose
   * data planes share these keys and this channel). The caller has checked that the stage exists.
   */
  async dropStage(restApiId: string, stageName: string): Promise<void> {
    if (!this.redis || !this.redisSettings) return;
    if (this.redis.status === 'wait') await this.redis.connect();
    const pattern = redisName(this.redisSettings, `${AUTHORIZER_CACHE_KEY_PREFIX}${restApiId.toLowerCase()}:${stageName}:*`);
    const redis = this.redis;
    // Every master of a Redis Cluster is scanned; its keys (one per identity) hash to different slots, so a cluster
    // deletes them one by one (a multi-key DEL would be refused with CROSSSLOT).
    await scanKeys(redis, pattern, async (keys) => {
      if (redis.isCluster) await Promise.all(keys.map((key) => redis.del(key)));
      else await redis.del(...keys);
    });
    await this.redis.publish(redisName(this.redisSettings, AUTHORIZER_CACHE_FLUSH_CHANNEL), JSON.stringify({ restApiId: restApiId.toLowerCase(), stageName }));
  }

  async onModuleDestroy(): Promise<void> {
    if (this.redis) await closeRedisClient(this.redis);
  }
}
