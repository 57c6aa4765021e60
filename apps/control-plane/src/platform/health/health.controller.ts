import { Controller, Get, Inject, Res } from '@nestjs/common';
import { checkDatabase, type Database } from '@portico/db';
import type { FastifyReply } from 'fastify';
import { DATABASE } from '../../common/tokens.js';

/** Probes for orchestrators; outside SigV4 (the admin guard skips /health/*) and cheap. */
@Controller('health')
export class HealthController {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** The process is up and serving HTTP. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready for traffic: the database answers and every migration in this build has been applied. */
  @Get('ready')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const database = await checkDatabase(this.db);
    const ok = database.reachable && database.migrationsApplied;
    await reply
      .status(ok ? 200 : 503)
      .header('content-type', 'application/json')
      .send(JSON.stringify({ status: ok ? 'ok' : 'unavailable', database }));
  }
}
