import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { CONFIG_CHANGED_CHANNEL } from '@portico/contracts';
import { closeRedisClient, createRedisClient, redisName, type RedisClient } from '@portico/redis';
import { redisOf, type ControlPlaneConfig } from '../../config.js';
import { redisLog } from '../../common/redis-log.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { ConfigDocumentService } from './config-document.service.js';

// A publish that cannot reach Redis gives up after this long; data planes then learn of the change by polling.
const PUBLISH_TIMEOUT_MS = 2000;

/**
 * Announces a new config revision on Redis (CONFIG_CHANGED_CHANNEL, message = the stored revision, the v2 ETag) so that data planes
 * fetch it at once instead of at their next poll. Callers invoke `configChanged()` after their transaction has
 * committed. Publishing is best effort by design: it runs in the background, a failure is logged and never
 * fails the admin request, because polling is the data plane's fallback. Without REDIS_URL this does nothing.
 */
@Injectable()
export class ConfigChangePublisher implements OnModuleDestroy {
  private readonly logger = new Logger('ConfigChangePublisher');
  private readonly redis?: RedisClient;
  private readonly channel: string = CONFIG_CHANGED_CHANNEL;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    @Inject(CONTROL_PLANE_CONFIG) config: ControlPlaneConfig,
    private readonly documents: ConfigDocumentService,
  ) {
    const settings = redisOf(config);
    if (!settings) return;
    this.channel = redisName(settings, CONFIG_CHANGED_CHANNEL);
    this.redis = createRedisClient(settings, {
      name: 'control-plane-config-changes',
      role: 'command',
      commandTimeoutMs: PUBLISH_TIMEOUT_MS,
      // A change right after start-up waits for the first connection (up to the timeout) rather than failing.
      queueWhileConnecting: true,
      log: redisLog('ConfigChangePublisher'),
      whileDown: 'config changes reach data planes by polling',
    });
  }

  /** Starts publishing the current stored revision; resolves when done (never rejects). */
  configChanged(): Promise<void> {
    if (!this.redis) return Promise.resolve();
    const redis = this.redis;
    const task = (async () => {
      try {
        // The stored revision (one read): the document is built only when a data plane asks for it.
        await redis.publish(this.channel, await this.documents.revision());
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
    if (this.redis) await closeRedisClient(this.redis);
  }
}
