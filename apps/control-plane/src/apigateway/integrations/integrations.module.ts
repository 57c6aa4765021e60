import { Module } from '@nestjs/common';
import { IntegrationController } from './integration.controller.js';
import { IntegrationRepository } from './integration.repository.js';
import { IntegrationService } from './integration.service.js';

@Module({ controllers: [IntegrationController], providers: [IntegrationService, IntegrationRepository] })
export class IntegrationsModule {}
