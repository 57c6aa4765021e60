import { Module } from '@nestjs/common';
import { UsageFlushJob } from './usage-flush.job.js';
import { UsageStore } from './usage-store.js';
import { UsageController } from './usage.controller.js';
import { UsageService } from './usage.service.js';

@Module({ controllers: [UsageController], providers: [UsageStore, UsageFlushJob, UsageService] })
export class UsageModule {}
