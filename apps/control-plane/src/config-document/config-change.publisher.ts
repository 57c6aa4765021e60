import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { CONFIG_CHANGED_CHANNEL } from '@portico/contracts';
import { Redis } from 'ioredis';
import type { ControlPlaneConfig } from '../config.js';
import { CONTROL_PLANE_CONFIG } from '../common/tokens.js';
import { ConfigDocumentService } from './config-document.service.js';

// A publish that cannot reach Redis gives up after this long; data planes then learn of the change by polling.
const PUBLISH_TIMEOUT_MS = 2000;

/**
 * Announces a new config revision on Redis (CONFIG_CHANGED_CHANNEL, message = the revision) so that data planes
 * fetch it at once instead of at their next poll. Callers invoke `configChanged()` after their transaction has
 * committed. Publishing is best effort by design: it runs in the background, a failure is logged and never
 * fails the admin request, because polling is the data plane's fallback. Without REDIS_URL this does nothing.
 */
@Injectable()
export class ConfigChangePublisher implements OnModuleDestroy {
  private readonly logger = new Logger('ConfigChangePublisher');
  private readonly redis?: Redis;
  private readonly inFlight = new Set<Promise<void>>();
  private redisDown = false;

  constructor(
    @Inject(CONTROL_PLANE_CONFIG) config: ControlPlaneConfig,
    private readonly documents: ConfigDocumentService,
  ) {
    if (!config.redisUrl) return;
    this.redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, commandTimeout: PUBLISH_TIMEOUT_MS });
    // ioredis reconnects on its own; log an outage once, not on every retry.
    this.redis.on('error', (error: Error) => {
      if (this.redisDown) return;
      this.redisDown = true;
      this.logger.warn(`Redis unavailable, config changes will reach data planes by polling: ${error.message}`);
    });
    this.redis.on('ready', () => {
      this.redisDown = false;
    });
  }

  /** Starts building and publishing the current revision; resolves when done (never rejects). */
  configChanged(): Promise<void> {
    if (!this.redis) return Promise.resolve();
    const redis = this.redis;
    const task = (async () => {
      try {
        const { revision } = await this.documents.current();
        await redis.publish(CONFIG_CHANGED_CHANNEL, revision);
      } catch (error) {
        this.logger.warn(`Could not publish the config change (data planes will poll): ${(error as Error).message}`);
      }
    })();
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
    return task;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.inFlight);
    if (this.redis) await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}
