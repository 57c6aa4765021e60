import { Module } from '@nestjs/common';
import { MethodController } from './method.controller.js';
import { MethodRepository } from './method.repository.js';
import { MethodService } from './method.service.js';
import { AuthorizersModule } from '../authorizers/authorizers.module.js';
import { TestInvokeMethodService } from './test-invoke/test-invoke-method.service.js';

// TestInvokeMethod runs functions through the runner the authorizers module provides (one per process).
@Module({ imports: [AuthorizersModule], controllers: [MethodController], providers: [MethodService, MethodRepository, TestInvokeMethodService] })
export class MethodsModule {}
