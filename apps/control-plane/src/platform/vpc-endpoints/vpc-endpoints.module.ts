import { Module } from '@nestjs/common';
import { VpcEndpointsController } from './vpc-endpoints.controller.js';
import { VpcEndpointsService } from './vpc-endpoints.service.js';
import { VpcEndpointRepository } from './vpc-endpoint.repository.js';

@Module({ controllers: [VpcEndpointsController], providers: [VpcEndpointsService, VpcEndpointRepository] })
export class VpcEndpointsModule {}
