import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Put, Query } from '@nestjs/common';
import type { Page } from '../../common/paging.js';
import { GatewayResponseService } from './gateway-response.service.js';
import type { GatewayResponseWire } from './gateway-response.wire.js';

/** GetGatewayResponses, GetGatewayResponse, PutGatewayResponse (201), UpdateGatewayResponse, DeleteGatewayResponse (202). */
@Controller('restapis/:restApiId/gatewayresponses')
export class GatewayResponseController {
  constructor(private readonly gatewayResponses: GatewayResponseService) {}

  @Get()
  list(@Param('restApiId') restApiId: string, @Query() query: Record<string, unknown>): Promise<Page<GatewayResponseWire>> {
    return this.gatewayResponses.list(restApiId, query);
  }

  @Get(':responseType')
  get(@Param('restApiId') restApiId: string, @Param('responseType') responseType: string): Promise<GatewayResponseWire> {
    return this.gatewayResponses.get(restApiId, responseType);
  }

  @Put(':responseType')
  @HttpCode(201)
  put(@Param('restApiId') restApiId: string, @Param('responseType') responseType: string, @Body() body: unknown): Promise<GatewayResponseWire> {
    return this.gatewayResponses.put(restApiId, responseType, body);
  }

  @Patch(':responseType')
  update(@Param('restApiId') restApiId: string, @Param('responseType') responseType: string, @Body() body: unknown): Promise<GatewayResponseWire> {
    return this.gatewayResponses.update(restApiId, responseType, body);
  }

  @Delete(':responseType')
  @HttpCode(202)
  async delete(@Param('restApiId') restApiId: string, @Param('responseType') responseType: string): Promise<void> {
    await this.gatewayResponses.delete(restApiId, responseType);
  }
}
