import type { SharedDecisionStore } from '@portico/engine-authorizers';
import { closeRedisClient, createRedisClient, type RedisClient, type RedisLog, type RedisSettings } from '@portico/redis';

/**
 * Authorizer results shared by every replica (REDIS_URL): one authorizer invocation per identity for the TTL,
 * whichever replica takes the request. Redis trouble never fails a request: a failed read is a miss, a failed
 * write is skipped (each replica still caches in process).
 */
export class RedisDecisionStore implements SharedDecisionStore {
  private constructor(
    private readonly redis: RedisClient,
    private readonly keyPrefix: string,
  ) {}

  /**
   * `commandTimeoutMs` (default 100): a slower read is a miss and the authorizer runs — a request is never held
   * long for a cache.
   */
  static connect(settings: RedisSettings, log: RedisLog, commandTimeoutMs = 100): RedisDecisionStore {
    const redis = createRedisClient(settings, {
      name: 'data-plane-authorizer-cache',
      role: 'request-path',
      commandTimeoutMs,
      log,
      whileDown: 'authorizer results are cached in process only',
    });
    return new RedisDecisionStore(redis, settings.keyPrefix);
  }

  /**
   * Resolves once the client is connected (commands are not queued before: until then every read is a miss).
   * For start-up checks and tests; the request path never waits for it.
   */
  ready(): Promise<void> {
    if (this.redis.status === 'ready') return Promise.resolve();
    return new Promise((resolve) => this.redis.once('ready', () => resolve()));
  }

  async get(key: string): Promise<string | undefined> {
    try {
      return (await this.redis.get(this.keyPrefix + key)) ?? undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    try {
      await this.redis.set(this.keyPrefix + key, value, 'EX', ttlSeconds);
    } catch {
      // The in-process cache still holds the decision; the next replica asks the authorizer itself.
    }
  }

  async close(): Promise<void> {
    await closeRedisClient(this.redis);
  }
}
