import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiMappingService } from './api-mapping.service.js';
import { V2DomainNameService } from './domain-name.service.js';

/** CreateDomainName, GetDomainNames, GetDomainName, UpdateDomainName, DeleteDomainName (apigatewayv2). */
@Controller('v2/domainnames')
export class V2DomainNameController {
  constructor(private readonly domains: V2DomainNameService) {}

  @Post()
  @HttpCode(201)
  create(@Body() body: unknown) {
    return this.domains.create(body);
  }

  @Get()
  list(@Query() query: Record<string, unknown>) {
    return this.domains.list(query);
  }

  @Get(':domainName')
  get(@Param('domainName') domainName: string) {
    return this.domains.get(domainName);
  }

  @Patch(':domainName')
  update(@Param('domainName') domainName: string, @Body() body: unknown) {
    return this.domains.update(domainName, body);
  }

  @Delete(':domainName')
  @HttpCode(204)
  async delete(@Param('domainName') domainName: string): Promise<void> {
    await this.domains.delete(domainName);
  }
}

/** CreateApiMapping, GetApiMappings, GetApiMapping, UpdateApiMapping, DeleteApiMapping (apigatewayv2). */
@Controller('v2/domainnames/:domainName/apimappings')
export class ApiMappingController {
  constructor(private readonly mappings: ApiMappingService) {}

  @Post()
  @HttpCode(201)
  create(@Param('domainName') domainName: string, @Body() body: unknown) {
    return this.mappings.create(domainName, body);
  }

  @Get()
  list(@Param('domainName') domainName: string, @Query() query: Record<string, unknown>) {
    return this.mappings.list(domainName, query);
  }

  @Get(':apiMappingId')
  get(@Param('domainName') domainName: string, @Param('apiMappingId') apiMappingId: string) {
    return this.mappings.get(domainName, apiMappingId);
  }

  @Patch(':apiMappingId')
  update(@Param('domainName') domainName: string, @Param('apiMappingId') apiMappingId: string, @Body() body: unknown) {
    return this.mappings.update(domainName, apiMappingId, body);
  }

  @Delete(':apiMappingId')
  @HttpCode(204)
  async delete(@Param('domainName') domainName: string, @Param('apiMappingId') apiMappingId: string): Promise<void> {
    await this.mappings.delete(domainName, apiMappingId);
  }
}
