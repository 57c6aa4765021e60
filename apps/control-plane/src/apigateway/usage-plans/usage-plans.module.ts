import { Module } from '@nestjs/common';
import { UsagePlanKeyService } from './usage-plan-key.service.js';
import { UsagePlanController } from './usage-plan.controller.js';
import { UsagePlanRepository } from './usage-plan.repository.js';
import { UsagePlanService } from './usage-plan.service.js';

@Module({ controllers: [UsagePlanController], providers: [UsagePlanService, UsagePlanKeyService, UsagePlanRepository], exports: [UsagePlanRepository] })
export class UsagePlansModule {}
