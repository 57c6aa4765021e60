import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiService } from './api.service.js';

/** CreateApi, GetApis, GetApi, UpdateApi, DeleteApi, DeleteCorsConfiguration (spec §1.2). */
@Controller('v2/apis')
export class ApiController {
  constructor(private readonly apis: ApiService) {}

  @Post()
  @HttpCode(201)
  create(@Body() body: unknown) {
    return this.apis.create(body);
  }

  @Get()
  list(@Query() query: Record<string, unknown>) {
    return this.apis.list(query);
  }

  @Get(':apiId')
  get(@Param('apiId') apiId: string) {
    return this.apis.get(apiId);
  }

  @Patch(':apiId')
  update(@Param('apiId') apiId: string, @Body() body: unknown) {
    return this.apis.update(apiId, body);
  }

  @Delete(':apiId')
  @HttpCode(204)
  async delete(@Param('apiId') apiId: string): Promise<void> {
    await this.apis.delete(apiId);
  }

  @Delete(':apiId/cors')
  @HttpCode(204)
  async deleteCors(@Param('apiId') apiId: string): Promise<void> {
    await this.apis.deleteCors(apiId);
  }
}
