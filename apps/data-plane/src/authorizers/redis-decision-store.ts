import { Redis } from 'ioredis';
import type { SharedDecisionStore } from '@portico/engine-authorizers';

/**
 * Authorizer results shared by every replica (REDIS_URL): one authorizer invocation per identity for the TTL,
 * whichever replica takes the request. Redis trouble never fails a request: a failed read is a miss, a failed
 * write is skipped (each replica still caches in process).
 */
export class RedisDecisionStore implements SharedDecisionStore {
  private constructor(private readonly redis: Redis) {}

  static connect(url: string, onError: (error: Error) => void): RedisDecisionStore {
    const redis = new Redis(url, {
      commandTimeout: 100,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 1000,
      retryStrategy: (times) => Math.min(100 * times, 1000),
    });
    redis.on('error', onError);
    return new RedisDecisionStore(redis);
  }

  async get(key: string): Promise<string | undefined> {
    try {
      return (await this.redis.get(key)) ?? undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    try {
      await this.redis.set(key, value, 'EX', ttlSeconds);
    } catch {
      // The in-process cache still holds the decision; the next replica asks the authorizer itself.
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
