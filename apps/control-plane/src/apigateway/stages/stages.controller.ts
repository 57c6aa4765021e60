import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { StagesService } from './stages.service.js';
import type { StageView } from './stage-view.js';

/** CreateStage, GetStage(s), UpdateStage, DeleteStage (spec §1.2). GetStages is not paged: `{item}` only. */
@Controller('restapis/:restApiId/stages')
export class StagesController {
  constructor(private readonly stages: StagesService) {}

  @Get()
  list(@Param('restApiId') restApiId: string, @Query('deploymentId') deploymentId?: string): Promise<{ item: StageView[] }> {
    return this.stages.list(restApiId, typeof deploymentId === 'string' && deploymentId !== '' ? deploymentId : undefined);
  }

  @Post()
  @HttpCode(201)
  create(@Param('restApiId') restApiId: string, @Body() body: unknown): Promise<StageView> {
    return this.stages.create(restApiId, body);
  }

  @Get(':stageName')
  get(@Param('restApiId') restApiId: string, @Param('stageName') stageName: string): Promise<StageView> {
    return this.stages.get(restApiId, stageName);
  }

  @Patch(':stageName')
  update(@Param('restApiId') restApiId: string, @Param('stageName') stageName: string, @Body() body: unknown): Promise<StageView> {
    return this.stages.update(restApiId, stageName, body);
  }

  @Delete(':stageName')
  @HttpCode(202)
  async delete(@Param('restApiId') restApiId: string, @Param('stageName') stageName: string): Promise<void> {
    await this.stages.delete(restApiId, stageName);
  }
}
