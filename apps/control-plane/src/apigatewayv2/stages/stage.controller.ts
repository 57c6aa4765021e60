import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { V2AuthorizerCacheService } from './v2-authorizer-cache.service.js';
import { StageService } from './stage.service.js';

/**
 * CreateStage, GetStages, GetStage, UpdateStage, DeleteStage, DeleteAccessLogSettings, DeleteRouteSettings and
 * ResetAuthorizersCache (spec §1.2).
 */
@Controller('v2/apis/:apiId/stages')
export class StageController {
  constructor(
    private readonly stages: StageService,
    private readonly authorizerCache: V2AuthorizerCacheService,
  ) {}

  @Post()
  @HttpCode(201)
  create(@Param('apiId') apiId: string, @Body() body: unknown) {
    return this.stages.create(apiId, body);
  }

  @Get()
  list(@Param('apiId') apiId: string, @Query() query: Record<string, unknown>) {
    return this.stages.list(apiId, query);
  }

  @Get(':stageName')
  get(@Param('apiId') apiId: string, @Param('stageName') stageName: string) {
    return this.stages.get(apiId, stageName);
  }

  @Patch(':stageName')
  update(@Param('apiId') apiId: string, @Param('stageName') stageName: string, @Body() body: unknown) {
    return this.stages.update(apiId, stageName, body);
  }

  @Delete(':stageName')
  @HttpCode(204)
  async delete(@Param('apiId') apiId: string, @Param('stageName') stageName: string): Promise<void> {
    await this.stages.delete(apiId, stageName);
  }

  @Delete(':stageName/accesslogsettings')
  @HttpCode(204)
  async deleteAccessLogSettings(@Param('apiId') apiId: string, @Param('stageName') stageName: string): Promise<void> {
    await this.stages.deleteAccessLogSettings(apiId, stageName);
  }

  @Delete(':stageName/routesettings/:routeKey')
  @HttpCode(204)
  async deleteRouteSettings(@Param('apiId') apiId: string, @Param('stageName') stageName: string, @Param('routeKey') routeKey: string): Promise<void> {
    await this.stages.deleteRouteSettings(apiId, stageName, routeKey);
  }

  @Delete(':stageName/cache/authorizers')
  @HttpCode(204)
  async resetAuthorizersCache(@Param('apiId') apiId: string, @Param('stageName') stageName: string): Promise<void> {
    await this.authorizerCache.reset(apiId, stageName);
  }
}
