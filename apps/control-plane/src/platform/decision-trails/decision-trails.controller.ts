import { Controller, Get, Param } from '@nestjs/common';
import { DecisionTrailsService } from './decision-trails.service.js';

/**
 * "Why was this request refused?" (a Portico extension): the decision trail of a gateway-generated answer, by the
 * `x-amzn-RequestId` the caller got. For account roots (the admin guard's `/portico/*` rule).
 */
@Controller('portico/requests')
export class DecisionTrailsController {
  constructor(private readonly trails: DecisionTrailsService) {}

  @Get(':requestId')
  get(@Param('requestId') requestId: string): Promise<Record<string, unknown>> {
    return this.trails.find(requestId);
  }
}
