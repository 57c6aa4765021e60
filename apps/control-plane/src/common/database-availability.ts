import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { checkDatabase, type Database } from '@portico/db';
import { DATABASE } from './tokens.js';

/** How often an outage is probed for its end, and what `Retry-After` tells clients (seconds). */
const PROBE_INTERVAL_MS = 1_000;
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * Whether the database is answering, as admin requests observe it. While it is down every admin request
 * answers 503 ServiceUnavailableException (the filter decides that from the error); this class only makes the
 * outage an event instead of a log line per request: the first failure logs it once, a probe then checks
 * every second and logs its end once. Nothing is probed while the database is healthy.
 */
@Injectable()
export class DatabaseAvailability implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private downSince: number | undefined;
  private probe: NodeJS.Timeout | undefined;
  private probing = false;

  constructor(@Inject(DATABASE) private readonly database: Database) {}

  get available(): boolean {
    return this.downSince === undefined;
  }

  /** A request failed because the database is unavailable (`reason` from the driver). */
  reportUnavailable(reason: string): void {
    if (this.downSince !== undefined) return;
    this.downSince = Date.now();
    this.logger.error(`PostgreSQL unavailable (${reason}); admin requests answer 503 ServiceUnavailableException until it is back`);
    this.probe = setInterval(() => void this.checkRecovered(), PROBE_INTERVAL_MS);
    this.probe.unref();
  }

  private async checkRecovered(): Promise<void> {
    if (this.probing || this.downSince === undefined) return;
    this.probing = true;
    try {
      const health = await checkDatabase(this.database);
      if (!health.reachable || this.downSince === undefined) return;
      const seconds = ((Date.now() - this.downSince) / 1000).toFixed(1);
      this.downSince = undefined;
      clearInterval(this.probe);
      this.probe = undefined;
      this.logger.log(`PostgreSQL available again after ${seconds} s`);
    } finally {
      this.probing = false;
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.probe);
    this.probe = undefined;
  }
}
