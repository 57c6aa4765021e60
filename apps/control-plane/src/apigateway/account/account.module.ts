import { Module } from '@nestjs/common';
import { ConfigDocumentModule } from '../../platform/config-distribution/config-document.module.js';
import { AccountController } from './account.controller.js';
import { AccountService } from './account.service.js';

@Module({ imports: [ConfigDocumentModule], controllers: [AccountController], providers: [AccountService] })
export class AccountModule {}
