import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Put } from '@nestjs/common';
import { MethodService } from './method.service.js';
import type { MethodResponseWire, MethodWire } from './method.wire.js';

/** PutMethod, GetMethod, UpdateMethod, DeleteMethod (204), and the method responses below them. */
@Controller('restapis/:restApiId/resources/:resourceId/methods/:httpMethod')
export class MethodController {
  constructor(private readonly methods: MethodService) {}

  @Put()
  @HttpCode(201)
  put(@Param('restApiId') api: string, @Param('resourceId') resource: string, @Param('httpMethod') verb: string, @Body() body: unknown): Promise<MethodWire> {
    return this.methods.put(this.methods.key(api, resource, verb), body);
  }

  @Get()
  get(@Param('restApiId') api: string, @Param('resourceId') resource: string, @Param('httpMethod') verb: string): Promise<MethodWire> {
    return this.methods.get(this.methods.key(api, resource, verb));
  }

  @Patch()
  update(@Param('restApiId') api: string, @Param('resourceId') resource: string, @Param('httpMethod') verb: string, @Body() body: unknown): Promise<MethodWire> {
    return this.methods.update(this.methods.key(api, resource, verb), body);
  }

  @Delete()
  @HttpCode(204)
  async delete(@Param('restApiId') api: string, @Param('resourceId') resource: string, @Param('httpMethod') verb: string): Promise<void> {
    await this.methods.delete(this.methods.key(api, resource, verb));
  }

  @Put('responses/:statusCode')
  @HttpCode(201)
  putResponse(
    @Param('restApiId') api: string,
    @Param('resourceId') resource: string,
    @Param('httpMethod') verb: string,
    @Param('statusCode') statusCode: string,
    @Body() body: unknown,
  ): Promise<MethodResponseWire> {
    return this.methods.putResponse(this.methods.key(api, resource, verb), statusCode, body);
  }

  @Get('responses/:statusCode')
  getResponse(@Param('restApiId') api: string, @Param('resourceId') resource: string, @Param('httpMethod') verb: string, @Param('statusCode') statusCode: string): Promise<MethodResponseWire> {
    return this.methods.getResponse(this.methods.key(api, resource, verb), statusCode);
  }

  /** UpdateMethodResponse answers 201, a quirk of AWS's service model that the SDK expects. */
  @Patch('responses/:statusCode')
  @HttpCode(201)
  updateResponse(
    @Param('restApiId') api: string,
    @Param('resourceId') resource: string,
    @Param('httpMethod') verb: string,
    @Param('statusCode') statusCode: string,
    @Body() body: unknown,
  ): Promise<MethodResponseWire> {
    return this.methods.updateResponse(this.methods.key(api, resource, verb), statusCode, body);
  }

  @Delete('responses/:statusCode')
  @HttpCode(204)
  async deleteResponse(@Param('restApiId') api: string, @Param('resourceId') resource: string, @Param('httpMethod') verb: string, @Param('statusCode') statusCode: string): Promise<void> {
    await this.methods.deleteResponse(this.methods.key(api, resource, verb), statusCode);
  }
}
