import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { RejectedDocument } from '../config-loader/config-loader.js';
import { DATA_PLANE_STATUS, type DataPlaneStatus } from './data-plane-status.js';

interface Readiness {
  status: string;
  revision?: string;
  reason?: string;
  /** Present while the newest document received was refused: the data plane serves `revision`, its last known good. */
  lastRejected?: RejectedDocument;
}

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
   * so that an orchestrator sends traffic only where it can be served. A data plane that refused a newer document
   * (a schema version it does not read, an invalid one) stays ready: it serves its last known good, as it would
   * through a control-plane outage, and says so in `lastRejected` (and on /metrics) for the operator; taking it out
   * of rotation would turn one bad document into an outage of every replica.
   */
  @Get('ready')
  ready(@Res({ passthrough: true }) reply: FastifyReply): Readiness {
    if (this.status.draining()) {
      reply.status(503);
      return { status: 'draining', reason: 'shutting down; in-flight requests are finishing' };
    }
    const revision = this.status.revision();
    const lastRejected = this.status.lastRejected();
    if (revision === undefined) {
      reply.status(503);
      return { status: 'not-ready', reason: 'no config document loaded yet', ...(lastRejected && { lastRejected }) };
    }
    return { status: 'ready', revision, ...(lastRejected && { lastRejected }) };
  }
}
