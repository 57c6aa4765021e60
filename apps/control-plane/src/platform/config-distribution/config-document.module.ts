import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ConfigChangePublisher } from './config-change.publisher.js';
import { ConfigDocumentController } from './config-document.controller.js';
import { ConfigDocumentService } from './config-document.service.js';
import { RestApiDeletedInterceptor } from './rest-api-deleted.interceptor.js';

@Module({
  controllers: [ConfigDocumentController],
  providers: [ConfigDocumentService, ConfigChangePublisher, { provide: APP_INTERCEPTOR, useClass: RestApiDeletedInterceptor }],
  exports: [ConfigDocumentService, ConfigChangePublisher],
})
export class ConfigDocumentModule {}
