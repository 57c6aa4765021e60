import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { ControlPlaneConfig } from '../config.js';
import { CONTROL_PLANE_CONFIG } from '../common/tokens.js';
import { UsageStore } from './usage-store.js';

const DEFAULT_FLUSH_INTERVAL_MS = 10_000;

/** Persists Redis usage counters to PostgreSQL periodically (and once more on shutdown). */
@Injectable()
export class UsageFlushJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('UsageFlushJob');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly store: UsageStore,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.redisUrl) return;
    this.timer = setInterval(() => void this.run(), this.config.usageFlushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  /** One flush; concurrent callers share the one in progress. */
  run(): Promise<void> {
    this.running ??= this.store
      .flush()
      .catch((error: Error) => this.logger.warn(`Usage flush failed (retried at the next interval): ${error.message}`))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
