import { Module } from '@nestjs/common';
import { ConfigDocumentModule } from '../../platform/config-distribution/config-document.module.js';
import { VpcLinkController } from './vpc-link.controller.js';
import { VpcLinkService } from './vpc-link.service.js';

@Module({ imports: [ConfigDocumentModule], controllers: [VpcLinkController], providers: [VpcLinkService] })
export class VpcLinksModule {}
