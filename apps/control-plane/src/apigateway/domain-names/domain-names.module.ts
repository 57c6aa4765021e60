import { Module } from '@nestjs/common';
import { ConfigDocumentModule } from '../../platform/config-distribution/config-document.module.js';
import { DomainNameController } from './domain-name.controller.js';
import { DomainNameService } from './domain-name.service.js';

@Module({ imports: [ConfigDocumentModule], controllers: [DomainNameController], providers: [DomainNameService], exports: [DomainNameService] })
export class DomainNamesModule {}
