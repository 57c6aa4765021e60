import { Module } from '@nestjs/common';
import { ConfigDocumentModule } from '../config-distribution/config-document.module.js';
import { DecisionTrailsController } from './decision-trails.controller.js';
import { DecisionTrailsService } from './decision-trails.service.js';

/** Decision trails, found on the data plane that recorded them (`GET /portico/requests/{requestId}`). */
@Module({ imports: [ConfigDocumentModule], controllers: [DecisionTrailsController], providers: [DecisionTrailsService] })
export class DecisionTrailsModule {}
