import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import type { MethodRoute } from './method.repository.js';
import { MethodService } from './method.service.js';
import type { MethodResponseWire, MethodWire } from './method.wire.js';
import { TestInvokeMethodService } from './test-invoke/test-invoke-method.service.js';
import type { TestInvokeMethodWire } from './test-invoke/test-invoke-method.js';

/** PutMethod, GetMethod, UpdateMethod, DeleteMethod (204), TestInvokeMethod, and the method responses below them. */
@Controller('restapis/:restApiId/resources/:resourceId/methods/:httpMethod')
export class MethodController {
  constructor(
    private readonly methods: MethodService,
    private readonly testInvokes: TestInvokeMethodService,
  ) {}

  /** TestInvokeMethod answers 200 (a POST), with the method's simulated response. */
  @Post()
  @HttpCode(200)
  testInvoke(@Param() route: MethodRoute, @Body() body: unknown): Promise<TestInvokeMethodWire> {
    return this.testInvokes.testInvoke(this.methods.key(route), body);
  }

  @Put()
  @HttpCode(201)
  put(@Param() route: MethodRoute, @Body() body: unknown): Promise<MethodWire> {
    return this.methods.put(this.methods.key(route), body);
  }

  @Get()
  get(@Param() route: MethodRoute): Promise<MethodWire> {
    return this.methods.get(this.methods.key(route));
  }

  @Patch()
  update(@Param() route: MethodRoute, @Body() body: unknown): Promise<MethodWire> {
    return this.methods.update(this.methods.key(route), body);
  }

  @Delete()
  @HttpCode(204)
  async delete(@Param() route: MethodRoute): Promise<void> {
    await this.methods.delete(this.methods.key(route));
  }

  @Put('responses/:statusCode')
  @HttpCode(201)
  putResponse(@Param() route: MethodRoute, @Param('statusCode') statusCode: string, @Body() body: unknown): Promise<MethodResponseWire> {
    return this.methods.putResponse(this.methods.key(route), statusCode, body);
  }

  @Get('responses/:statusCode')
  getResponse(@Param() route: MethodRoute, @Param('statusCode') statusCode: string): Promise<MethodResponseWire> {
    return this.methods.getResponse(this.methods.key(route), statusCode);
  }

  /** UpdateMethodResponse answers 201, a quirk of AWS's service model that the SDK expects. */
  @Patch('responses/:statusCode')
  @HttpCode(201)
  updateResponse(@Param() route: MethodRoute, @Param('statusCode') statusCode: string, @Body() body: unknown): Promise<MethodResponseWire> {
    return this.methods.updateResponse(this.methods.key(route), statusCode, body);
  }

  @Delete('responses/:statusCode')
  @HttpCode(204)
  async deleteResponse(@Param() route: MethodRoute, @Param('statusCode') statusCode: string): Promise<void> {
    await this.methods.deleteResponse(this.methods.key(route), statusCode);
  }
}
