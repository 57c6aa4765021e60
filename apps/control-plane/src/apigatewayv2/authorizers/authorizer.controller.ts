import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { AuthorizerService } from './authorizer.service.js';

/** CreateAuthorizer, GetAuthorizers, GetAuthorizer, UpdateAuthorizer, DeleteAuthorizer (spec §1.2). */
@Controller('v2/apis/:apiId/authorizers')
export class AuthorizerController {
  constructor(private readonly authorizers: AuthorizerService) {}

  @Post()
  @HttpCode(201)
  create(@Param('apiId') apiId: string, @Body() body: unknown) {
    return this.authorizers.create(apiId, body);
  }

  @Get()
  list(@Param('apiId') apiId: string, @Query() query: Record<string, unknown>) {
    return this.authorizers.list(apiId, query);
  }

  @Get(':authorizerId')
  get(@Param('apiId') apiId: string, @Param('authorizerId') authorizerId: string) {
    return this.authorizers.get(apiId, authorizerId);
  }

  @Patch(':authorizerId')
  update(@Param('apiId') apiId: string, @Param('authorizerId') authorizerId: string, @Body() body: unknown) {
    return this.authorizers.update(apiId, authorizerId, body);
  }

  @Delete(':authorizerId')
  @HttpCode(204)
  async delete(@Param('apiId') apiId: string, @Param('authorizerId') authorizerId: string): Promise<void> {
    await this.authorizers.delete(apiId, authorizerId);
  }
}
