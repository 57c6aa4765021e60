import { decisionTrailKey, type DecisionTrailLocation } from '@portico/contracts';
import { closeRedisClient, createRedisClient, type RedisClient, type RedisLog, type RedisSettings } from '@portico/redis';
import type { Logger } from '../logger.js';
import { errorMessage } from '../logger.js';

/** How often recorded request ids are written, and how many may wait (more are dropped: the ring still holds them). */
const FLUSH_INTERVAL_MS = 200;
const MAX_PENDING = 20_000;

/**
 * Announces in Redis which replica holds each decision trail (contracts decision-trail-index.ts), so that any
 * control plane finds it with one GET. Off the request path: ids are queued and written in one pipeline every
 * 200 ms; with Redis away they are dropped (the control plane then asks every replica it knows).
 */
export class DecisionTrailIndex {
  private pending: string[] = [];
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> | undefined;
  private readonly value: string;

  private constructor(
    private readonly settings: RedisSettings,
    private readonly client: RedisClient,
    location: DecisionTrailLocation,
    private readonly retentionMs: number,
    private readonly log: Logger,
  ) {
    this.value = JSON.stringify(location);
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  static connect(settings: RedisSettings, location: DecisionTrailLocation, retentionMs: number, log: Logger, redisLog: RedisLog): DecisionTrailIndex {
    const client = createRedisClient(settings, {
      name: 'data-plane-decision-trails',
      role: 'command',
      log: redisLog,
      whileDown: 'decision trails are found by asking every replica',
    });
    return new DecisionTrailIndex(settings, client, location, retentionMs, log);
  }

  add(requestId: string): void {
    if (this.pending.length < MAX_PENDING) this.pending.push(requestId);
  }

  private flush(): Promise<void> {
    if (this.flushing || this.pending.length === 0) return this.flushing ?? Promise.resolve();
    const ids = this.pending;
    this.pending = [];
    const pipeline = this.client.pipeline();
    for (const id of ids) pipeline.set(decisionTrailKey(this.settings.keyPrefix, id), this.value, 'PX', this.retentionMs);
    this.flushing = pipeline
      .exec()
      .then(() => undefined)
      .catch((error: unknown) => this.log.log('debug', 'decision trail index: write failed', { error: errorMessage(error), dropped: ids.length }))
      .finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    await closeRedisClient(this.client);
  }
}
