import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { AuthorizerCacheService } from './authorizer-cache.service.js';

/** FlushStageAuthorizersCache (202). */
@Controller('restapis/:restApiId/stages/:stageName/cache/authorizers')
export class AuthorizerCacheController {
  constructor(private readonly cache: AuthorizerCacheService) {}

  @Delete()
  @HttpCode(202)
  async flush(@Param('restApiId') restApiId: string, @Param('stageName') stageName: string): Promise<void> {
    await this.cache.flush(restApiId, stageName);
  }
}
