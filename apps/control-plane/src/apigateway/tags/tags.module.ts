import { Module } from '@nestjs/common';
import { ConfigDocumentModule } from '../../platform/config-distribution/config-document.module.js';
import { TagsController } from './tags.controller.js';
import { TagsService } from './tags.service.js';

@Module({ imports: [ConfigDocumentModule], controllers: [TagsController], providers: [TagsService] })
export class TagsModule {}
