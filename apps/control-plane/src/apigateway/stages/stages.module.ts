import { Module } from '@nestjs/common';
import { StagesController } from './stages.controller.js';
import { StageRepository } from './stage.repository.js';
import { StagesService } from './stages.service.js';

@Module({
  controllers: [StagesController],
  providers: [StagesService, StageRepository],
  exports: [StageRepository],
})
export class StagesModule {}
