import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { IntegrationResponseService } from './integration-response.service.js';

/** CreateIntegrationResponse, GetIntegrationResponses, GetIntegrationResponse, Update…, Delete… (WebSocket APIs). */
@Controller('v2/apis/:apiId/integrations/:integrationId/integrationresponses')
export class IntegrationResponseController {
  constructor(private readonly responses: IntegrationResponseService) {}

  @Post()
  @HttpCode(201)
  create(@Param('apiId') apiId: string, @Param('integrationId') integrationId: string, @Body() body: unknown) {
    return this.responses.create(apiId, integrationId, body);
  }

  @Get()
  list(@Param('apiId') apiId: string, @Param('integrationId') integrationId: string, @Query() query: Record<string, unknown>) {
    return this.responses.list(apiId, integrationId, query);
  }

  @Get(':integrationResponseId')
  get(@Param('apiId') apiId: string, @Param('integrationId') integrationId: string, @Param('integrationResponseId') id: string) {
    return this.responses.get(apiId, integrationId, id);
  }

  @Patch(':integrationResponseId')
  update(@Param('apiId') apiId: string, @Param('integrationId') integrationId: string, @Param('integrationResponseId') id: string, @Body() body: unknown) {
    return this.responses.update(apiId, integrationId, id, body);
  }

  @Delete(':integrationResponseId')
  @HttpCode(204)
  async delete(@Param('apiId') apiId: string, @Param('integrationId') integrationId: string, @Param('integrationResponseId') id: string): Promise<void> {
    await this.responses.delete(apiId, integrationId, id);
  }
}
