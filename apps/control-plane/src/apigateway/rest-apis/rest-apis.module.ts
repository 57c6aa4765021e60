import { Module } from '@nestjs/common';
import { RestApiController } from './rest-api.controller.js';
import { RestApiRepository } from './rest-api.repository.js';
import { RestApiService } from './rest-api.service.js';

@Module({ controllers: [RestApiController], providers: [RestApiService, RestApiRepository] })
export class RestApisModule {}
