import { Module } from '@nestjs/common';
import { ConfigDocumentModule } from '../config-distribution/config-document.module.js';
import { TrafficController } from './traffic.controller.js';
import { TrafficService } from './traffic.service.js';

/** What the web console needs beyond the AWS API: traffic gathered from the data planes (static files: serve-console.ts). */
@Module({ imports: [ConfigDocumentModule], controllers: [TrafficController], providers: [TrafficService] })
export class ConsoleModule {}
