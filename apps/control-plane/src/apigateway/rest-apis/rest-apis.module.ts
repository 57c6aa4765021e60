import { Module } from '@nestjs/common';
import { ExportController } from './export.controller.js';
import { OpenApiService } from './open-api.service.js';
import { RestApiController } from './rest-api.controller.js';
import { RestApiRepository } from './rest-api.repository.js';
import { RestApiService } from './rest-api.service.js';

@Module({ controllers: [RestApiController, ExportController], providers: [RestApiService, RestApiRepository, OpenApiService] })
export class RestApisModule {}
