import { Module } from '@nestjs/common';
import { ConfigChangePublisher } from './config-change.publisher.js';
import { ConfigDocumentController } from './config-document.controller.js';
import { ConfigDocumentService } from './config-document.service.js';
import { DataPlaneRegistry } from './data-plane-registry.js';

@Module({
  controllers: [ConfigDocumentController],
  providers: [ConfigDocumentService, ConfigChangePublisher, DataPlaneRegistry],
  exports: [ConfigDocumentService, ConfigChangePublisher, DataPlaneRegistry],
})
export class ConfigDocumentModule {}
