import { Controller, Get, Param } from '@nestjs/common';
import type { TrafficWire } from '@portico/admin-wire';
import { TrafficService } from './traffic.service.js';

/**
 * The console's traffic chart data (a Portico extension standing in for CloudWatch's API Gateway metrics).
 * The admin guard authorizes it as `apigateway:GET` on the stage's ARN.
 */
@Controller('portico/console/traffic')
export class TrafficController {
  constructor(private readonly traffic: TrafficService) {}

  @Get(':restApiId/:stageName')
  get(@Param('restApiId') restApiId: string, @Param('stageName') stageName: string): Promise<TrafficWire> {
    return this.traffic.traffic(restApiId, stageName);
  }
}
