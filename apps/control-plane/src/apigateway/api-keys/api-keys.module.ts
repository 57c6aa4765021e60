import { Module } from '@nestjs/common';
import { ConfigDocumentModule } from '../../platform/config-distribution/config-document.module.js';
import { ApiKeyController } from './api-key.controller.js';
import { ApiKeyService } from './api-key.service.js';

@Module({ imports: [ConfigDocumentModule], controllers: [ApiKeyController], providers: [ApiKeyService] })
export class ApiKeysModule {}
