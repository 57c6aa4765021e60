import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { RouteService } from './route.service.js';

/** CreateRoute, GetRoutes, GetRoute, UpdateRoute, DeleteRoute, DeleteRouteRequestParameter (spec §1.2). */
@Controller('v2/apis/:apiId/routes')
export class RouteController {
  constructor(private readonly routes: RouteService) {}

  @Post()
  @HttpCode(201)
  create(@Param('apiId') apiId: string, @Body() body: unknown) {
    return this.routes.create(apiId, body);
  }

  @Get()
  list(@Param('apiId') apiId: string, @Query() query: Record<string, unknown>) {
    return this.routes.list(apiId, query);
  }

  @Get(':routeId')
  get(@Param('apiId') apiId: string, @Param('routeId') routeId: string) {
    return this.routes.get(apiId, routeId);
  }

  @Patch(':routeId')
  update(@Param('apiId') apiId: string, @Param('routeId') routeId: string, @Body() body: unknown) {
    return this.routes.update(apiId, routeId, body);
  }

  @Delete(':routeId')
  @HttpCode(204)
  async delete(@Param('apiId') apiId: string, @Param('routeId') routeId: string): Promise<void> {
    await this.routes.delete(apiId, routeId);
  }

  @Delete(':routeId/requestparameters/:requestParameterKey')
  @HttpCode(204)
  async deleteRequestParameter(@Param('apiId') apiId: string, @Param('routeId') routeId: string, @Param('requestParameterKey') key: string): Promise<void> {
    await this.routes.deleteRequestParameter(apiId, routeId, key);
  }
}
