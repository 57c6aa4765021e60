import { Module } from '@nestjs/common';
import { StageCacheController } from './stage-cache.controller.js';
import { StageCacheService } from './stage-cache.service.js';
import { StagesController } from './stages.controller.js';
import { StageRepository } from './stage.repository.js';
import { StagesService } from './stages.service.js';

@Module({
  controllers: [StagesController, StageCacheController],
  providers: [StagesService, StageRepository, StageCacheService],
  exports: [StageRepository],
})
export class StagesModule {}
