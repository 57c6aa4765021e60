import { Body, Controller, Get, Patch } from '@nestjs/common';
import { AccountService, type AccountWire } from './account.service.js';

/** GetAccount, UpdateAccount (spec §1.2). */
@Controller('account')
export class AccountController {
  constructor(private readonly account: AccountService) {}

  @Get()
  get(): Promise<AccountWire> {
    return this.account.get();
  }

  @Patch()
  update(@Body() body: unknown): Promise<AccountWire> {
    return this.account.update(body);
  }
}
