import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ModelService } from './model.service.js';

/** CreateModel, GetModels, GetModel, UpdateModel, DeleteModel (WebSocket APIs). */
@Controller('v2/apis/:apiId/models')
export class ModelController {
  constructor(private readonly models: ModelService) {}

  @Post()
  @HttpCode(201)
  create(@Param('apiId') apiId: string, @Body() body: unknown) {
    return this.models.create(apiId, body);
  }

  @Get()
  list(@Param('apiId') apiId: string, @Query() query: Record<string, unknown>) {
    return this.models.list(apiId, query);
  }

  @Get(':modelId')
  get(@Param('apiId') apiId: string, @Param('modelId') modelId: string) {
    return this.models.get(apiId, modelId);
  }

  @Patch(':modelId')
  update(@Param('apiId') apiId: string, @Param('modelId') modelId: string, @Body() body: unknown) {
    return this.models.update(apiId, modelId, body);
  }

  @Delete(':modelId')
  @HttpCode(204)
  async delete(@Param('apiId') apiId: string, @Param('modelId') modelId: string): Promise<void> {
    await this.models.delete(apiId, modelId);
  }
}
