import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DATA_PLANE_STATUS, type DataPlaneStatus } from './data-plane-status.js';

@Controller('health')
export class HealthController {
  constructor(@Inject(DATA_PLANE_STATUS) private readonly status: DataPlaneStatus) {}

  /** The process is up and its event loop turns. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Ready once a config document is loaded (before that every invoke would be a 503) and until shutdown begins,
   * so that an orchestrator sends traffic only where it can be served.
   */
  @Get('ready')
  ready(@Res({ passthrough: true }) reply: FastifyReply): { status: string; revision?: string; reason?: string } {
    if (this.status.draining()) {
      reply.status(503);
      return { status: 'draining', reason: 'shutting down; in-flight requests are finishing' };
    }
    const revision = this.status.revision();
    if (revision === undefined) {
      reply.status(503);
      return { status: 'not-ready', reason: 'no config document loaded yet' };
    }
    return { status: 'ready', revision };
  }
}
