import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { Page } from '../../common/paging.js';
import { AuthorizerService } from './authorizer.service.js';
import type { AuthorizerWire } from './authorizer.wire.js';
import type { TestInvokeAuthorizerWire } from './test-invoke-authorizer.js';

/** CreateAuthorizer (201), GetAuthorizers, GetAuthorizer, UpdateAuthorizer, DeleteAuthorizer (202), TestInvokeAuthorizer. */
@Controller('restapis/:restApiId/authorizers')
export class AuthorizerController {
  constructor(private readonly authorizers: AuthorizerService) {}

  @Post()
  @HttpCode(201)
  create(@Param('restApiId') restApiId: string, @Body() body: unknown): Promise<AuthorizerWire> {
    return this.authorizers.create(restApiId, body);
  }

  @Get()
  list(@Param('restApiId') restApiId: string, @Query() query: Record<string, unknown>): Promise<Page<AuthorizerWire>> {
    return this.authorizers.list(restApiId, query);
  }

  @Get(':authorizerId')
  get(@Param('restApiId') restApiId: string, @Param('authorizerId') authorizerId: string): Promise<AuthorizerWire> {
    return this.authorizers.get(restApiId, authorizerId);
  }

  @Patch(':authorizerId')
  update(@Param('restApiId') restApiId: string, @Param('authorizerId') authorizerId: string, @Body() body: unknown): Promise<AuthorizerWire> {
    return this.authorizers.update(restApiId, authorizerId, body);
  }

  @Delete(':authorizerId')
  @HttpCode(202)
  async delete(@Param('restApiId') restApiId: string, @Param('authorizerId') authorizerId: string): Promise<void> {
    await this.authorizers.delete(restApiId, authorizerId);
  }

  @Post(':authorizerId')
  @HttpCode(200)
  testInvoke(@Param('restApiId') restApiId: string, @Param('authorizerId') authorizerId: string, @Body() body: unknown): Promise<TestInvokeAuthorizerWire> {
    return this.authorizers.testInvoke(restApiId, authorizerId, body);
  }
}
