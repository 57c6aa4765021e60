import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { STAGE_CACHE_FLUSH_CHANNEL, STAGE_CACHE_KEY_PREFIX } from '@portico/contracts';
import { redisOf, type ControlPlaneConfig } from '../../config.js';
import { StageCacheFlusher } from '../../common/stage-cache-flusher.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { StageRepository } from './stage.repository.js';

/**
 * FlushStageCache. Cached responses live in the data planes (in process) and, with REDIS_URL, in Redis: the
 * stage's shared entries (and their bookkeeping) are deleted and the stage is announced on
 * STAGE_CACHE_FLUSH_CHANNEL (see StageCacheFlusher).
 */
@Injectable()
export class StageCacheService implements OnModuleDestroy {
  private readonly flusher: StageCacheFlusher;

  constructor(
    private readonly stages: StageRepository,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {
    this.flusher = new StageCacheFlusher(redisOf(config), STAGE_CACHE_FLUSH_CHANNEL, { client: 'control-plane-stage-cache', log: 'StageCache', operation: 'FlushStageCache' });
  }

  async flush(restApiId: string, stageName: string): Promise<void> {
    await this.stages.get(this.config.accountId, restApiId, stageName);
    const apiId = restApiId.toLowerCase();
    // Every key of the stage (entries, index, sizes, byte count) shares the stage's hash tag, so one slot holds
    // them. `{` is not special in SCAN's glob.
    await this.flusher.flush(`${STAGE_CACHE_KEY_PREFIX}${apiId}:${stageName}}:*`, { restApiId: apiId, stageName }, true);
  }

  async onModuleDestroy(): Promise<void> {
    await this.flusher.close();
  }
}
