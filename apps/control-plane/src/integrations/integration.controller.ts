import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Put } from '@nestjs/common';
import { IntegrationService } from './integration.service.js';
import type { IntegrationResponseWire, IntegrationWire } from './integration.wire.js';

/** PutIntegration, GetIntegration, UpdateIntegration, DeleteIntegration (204), and integration responses. */
@Controller('restapis/:restApiId/resources/:resourceId/methods/:httpMethod/integration')
export class IntegrationController {
  constructor(private readonly integrations: IntegrationService) {}

  @Put()
  @HttpCode(201)
  put(@Param('restApiId') api: string, @Param('resourceId') resource: string, @Param('httpMethod') verb: string, @Body() body: unknown): Promise<IntegrationWire> {
    return this.integrations.put(this.integrations.key(api, resource, verb), body);
  }

  @Get()
  get(@Param('restApiId') api: string, @Param('resourceId') resource: string, @Param('httpMethod') verb: string): Promise<IntegrationWire> {
    return this.integrations.get(this.integrations.key(api, resource, verb));
  }

  @Patch()
  update(@Param('restApiId') api: string, @Param('resourceId') resource: string, @Param('httpMethod') verb: string, @Body() body: unknown): Promise<IntegrationWire> {
    return this.integrations.update(this.integrations.key(api, resource, verb), body);
  }

  @Delete()
  @HttpCode(204)
  async delete(@Param('restApiId') api: string, @Param('resourceId') resource: string, @Param('httpMethod') verb: string): Promise<void> {
    await this.integrations.delete(this.integrations.key(api, resource, verb));
  }

  @Put('responses/:statusCode')
  @HttpCode(201)
  putResponse(
    @Param('restApiId') api: string,
    @Param('resourceId') resource: string,
    @Param('httpMethod') verb: string,
    @Param('statusCode') statusCode: string,
    @Body() body: unknown,
  ): Promise<IntegrationResponseWire> {
    return this.integrations.putResponse(this.integrations.key(api, resource, verb), statusCode, body);
  }

  @Get('responses/:statusCode')
  getResponse(@Param('restApiId') api: string, @Param('resourceId') resource: string, @Param('httpMethod') verb: string, @Param('statusCode') statusCode: string): Promise<IntegrationResponseWire> {
    return this.integrations.getResponse(this.integrations.key(api, resource, verb), statusCode);
  }

  @Patch('responses/:statusCode')
  updateResponse(
    @Param('restApiId') api: string,
    @Param('resourceId') resource: string,
    @Param('httpMethod') verb: string,
    @Param('statusCode') statusCode: string,
    @Body() body: unknown,
  ): Promise<IntegrationResponseWire> {
    return this.integrations.updateResponse(this.integrations.key(api, resource, verb), statusCode, body);
  }

  @Delete('responses/:statusCode')
  @HttpCode(204)
  async deleteResponse(@Param('restApiId') api: string, @Param('resourceId') resource: string, @Param('httpMethod') verb: string, @Param('statusCode') statusCode: string): Promise<void> {
    await this.integrations.deleteResponse(this.integrations.key(api, resource, verb), statusCode);
  }
}
