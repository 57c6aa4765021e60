import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { StageCacheService } from './stage-cache.service.js';

/** FlushStageCache (202). */
@Controller('restapis/:restApiId/stages/:stageName/cache/data')
export class StageCacheController {
  constructor(private readonly cache: StageCacheService) {}

  @Delete()
  @HttpCode(202)
  async flush(@Param('restApiId') restApiId: string, @Param('stageName') stageName: string): Promise<void> {
    await this.cache.flush(restApiId, stageName);
  }
}
