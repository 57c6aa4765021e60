import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Req } from '@nestjs/common';
import type { AdminRequest } from '../../common/admin-request.js';
import type { Page } from '../../common/paging.js';
import { OpenApiService, type ImportedRestApiWire } from './open-api.service.js';
import { RestApiService } from './rest-api.service.js';
import type { RestApiWire } from './rest-api.wire.js';

/** CreateRestApi, ImportRestApi (`mode=import`), GetRestApis, GetRestApi, PutRestApi, UpdateRestApi, DeleteRestApi (spec §1.2). */
@Controller('restapis')
export class RestApiController {
  constructor(
    private readonly restApis: RestApiService,
    private readonly openApi: OpenApiService,
  ) {}

  @Post()
  @HttpCode(201)
  create(@Body() body: unknown, @Query() query: Record<string, unknown>, @Req() request: AdminRequest): Promise<RestApiWire | ImportedRestApiWire> {
    if (query.mode === 'import') return this.openApi.importApi(request.rawBody ?? body, query);
    return this.restApis.create(body, typeof query.mode === 'string' ? query.mode : undefined);
  }

  @Put(':restApiId')
  put(@Param('restApiId') restApiId: string, @Body() body: unknown, @Query() query: Record<string, unknown>, @Req() request: AdminRequest): Promise<ImportedRestApiWire> {
    return this.openApi.putApi(restApiId, request.rawBody ?? body, query);
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
