import { Module } from '@nestjs/common';
import { UsageFlushJob } from './usage-flush.job.js';
import { UsageStore } from './usage-store.js';
import { UsagePlansModule } from '../usage-plans/usage-plans.module.js';
import { UsageController } from './usage.controller.js';
import { UsageService } from './usage.service.js';

@Module({ imports: [UsagePlansModule], controllers: [UsageController], providers: [UsageStore, UsageFlushJob, UsageService] })
export class UsageModule {}
