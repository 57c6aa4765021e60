import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AUTHORIZER_CACHE_FLUSH_CHANNEL, AUTHORIZER_CACHE_KEY_PREFIX } from '@portico/contracts';
import { redisOf, type ControlPlaneConfig } from '../../config.js';
import { StageCacheFlusher } from '../../common/stage-cache-flusher.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { StageRepository } from '../stages/stage.repository.js';

/**
 * FlushStageAuthorizersCache. Authorizer results live in the data planes (in process) and, with REDIS_URL, in
 * Redis: the shared entries of the stage are deleted and the stage is announced on AUTHORIZER_CACHE_FLUSH_CHANNEL
 * (see StageCacheFlusher).
 */
@Injectable()
export class AuthorizerCacheService implements OnModuleDestroy {
  private readonly flusher: StageCacheFlusher;

  constructor(
    private readonly stages: StageRepository,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {
    this.flusher = new StageCacheFlusher(redisOf(config), AUTHORIZER_CACHE_FLUSH_CHANNEL, {
      client: 'control-plane-authorizer-cache',
      log: 'AuthorizerCache',
      operation: 'FlushStageAuthorizersCache',
    });
  }

  async flush(restApiId: string, stageName: string): Promise<void> {
    await this.stages.get(this.config.accountId, restApiId, stageName);
    await this.dropStage(restApiId, stageName);
  }

  /**
   * Drops the cached authorizer results of one stage of any API (REST, or HTTP's ResetAuthorizersCache, whose
   * data planes share these keys and this channel). The caller has checked that the stage exists. Its keys (one
   * per identity) hash to different slots of a cluster.
   */
  async dropStage(restApiId: string, stageName: string): Promise<void> {
    const apiId = restApiId.toLowerCase();
    await this.flusher.flush(`${AUTHORIZER_CACHE_KEY_PREFIX}${apiId}:${stageName}:*`, { restApiId: apiId, stageName }, false);
  }

  async onModuleDestroy(): Promise<void> {
    await this.flusher.close();
  }
}
