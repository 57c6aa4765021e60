import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { Page } from '../../common/paging.js';
import { ModelService } from './model.service.js';
import type { ModelWire } from './model.wire.js';

@Controller('restapis/:restApiId/models')
export class ModelController {
  constructor(private readonly models: ModelService) {}

  @Post()
  @HttpCode(201)
  create(@Param('restApiId') restApiId: string, @Body() body: unknown): Promise<ModelWire> {
    return this.models.create(restApiId, body);
  }

  @Get()
  list(@Param('restApiId') restApiId: string, @Query() query: Record<string, unknown>): Promise<Page<ModelWire>> {
    return this.models.list(restApiId, query);
  }

  @Get(':modelName/default_template')
  template(@Param('restApiId') restApiId: string, @Param('modelName') name: string): Promise<{ value: string }> {
    return this.models.template(restApiId, name);
  }

  @Get(':modelName')
  get(@Param('restApiId') restApiId: string, @Param('modelName') name: string): Promise<ModelWire> {
    return this.models.get(restApiId, name);
  }

  @Patch(':modelName')
  update(@Param('restApiId') restApiId: string, @Param('modelName') name: string, @Body() body: unknown): Promise<ModelWire> {
    return this.models.update(restApiId, name, body);
  }

  @Delete(':modelName')
  @HttpCode(202)
  async delete(@Param('restApiId') restApiId: string, @Param('modelName') name: string): Promise<void> {
    await this.models.delete(restApiId, name);
  }
}
