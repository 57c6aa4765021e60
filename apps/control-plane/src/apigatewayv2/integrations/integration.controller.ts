import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { IntegrationService } from './integration.service.js';

/** CreateIntegration, GetIntegrations, GetIntegration, UpdateIntegration, DeleteIntegration (spec §1.2). */
@Controller('v2/apis/:apiId/integrations')
export class IntegrationController {
  constructor(private readonly integrations: IntegrationService) {}

  @Post()
  @HttpCode(201)
  create(@Param('apiId') apiId: string, @Body() body: unknown) {
    return this.integrations.create(apiId, body);
  }

  @Get()
  list(@Param('apiId') apiId: string, @Query() query: Record<string, unknown>) {
    return this.integrations.list(apiId, query);
  }

  @Get(':integrationId')
  get(@Param('apiId') apiId: string, @Param('integrationId') integrationId: string) {
    return this.integrations.get(apiId, integrationId);
  }

  @Patch(':integrationId')
  update(@Param('apiId') apiId: string, @Param('integrationId') integrationId: string, @Body() body: unknown) {
    return this.integrations.update(apiId, integrationId, body);
  }

  @Delete(':integrationId')
  @HttpCode(204)
  async delete(@Param('apiId') apiId: string, @Param('integrationId') integrationId: string): Promise<void> {
    await this.integrations.delete(apiId, integrationId);
  }
}
