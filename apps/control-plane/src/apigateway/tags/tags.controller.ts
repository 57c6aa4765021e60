import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { TagsService } from './tags.service.js';

/** GetTags, TagResource, UntagResource (`/tags/{resource_arn}`, the ARN URL-encoded as one path segment). */
@Controller('tags')
export class TagsController {
  constructor(private readonly tags: TagsService) {}

  @Get(':resourceArn')
  get(@Param('resourceArn') arn: string): Promise<{ tags: Record<string, string> }> {
    return this.tags.get(arn);
  }

  @Put(':resourceArn')
  @HttpCode(204)
  async tag(@Param('resourceArn') arn: string, @Body() body: unknown): Promise<void> {
    await this.tags.tag(arn, body);
  }

  @Delete(':resourceArn')
  @HttpCode(204)
  async untag(@Param('resourceArn') arn: string, @Query('tagKeys') tagKeys: unknown): Promise<void> {
    await this.tags.untag(arn, tagKeys);
  }
}
