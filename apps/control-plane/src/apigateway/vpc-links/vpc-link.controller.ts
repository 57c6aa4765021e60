import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { Page } from '../../common/paging.js';
import { VpcLinkService } from './vpc-link.service.js';
import type { VpcLinkWire } from './vpc-link.wire.js';

/** CreateVpcLink (202, PENDING), GetVpcLinks, GetVpcLink, UpdateVpcLink and DeleteVpcLink (202). */
@Controller('vpclinks')
export class VpcLinkController {
  constructor(private readonly links: VpcLinkService) {}

  @Post()
  @HttpCode(202)
  create(@Body() body: unknown): Promise<VpcLinkWire> {
    return this.links.create(body);
  }

  @Get()
  list(@Query() query: Record<string, unknown>): Promise<Page<VpcLinkWire>> {
    return this.links.list(query);
  }

  @Get(':vpclinkId')
  get(@Param('vpclinkId') id: string): Promise<VpcLinkWire> {
    return this.links.get(id);
  }

  @Patch(':vpclinkId')
  update(@Param('vpclinkId') id: string, @Body() body: unknown): Promise<VpcLinkWire> {
    return this.links.update(id, body);
  }

  @Delete(':vpclinkId')
  @HttpCode(202)
  async delete(@Param('vpclinkId') id: string): Promise<void> {
    await this.links.delete(id);
  }
}
