import { Module } from '@nestjs/common';
import { MethodController } from './method.controller.js';
import { MethodRepository } from './method.repository.js';
import { MethodService } from './method.service.js';

@Module({ controllers: [MethodController], providers: [MethodService, MethodRepository] })
export class MethodsModule {}
