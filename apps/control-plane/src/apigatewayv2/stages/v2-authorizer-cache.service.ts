import { Inject, Injectable } from '@nestjs/common';
import type { ControlPlaneConfig } from '../../config.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { AuthorizerCacheService } from '../../apigateway/authorizers/authorizer-cache.service.js';
import { requireV2Api, requireV2Stage } from '../v2-lookups.js';
import { V2Writes } from '../v2-writes.js';

/**
 * ResetAuthorizersCache ("Supported only for HTTP APIs"): the stage's cached Lambda-authorizer results are
 * dropped in Redis and on every data plane, through the same keys and channel as REST's
 * FlushStageAuthorizersCache.
 */
@Injectable()
export class V2AuthorizerCacheService {
  constructor(
    private readonly writes: V2Writes,
    private readonly cache: AuthorizerCacheService,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  async reset(apiId: string, stageName: string): Promise<void> {
    await requireV2Api(this.writes.prisma, this.config.accountId, apiId);
    await requireV2Stage(this.writes.prisma, this.config.accountId, apiId, stageName);
    await this.cache.dropStage(apiId, stageName);
  }
}
