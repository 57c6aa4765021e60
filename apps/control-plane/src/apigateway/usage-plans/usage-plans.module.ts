import { Module } from '@nestjs/common';
import { ConfigDocumentModule } from '../../platform/config-distribution/config-document.module.js';
import { UsagePlanKeyService } from './usage-plan-key.service.js';
import { UsagePlanController } from './usage-plan.controller.js';
import { UsagePlanService } from './usage-plan.service.js';

@Module({ imports: [ConfigDocumentModule], controllers: [UsagePlanController], providers: [UsagePlanService, UsagePlanKeyService] })
export class UsagePlansModule {}
