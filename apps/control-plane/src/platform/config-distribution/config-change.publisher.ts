import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { CONFIG_CHANGED_CHANNEL } from '@portico/contracts';
import type { Database } from '@portico/db';
import { closeRedisClient, createRedisClient, redisName, type RedisClient } from '@portico/redis';
import { redisOf, type ControlPlaneConfig } from '../../config.js';
import { redisLog } from '../../common/redis-log.js';
import { CONTROL_PLANE_CONFIG, DATABASE } from '../../common/tokens.js';
import { observeWrites } from '../../common/write-transaction.js';
import { configChanged, configScopeOf } from './config-changes.js';
import { ConfigDocumentService } from './config-document.service.js';

// A publish that cannot reach Redis gives up after this long; data planes then learn of the change by polling.
const PUBLISH_TIMEOUT_MS = 2000;

/**
 * Announces a new config revision on Redis (CONFIG_CHANGED_CHANNEL, message = the stored revision, the v2 ETag) so
 * that data planes fetch it at once instead of at their next poll. Nobody calls it by hand: it observes every admin
 * write (`writeTransaction`), and a write that changed a served model (config-changes.ts) gets
 * `configChanged(tx, scope)` inside its transaction and exactly one event after its commit. Publishing reads the
 * stored revision; it never builds the document. Publishing is best effort by design: it runs in the background, a failure is logged and never
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
    @Inject(DATABASE) database: Database,
    private readonly documents: ConfigDocumentService,
  ) {
    observeWrites(database, {
      writing: async (tx, models) => {
        const scope = configScopeOf(models);
        if (!scope) return false;
        await configChanged(tx, scope);
        return true;
      },
      committed: () => void this.announce(),
    });
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
  announce(): Promise<void> {
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

  /** Resolves once every announcement started so far has been published (or given up). */
  async settled(): Promise<void> {
    await Promise.all(this.inFlight);
  }

  async onModuleDestroy(): Promise<void> {
    await this.settled();
    if (this.redis) await closeRedisClient(this.redis);
  }
}
