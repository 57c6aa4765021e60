import { Module } from '@nestjs/common';
import { AuthorizersModule } from '../authorizers/authorizers.module.js';
import { StagesModule } from '../stages/stages.module.js';
import { DeploymentsController } from './deployments.controller.js';
import { DeploymentRepository } from './deployment.repository.js';
import { DeploymentsService } from './deployments.service.js';

@Module({
  imports: [StagesModule, AuthorizersModule],
  controllers: [DeploymentsController],
  providers: [DeploymentsService, DeploymentRepository],
})
export class DeploymentsModule {}
