import { randomUUID } from 'node:crypto';
import type { RedisLike } from './scan-keys.js';

const HEARTBEAT_MS = 2000;
const STALE_MS = 3 * HEARTBEAT_MS;

/**
 * How many replicas share the limits: each replica refreshes its entry in a sorted set every 2 s and counts the
 * entries seen in the last 6 s. The count sizes the local fallback share (limit ÷ replicas) when Redis goes
 * away; the last count seen is kept while Redis is unreachable.
 *
 * The ids seen are kept too (`knownReplicas`): when Redis comes back empty, a replica names the replicas it
 * knew, and the new run's seed waits until each has carried its admissions in (or the wait times out). Ids
 * seen before an outage are kept until one beat after Redis answers again, so the list spans the restart.
 */
export class ReplicaRegistry {
  readonly id = randomUUID();
  private count = 1;
  private timer: NodeJS.Timeout | undefined;
  private seen = new Map<string, number>();
  private lastBeatMs = 0;

  constructor(
    private readonly redis: RedisLike,
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

  knownReplicas(): readonly string[] {
    return [...this.seen.keys()];
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
        .zrange(this.key, 0, -1, 'WITHSCORES')
        .pexpire(this.key, STALE_MS * 2)
        .exec();
      const entries = result?.[2]?.[1];
      if (!Array.isArray(entries)) return;
      // Forget ids not seen since before the previous successful beat's stale window.
      const horizon = this.lastBeatMs - STALE_MS;
      for (const [id, at] of this.seen) if (at < horizon) this.seen.delete(id);
      for (let i = 0; i + 1 < entries.length; i += 2) this.seen.set(String(entries[i]), Number(entries[i + 1]));
      this.seen.set(this.id, now);
      this.lastBeatMs = now;
      if (entries.length > 0) this.count = entries.length / 2;
    } catch {
      // Redis unreachable: keep the last count (the fallback share is what it was).
    }
  }
}
