import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { V2VpcLinkService } from './vpc-link.service.js';

/** CreateVpcLink (201), GetVpcLinks, GetVpcLink, UpdateVpcLink and DeleteVpcLink (202) of apigatewayv2 (spec §1.2). */
@Controller('v2/vpclinks')
export class V2VpcLinkController {
  constructor(private readonly links: V2VpcLinkService) {}

  @Post()
  @HttpCode(201)
  create(@Body() body: unknown) {
    return this.links.create(body);
  }

  @Get()
  list(@Query() query: Record<string, unknown>) {
    return this.links.list(query);
  }

  @Get(':vpcLinkId')
  get(@Param('vpcLinkId') id: string) {
    return this.links.get(id);
  }

  @Patch(':vpcLinkId')
  update(@Param('vpcLinkId') id: string, @Body() body: unknown) {
    return this.links.update(id, body);
  }

  @Delete(':vpcLinkId')
  @HttpCode(202)
  async delete(@Param('vpcLinkId') id: string): Promise<Record<string, never>> {
    await this.links.delete(id);
    return {};
  }
}
