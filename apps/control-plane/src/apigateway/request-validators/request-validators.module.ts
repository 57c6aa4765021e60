import { Module } from '@nestjs/common';
import { RequestValidatorController } from './request-validator.controller.js';
import { RequestValidatorService } from './request-validator.service.js';

@Module({ controllers: [RequestValidatorController], providers: [RequestValidatorService] })
export class RequestValidatorsModule {}
