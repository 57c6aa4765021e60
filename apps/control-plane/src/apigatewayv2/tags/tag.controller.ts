import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { TagService } from './tag.service.js';

/**
 * GetTags, TagResource (201), UntagResource (`?tagKeys=`) (spec §1.2). The ARN is one path label, percent-encoded
 * by the SDKs (`arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Fapis%2Fabc`) and decoded by the router.
 */
@Controller('v2/tags')
export class TagController {
  constructor(private readonly tags: TagService) {}

  @Get(':resourceArn')
  get(@Param('resourceArn') resourceArn: string) {
    return this.tags.get(resourceArn);
  }

  @Post(':resourceArn')
  @HttpCode(201)
  async tag(@Param('resourceArn') resourceArn: string, @Body() body: unknown): Promise<Record<string, never>> {
    await this.tags.tag(resourceArn, body);
    return {};
  }

  @Delete(':resourceArn')
  @HttpCode(204)
  async untag(@Param('resourceArn') resourceArn: string, @Query('tagKeys') tagKeys: unknown): Promise<void> {
    await this.tags.untag(resourceArn, tagKeys);
  }
}
