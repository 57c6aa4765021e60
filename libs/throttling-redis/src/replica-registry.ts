import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const HEARTBEAT_MS = 2000;
const STALE_MS = 3 * HEARTBEAT_MS;

/**
 * How many replicas share the limits: each replica refreshes its entry in a sorted set every 2 s and counts the
 * entries seen in the last 6 s. The count sizes the local fallback share (limit ÷ replicas) when Redis goes
 * away; the last count seen is kept while Redis is unreachable.
 */
export class ReplicaRegistry {
  private readonly id = randomUUID();
  private count = 1;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
  ) {}

  start(): void {
    // Count as soon as the connection is up (and again after every reconnect), not only on the timer.
    this.redis.on('ready', this.onReady);
    void this.beat();
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.timer.unref();
  }

  replicas(): number {
    return this.count;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.redis.off('ready', this.onReady);
    await this.redis.zrem(this.key, this.id).catch(() => undefined);
  }

  private readonly onReady = (): void => void this.beat();

  private async beat(): Promise<void> {
    const now = Date.now();
    try {
      const result = await this.redis
        .multi()
        .zadd(this.key, now, this.id)
        .zremrangebyscore(this.key, 0, now - STALE_MS)
        .zcard(this.key)
        .pexpire(this.key, STALE_MS * 2)
        .exec();
      const card = result?.[2]?.[1];
      if (typeof card === 'number' && card > 0) this.count = card;
    } catch {
      // Redis unreachable: keep the last count (the fallback share is what it was).
    }
  }
}
