import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { VpcEndpointsService, type VpcEndpointWire } from './vpc-endpoints.service.js';

/** Portico's VPC endpoints (network sources for private APIs); bootstrap-admin only, like every admin route. */
@Controller('portico/vpc-endpoints')
export class VpcEndpointsController {
  constructor(private readonly endpoints: VpcEndpointsService) {}

  @Post()
  @HttpCode(201)
  create(@Body() body: unknown): Promise<VpcEndpointWire> {
    return this.endpoints.create(body);
  }

  @Get()
  list(): Promise<{ item: VpcEndpointWire[] }> {
    return this.endpoints.list();
  }

  @Get(':vpcEndpointId')
  get(@Param('vpcEndpointId') id: string): Promise<VpcEndpointWire> {
    return this.endpoints.get(id);
  }

  @Delete(':vpcEndpointId')
  @HttpCode(202)
  async delete(@Param('vpcEndpointId') id: string): Promise<void> {
    await this.endpoints.delete(id);
  }
}
