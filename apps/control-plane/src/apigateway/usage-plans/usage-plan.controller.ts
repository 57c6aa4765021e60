import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { Page } from '../../common/paging.js';
import { UsagePlanKeyService } from './usage-plan-key.service.js';
import { UsagePlanService } from './usage-plan.service.js';
import type { UsagePlanKeyWire, UsagePlanWire } from './usage-plan.wire.js';

/** Usage plans and their keys (spec §1.2): CreateUsagePlan … DeleteUsagePlanKey. */
@Controller('usageplans')
export class UsagePlanController {
  constructor(
    private readonly plans: UsagePlanService,
    private readonly keys: UsagePlanKeyService,
  ) {}

  @Post()
  @HttpCode(201)
  create(@Body() body: unknown): Promise<UsagePlanWire> {
    return this.plans.create(body);
  }

  @Get()
  list(@Query() query: Record<string, unknown>): Promise<Page<UsagePlanWire>> {
    return this.plans.list(query);
  }

  @Get(':usagePlanId')
  get(@Param('usagePlanId') id: string): Promise<UsagePlanWire> {
    return this.plans.get(id);
  }

  @Patch(':usagePlanId')
  update(@Param('usagePlanId') id: string, @Body() body: unknown): Promise<UsagePlanWire> {
    return this.plans.update(id, body);
  }

  @Delete(':usagePlanId')
  @HttpCode(202)
  async delete(@Param('usagePlanId') id: string): Promise<void> {
    await this.plans.delete(id);
  }

  @Post(':usagePlanId/keys')
  @HttpCode(201)
  createKey(@Param('usagePlanId') id: string, @Body() body: unknown): Promise<UsagePlanKeyWire> {
    return this.keys.create(id, body);
  }

  @Get(':usagePlanId/keys')
  listKeys(@Param('usagePlanId') id: string, @Query() query: Record<string, unknown>): Promise<Page<UsagePlanKeyWire>> {
    return this.keys.list(id, query);
  }

  @Get(':usagePlanId/keys/:keyId')
  getKey(@Param('usagePlanId') id: string, @Param('keyId') keyId: string): Promise<UsagePlanKeyWire> {
    return this.keys.get(id, keyId);
  }

  @Delete(':usagePlanId/keys/:keyId')
  @HttpCode(202)
  async deleteKey(@Param('usagePlanId') id: string, @Param('keyId') keyId: string): Promise<void> {
    await this.keys.delete(id, keyId);
  }
}
