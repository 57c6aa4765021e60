import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { ControlPlaneConfig } from '../../config.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { UsageStore } from './usage-store.js';

const DEFAULT_FLUSH_INTERVAL_MS = 10_000;
/** How often the Redis run is checked: after a restart, quota-bound requests wait for the re-seed. */
const RUN_CHECK_MS = 250;

/**
 * Persists Redis usage counters to PostgreSQL periodically (and once more on shutdown), and re-seeds them when
 * Redis comes back empty (UsageStore.watchRun).
 */
@Injectable()
export class UsageFlushJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('UsageFlushJob');
  private timer?: NodeJS.Timeout;
  private runTimer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private watching?: Promise<void>;
  private watchFailure?: string;

  constructor(
    private readonly store: UsageStore,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.redisUrl) return;
    this.timer = setInterval(() => void this.run(), this.config.usageFlushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS);
    this.timer.unref();
    this.runTimer = setInterval(() => void this.watchRun(), RUN_CHECK_MS);
    this.runTimer.unref();
  }

  private watchRun(): Promise<void> {
    this.watching ??= this.store
      .watchRun()
      .then(() => (this.watchFailure = undefined))
      .catch((error: Error) => {
        // Logged once per distinct failure: Redis being away is logged by the store already.
        if (this.watchFailure !== error.message) this.logger.warn(`Redis run check failed (retried): ${error.message}`);
        this.watchFailure = error.message;
      })
      .finally(() => (this.watching = undefined));
    return this.watching;
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
    if (this.runTimer) clearInterval(this.runTimer);
    await this.watching;
    await this.running;
  }
}
