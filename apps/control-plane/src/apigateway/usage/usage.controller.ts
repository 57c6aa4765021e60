import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { UsageService, type UsageWire } from './usage.service.js';

/** GetUsage and UpdateUsage (spec §1.2). */
@Controller('usageplans/:usagePlanId')
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @Get('usage')
  get(@Param('usagePlanId') planId: string, @Query() query: Record<string, unknown>): Promise<UsageWire> {
    return this.usage.getUsage(planId, query);
  }

  @Patch('keys/:keyId/usage')
  update(@Param('usagePlanId') planId: string, @Param('keyId') keyId: string, @Body() body: unknown): Promise<UsageWire> {
    return this.usage.updateUsage(planId, keyId, body);
  }
}
