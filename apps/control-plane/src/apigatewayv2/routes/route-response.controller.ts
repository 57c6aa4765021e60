import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { RouteResponseService } from './route-response.service.js';

/** CreateRouteResponse, GetRouteResponses, GetRouteResponse, UpdateRouteResponse, DeleteRouteResponse (WebSocket APIs). */
@Controller('v2/apis/:apiId/routes/:routeId/routeresponses')
export class RouteResponseController {
  constructor(private readonly routeResponses: RouteResponseService) {}

  @Post()
  @HttpCode(201)
  create(@Param('apiId') apiId: string, @Param('routeId') routeId: string, @Body() body: unknown) {
    return this.routeResponses.create(apiId, routeId, body);
  }

  @Get()
  list(@Param('apiId') apiId: string, @Param('routeId') routeId: string, @Query() query: Record<string, unknown>) {
    return this.routeResponses.list(apiId, routeId, query);
  }

  @Get(':routeResponseId')
  get(@Param('apiId') apiId: string, @Param('routeId') routeId: string, @Param('routeResponseId') routeResponseId: string) {
    return this.routeResponses.get(apiId, routeId, routeResponseId);
  }

  @Patch(':routeResponseId')
  update(@Param('apiId') apiId: string, @Param('routeId') routeId: string, @Param('routeResponseId') routeResponseId: string, @Body() body: unknown) {
    return this.routeResponses.update(apiId, routeId, routeResponseId, body);
  }

  @Delete(':routeResponseId')
  @HttpCode(204)
  async delete(@Param('apiId') apiId: string, @Param('routeId') routeId: string, @Param('routeResponseId') routeResponseId: string): Promise<void> {
    await this.routeResponses.delete(apiId, routeId, routeResponseId);
  }
}
