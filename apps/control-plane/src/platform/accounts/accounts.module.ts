import { Module } from '@nestjs/common';
import { ConfigDocumentModule } from '../config-distribution/config-document.module.js';
import { AccountsController } from './accounts.controller.js';
import { AccountsService } from './accounts.service.js';

@Module({ imports: [ConfigDocumentModule], controllers: [AccountsController], providers: [AccountsService] })
export class AccountsModule {}
