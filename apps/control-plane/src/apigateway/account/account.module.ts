import { Module } from '@nestjs/common';
import { AccountController } from './account.controller.js';
import { AccountService } from './account.service.js';
import { AccountRepository } from './account.repository.js';

@Module({ controllers: [AccountController], providers: [AccountService, AccountRepository] })
export class AccountModule {}
