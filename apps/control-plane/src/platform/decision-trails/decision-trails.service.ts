import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { AdminError, decisionTrailKey, type DecisionTrailLocation } from '@portico/contracts';
import { closeRedisClient, createRedisClient, type RedisClient, type RedisSettings } from '@portico/redis';
import { redisOf, type ControlPlaneConfig } from '../../config.js';
import { redisLog } from '../../common/redis-log.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { DataPlaneRegistry } from '../config-distribution/data-plane-registry.js';

const ASK_TIMEOUT_MS = 3_000;
/** Redis away or slow: the lookup falls back to asking the replicas instead of waiting for it. */
const REDIS_TIMEOUT_MS = 1_000;
/** Request ids are UUIDs (REST) or AWS's HTTP API ids; anything else cannot have a trail. */
const REQUEST_ID = /^[A-Za-z0-9=_-]{1,64}$/;

/**
 * `GET /portico/requests/{requestId}`: finds the data-plane replica that answered the request and returns its
 * decision trail. With Redis, the location the replica announced (contracts decision-trail-index.ts) names it;
 * without (or when the announcement is missing), every replica that polls this control plane is asked.
 */
@Injectable()
export class DecisionTrailsService implements OnModuleDestroy {
  private readonly logger = new Logger('DecisionTrails');
  private readonly redis: RedisClient | undefined;
  private readonly redisSettings: RedisSettings | undefined;

  constructor(
    private readonly registry: DataPlaneRegistry,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {
    this.redisSettings = redisOf(config);
    this.redis = this.redisSettings
      ? createRedisClient(this.redisSettings, {
          name: 'control-plane-decision-trails',
          role: 'command',
          lazyConnect: true,
          log: redisLog('DecisionTrails'),
          whileDown: 'decision trails are found by asking every known data plane',
        })
      : undefined;
  }

  /** The trail, with where it was found (`foundOn`: the replica's status URL, and whether Redis named it). */
  async find(requestId: string): Promise<Record<string, unknown>> {
    if (!REQUEST_ID.test(requestId)) throw notFound(requestId);
    const located = await this.locate(requestId);
    if (located) {
      const trail = await this.ask(located, requestId);
      if (trail !== undefined) return { ...trail, foundOn: { statusUrl: located, via: 'redis' } };
    }
    // No (usable) announcement: whoever answered is among the replicas that poll this control plane, if anywhere.
    const urls = this.registry.statusUrls().filter((url) => url !== located);
    const answers = await Promise.all(urls.map((url) => this.ask(url, requestId)));
    const index = answers.findIndex((answer) => answer !== undefined);
    if (index < 0) throw notFound(requestId);
    return { ...answers[index], foundOn: { statusUrl: urls[index], via: 'replicas' } };
  }

  /** The status URL Redis names for the request, if any. */
  private async locate(requestId: string): Promise<string | undefined> {
    if (!this.redis || !this.redisSettings) return undefined;
    const redis = this.redis;
    const key = decisionTrailKey(this.redisSettings.keyPrefix, requestId);
    let timer: NodeJS.Timeout | undefined;
    try {
      const lookup = (async () => {
        if (redis.status === 'wait') await redis.connect();
        return redis.get(key);
      })();
      const raw = await Promise.race([lookup, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), REDIS_TIMEOUT_MS)))]);
      lookup.catch(() => undefined);
      if (!raw) return undefined;
      const location = JSON.parse(raw) as Partial<DecisionTrailLocation>;
      if (typeof location.statusUrl === 'string') return location.statusUrl;
      return typeof location.replica === 'string' ? this.registry.statusUrlOf(location.replica) : undefined;
    } catch (error) {
      this.logger.debug(`decision trail lookup in Redis failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The trail from one replica's status listener; undefined when it has none or cannot be reached. */
  private async ask(statusUrl: string, requestId: string): Promise<Record<string, unknown> | undefined> {
    try {
      const response = await fetch(`${statusUrl}/portico/requests/${encodeURIComponent(requestId)}`, {
        headers: { authorization: `Bearer ${this.config.dataPlaneToken}` },
        signal: AbortSignal.timeout(ASK_TIMEOUT_MS),
      });
      if (response.status !== 200) return undefined;
      const body = (await response.json()) as unknown;
      return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.redis) await closeRedisClient(this.redis);
  }
}

function notFound(requestId: string): AdminError {
  return new AdminError('NotFoundException', `No decision trail for request ${requestId.slice(0, 64)}: unknown, older than the data planes' retention, or answered by a replica this control plane cannot reach`);
}
