import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { Page } from '../../common/paging.js';
import { ApiKeyService } from './api-key.service.js';
import type { ApiKeyWire } from './api-key.wire.js';

/** CreateApiKey, ImportApiKeys, GetApiKeys, GetApiKey, UpdateApiKey, DeleteApiKey (spec §1.2). */
@Controller('apikeys')
export class ApiKeyController {
  constructor(private readonly apiKeys: ApiKeyService) {}

  /** CreateApiKey, or ImportApiKeys with `?mode=import`. */
  @Post()
  @HttpCode(201)
  create(@Body() body: unknown, @Query() query: Record<string, unknown>): Promise<ApiKeyWire | { ids: string[]; warnings?: string[] }> {
    if (query.mode === 'import') return this.apiKeys.importKeys(body, query);
    return this.apiKeys.create(body);
  }

  @Get()
  list(@Query() query: Record<string, unknown>): Promise<Page<ApiKeyWire>> {
    return this.apiKeys.list(query);
  }

  @Get(':apiKeyId')
  get(@Param('apiKeyId') id: string, @Query('includeValue') includeValue?: string): Promise<ApiKeyWire> {
    return this.apiKeys.get(id, includeValue);
  }

  @Patch(':apiKeyId')
  update(@Param('apiKeyId') id: string, @Body() body: unknown): Promise<ApiKeyWire> {
    return this.apiKeys.update(id, body);
  }

  @Delete(':apiKeyId')
  @HttpCode(202)
  async delete(@Param('apiKeyId') id: string): Promise<void> {
    await this.apiKeys.delete(id);
  }
}
