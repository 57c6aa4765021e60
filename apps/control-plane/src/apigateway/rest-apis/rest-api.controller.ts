import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { Page } from '../../common/paging.js';
import { RestApiService } from './rest-api.service.js';
import type { RestApiWire } from './rest-api.wire.js';

/** CreateRestApi, GetRestApis, GetRestApi, UpdateRestApi, DeleteRestApi (spec §1.2). */
@Controller('restapis')
export class RestApiController {
  constructor(private readonly restApis: RestApiService) {}

  @Post()
  @HttpCode(201)
  create(@Body() body: unknown, @Query('mode') mode?: string): Promise<RestApiWire> {
    return this.restApis.create(body, mode);
  }

  @Get()
  list(@Query() query: Record<string, unknown>): Promise<Page<RestApiWire>> {
    return this.restApis.list(query);
  }

  @Get(':restApiId')
  get(@Param('restApiId') restApiId: string): Promise<RestApiWire> {
    return this.restApis.get(restApiId);
  }

  @Patch(':restApiId')
  update(@Param('restApiId') restApiId: string, @Body() body: unknown): Promise<RestApiWire> {
    return this.restApis.update(restApiId, body);
  }

  @Delete(':restApiId')
  @HttpCode(202)
  async delete(@Param('restApiId') restApiId: string): Promise<void> {
    await this.restApis.delete(restApiId);
  }
}
