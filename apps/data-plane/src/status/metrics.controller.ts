import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DATA_PLANE_STATUS, type DataPlaneStatus } from './data-plane-status.js';

@Controller('metrics')
export class MetricsController {
  constructor(@Inject(DATA_PLANE_STATUS) private readonly status: DataPlaneStatus) {}

  @Get()
  async metrics(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { contentType, body } = await this.status.metrics();
    reply.header('content-type', contentType);
    return body;
  }
}
