import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Put } from '@nestjs/common';
import type { MethodRoute } from '../methods/method.repository.js';
import { IntegrationService } from './integration.service.js';
import type { IntegrationResponseWire, IntegrationWire } from './integration.wire.js';

/** PutIntegration, GetIntegration, UpdateIntegration, DeleteIntegration (204), and integration responses. */
@Controller('restapis/:restApiId/resources/:resourceId/methods/:httpMethod/integration')
export class IntegrationController {
  constructor(private readonly integrations: IntegrationService) {}

  @Put()
  @HttpCode(201)
  put(@Param() route: MethodRoute, @Body() body: unknown): Promise<IntegrationWire> {
    return this.integrations.put(this.integrations.key(route), body);
  }

  @Get()
  get(@Param() route: MethodRoute): Promise<IntegrationWire> {
    return this.integrations.get(this.integrations.key(route));
  }

  @Patch()
  update(@Param() route: MethodRoute, @Body() body: unknown): Promise<IntegrationWire> {
    return this.integrations.update(this.integrations.key(route), body);
  }

  @Delete()
  @HttpCode(204)
  async delete(@Param() route: MethodRoute): Promise<void> {
    await this.integrations.delete(this.integrations.key(route));
  }

  @Put('responses/:statusCode')
  @HttpCode(201)
  putResponse(@Param() route: MethodRoute, @Param('statusCode') statusCode: string, @Body() body: unknown): Promise<IntegrationResponseWire> {
    return this.integrations.putResponse(this.integrations.key(route), statusCode, body);
  }

  @Get('responses/:statusCode')
  getResponse(@Param() route: MethodRoute, @Param('statusCode') statusCode: string): Promise<IntegrationResponseWire> {
    return this.integrations.getResponse(this.integrations.key(route), statusCode);
  }

  @Patch('responses/:statusCode')
  updateResponse(@Param() route: MethodRoute, @Param('statusCode') statusCode: string, @Body() body: unknown): Promise<IntegrationResponseWire> {
    return this.integrations.updateResponse(this.integrations.key(route), statusCode, body);
  }

  @Delete('responses/:statusCode')
  @HttpCode(204)
  async deleteResponse(@Param() route: MethodRoute, @Param('statusCode') statusCode: string): Promise<void> {
    await this.integrations.deleteResponse(this.integrations.key(route), statusCode);
  }
}
