import { Module } from '@nestjs/common';
import { GatewayResponseController } from './gateway-response.controller.js';
import { GatewayResponseRepository } from './gateway-response.repository.js';
import { GatewayResponseService } from './gateway-response.service.js';

@Module({ controllers: [GatewayResponseController], providers: [GatewayResponseService, GatewayResponseRepository] })
export class GatewayResponsesModule {}
