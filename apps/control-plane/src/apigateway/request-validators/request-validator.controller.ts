import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { Page } from '../../common/paging.js';
import { RequestValidatorService, type RequestValidatorWire } from './request-validator.service.js';

@Controller('restapis/:restApiId/requestvalidators')
export class RequestValidatorController {
  constructor(private readonly validators: RequestValidatorService) {}

  @Post()
  @HttpCode(201)
  create(@Param('restApiId') restApiId: string, @Body() body: unknown): Promise<RequestValidatorWire> {
    return this.validators.create(restApiId, body);
  }

  @Get()
  list(@Param('restApiId') restApiId: string, @Query() query: Record<string, unknown>): Promise<Page<RequestValidatorWire>> {
    return this.validators.list(restApiId, query);
  }

  @Get(':requestValidatorId')
  get(@Param('restApiId') restApiId: string, @Param('requestValidatorId') id: string): Promise<RequestValidatorWire> {
    return this.validators.get(restApiId, id);
  }

  @Patch(':requestValidatorId')
  update(@Param('restApiId') restApiId: string, @Param('requestValidatorId') id: string, @Body() body: unknown): Promise<RequestValidatorWire> {
    return this.validators.update(restApiId, id, body);
  }

  @Delete(':requestValidatorId')
  @HttpCode(202)
  async delete(@Param('restApiId') restApiId: string, @Param('requestValidatorId') id: string): Promise<void> {
    await this.validators.delete(restApiId, id);
  }
}
