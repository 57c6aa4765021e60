import { createHash } from 'node:crypto';
import {
  REFUND_SCRIPT,
  TAKE_SCRIPT,
  encodeTakeArgs,
  type BucketSpec,
  type QuotaUse,
  type SharedBackend,
  type TakeResult,
  type UsageUse,
} from '@portico/engine-throttling';
import type { Redis } from 'ioredis';

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');

/**
 * The shared backend on Redis: one EVALSHA per decision (every bucket, the quota and the day's usage counter
 * checked and debited atomically), EVAL once when Redis answers NOSCRIPT (after a restart or a failover).
 */
export class RedisThrottleBackend implements SharedBackend {
  private readonly takeSha = sha1(TAKE_SCRIPT);
  private readonly refundSha = sha1(REFUND_SCRIPT);

  constructor(private readonly redis: Redis) {}

  async take(buckets: readonly BucketSpec[], quota: QuotaUse | undefined, usage: UsageUse | undefined, want: number): Promise<TakeResult> {
    const { keys, args } = encodeTakeArgs(buckets, quota, usage, want);
    const [granted, reason, remaining, generation] = (await this.run(this.takeSha, TAKE_SCRIPT, keys, args)) as [number, number, number, string?];
    return {
      granted,
      denied: granted > 0 ? undefined : reason === 2 ? 'quota-exceeded' : 'throttled',
      quotaRemaining: remaining >= 0 ? remaining : undefined,
      quotaGeneration: generation,
    };
  }

  async refund(buckets: readonly BucketSpec[], quota: QuotaUse | undefined, usage: UsageUse | undefined, count: number, quotaGeneration?: string): Promise<void> {
    const { keys, args } = encodeTakeArgs(buckets, quota, usage, count, quotaGeneration);
    await this.run(this.refundSha, REFUND_SCRIPT, keys, args);
  }

  async addUsage(quota: QuotaUse | undefined, usage: UsageUse | undefined, count: number): Promise<void> {
    const multi = this.redis.multi();
    if (quota) multi.hincrby(quota.key, 'n', count).expire(quota.key, quota.ttlSeconds);
    if (usage) multi.hincrby(usage.key, 'n', count).expire(usage.key, usage.ttlSeconds);
    await multi.exec();
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  private async run(sha: string, script: string, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await this.redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error as Error).message.startsWith('NOSCRIPT')) throw error;
      return this.redis.eval(script, keys.length, ...keys, ...args);
    }
  }
}
