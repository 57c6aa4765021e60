import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { Page } from '../../common/paging.js';
import { DomainNameService } from './domain-name.service.js';
import type { BasePathMappingWire, DomainNameWire } from './domain-name.wire.js';

/**
 * CreateDomainName, GetDomainNames, GetDomainName, UpdateDomainName, DeleteDomainName, and the base path mappings
 * under a domain (CreateBasePathMapping, GetBasePathMappings, GetBasePathMapping, UpdateBasePathMapping,
 * DeleteBasePathMapping). A multi-level base path arrives URL-encoded (`v1%2Forders`) as one parameter.
 */
@Controller('domainnames')
export class DomainNameController {
  constructor(private readonly domains: DomainNameService) {}

  @Post()
  @HttpCode(201)
  create(@Body() body: unknown): Promise<DomainNameWire> {
    return this.domains.create(body);
  }

  @Get()
  list(@Query() query: Record<string, unknown>): Promise<Page<DomainNameWire>> {
    return this.domains.list(query);
  }

  @Get(':domainName')
  get(@Param('domainName') domainName: string): Promise<DomainNameWire> {
    return this.domains.get(domainName);
  }

  @Patch(':domainName')
  update(@Param('domainName') domainName: string, @Body() body: unknown): Promise<DomainNameWire> {
    return this.domains.update(domainName, body);
  }

  @Delete(':domainName')
  @HttpCode(202)
  async delete(@Param('domainName') domainName: string): Promise<void> {
    await this.domains.delete(domainName);
  }

  @Post(':domainName/basepathmappings')
  @HttpCode(201)
  createMapping(@Param('domainName') domainName: string, @Body() body: unknown): Promise<BasePathMappingWire> {
    return this.domains.createMapping(domainName, body);
  }

  @Get(':domainName/basepathmappings')
  listMappings(@Param('domainName') domainName: string, @Query() query: Record<string, unknown>): Promise<Page<BasePathMappingWire>> {
    return this.domains.listMappings(domainName, query);
  }

  @Get(':domainName/basepathmappings/:basePath')
  getMapping(@Param('domainName') domainName: string, @Param('basePath') basePath: string): Promise<BasePathMappingWire> {
    return this.domains.getMapping(domainName, basePath);
  }

  @Patch(':domainName/basepathmappings/:basePath')
  updateMapping(@Param('domainName') domainName: string, @Param('basePath') basePath: string, @Body() body: unknown): Promise<BasePathMappingWire> {
    return this.domains.updateMapping(domainName, basePath, body);
  }

  @Delete(':domainName/basepathmappings/:basePath')
  @HttpCode(202)
  async deleteMapping(@Param('domainName') domainName: string, @Param('basePath') basePath: string): Promise<void> {
    await this.domains.deleteMapping(domainName, basePath);
  }
}
