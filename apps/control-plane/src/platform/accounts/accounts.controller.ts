import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { AccountsService, type AccountWire } from './accounts.service.js';

/**
 * Portico's account administration (no AWS equivalent on this API): bootstrap-admin only, because the global
 * SigV4 admin guard admits only the bootstrap admin credential on admin routes.
 */
@Controller('portico/accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @HttpCode(201)
  create(@Body() body: unknown): Promise<AccountWire> {
    return this.accounts.create(body);
  }

  @Get()
  list(): Promise<{ item: AccountWire[] }> {
    return this.accounts.list();
  }

  @Get(':accountId')
  get(@Param('accountId') id: string): Promise<AccountWire> {
    return this.accounts.get(id);
  }
}
