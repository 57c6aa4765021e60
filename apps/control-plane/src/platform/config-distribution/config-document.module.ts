import { Module } from '@nestjs/common';
import { ConfigChangePublisher } from './config-change.publisher.js';
import { ConfigDocumentController } from './config-document.controller.js';
import { ConfigDocumentService } from './config-document.service.js';

@Module({
  controllers: [ConfigDocumentController],
  providers: [ConfigDocumentService, ConfigChangePublisher],
  exports: [ConfigDocumentService, ConfigChangePublisher],
})
export class ConfigDocumentModule {}
