import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { Page } from '../../common/paging.js';
import { ResourceService } from './resource.service.js';
import type { ResourceWire } from './resource.wire.js';

/** CreateResource (POST under the parent's id), GetResources, GetResource, UpdateResource, DeleteResource. */
@Controller('restapis/:restApiId/resources')
export class ResourceController {
  constructor(private readonly resources: ResourceService) {}

  @Post(':parentId')
  @HttpCode(201)
  create(@Param('restApiId') restApiId: string, @Param('parentId') parentId: string, @Body() body: unknown): Promise<ResourceWire> {
    return this.resources.create(restApiId, parentId, body);
  }

  @Get()
  list(@Param('restApiId') restApiId: string, @Query() query: Record<string, unknown>): Promise<Page<ResourceWire>> {
    return this.resources.list(restApiId, query);
  }

  @Get(':resourceId')
  get(@Param('restApiId') restApiId: string, @Param('resourceId') resourceId: string): Promise<ResourceWire> {
    return this.resources.get(restApiId, resourceId);
  }

  @Patch(':resourceId')
  update(@Param('restApiId') restApiId: string, @Param('resourceId') resourceId: string, @Body() body: unknown): Promise<ResourceWire> {
    return this.resources.update(restApiId, resourceId, body);
  }

  @Delete(':resourceId')
  @HttpCode(202)
  async delete(@Param('restApiId') restApiId: string, @Param('resourceId') resourceId: string): Promise<void> {
    await this.resources.delete(restApiId, resourceId);
  }
}
