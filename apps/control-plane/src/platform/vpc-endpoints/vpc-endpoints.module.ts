import { Module } from '@nestjs/common';
import { ConfigDocumentModule } from '../config-distribution/config-document.module.js';
import { VpcEndpointsController } from './vpc-endpoints.controller.js';
import { VpcEndpointsService } from './vpc-endpoints.service.js';

@Module({ imports: [ConfigDocumentModule], controllers: [VpcEndpointsController], providers: [VpcEndpointsService] })
export class VpcEndpointsModule {}
