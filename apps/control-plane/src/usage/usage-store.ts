import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Database } from '@portico/db';
import { DEFAULT_THROTTLE_KEY_PREFIX, ThrottleKeys, USAGE_TTL_SECONDS } from '@portico/engine-throttling';
import { UsageCounters, type CounterValue } from '@portico/throttling-redis';
import { Redis } from 'ioredis';
import type { ControlPlaneConfig } from '../config.js';
import { CONTROL_PLANE_CONFIG, DATABASE } from '../common/tokens.js';

export type CounterKind = 'u' | 'q';

/** Counters older than this are not reconciled any more (Redis forgets day counters after 35 days too). */
const RECONCILE_DAYS = 35;

/**
 * Usage counters: data planes count in Redis; this store reads them (live values win), writes them
 * (UpdateUsage), and persists them to PostgreSQL so that usage reports and quotas survive a Redis restart.
 * Without REDIS_URL the data planes keep their counters in memory and only PostgreSQL values are known.
 */
@Injectable()
export class UsageStore implements OnModuleDestroy {
  private readonly logger = new Logger('UsageStore');
  private readonly redis?: Redis;
  private readonly counters?: UsageCounters;
  private redisDown = false;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CONTROL_PLANE_CONFIG) config: ControlPlaneConfig,
  ) {
    if (!config.redisUrl) return;
    this.redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 2000, enableOfflineQueue: false });
    this.redis.on('error', (error: Error) => {
      if (this.redisDown) return;
      this.redisDown = true;
      this.logger.warn(`Redis unavailable, usage is read from PostgreSQL only: ${error.message}`);
    });
    this.redis.on('ready', () => (this.redisDown = false));
    this.counters = new UsageCounters(this.redis, new ThrottleKeys(DEFAULT_THROTTLE_KEY_PREFIX, config.accountId).tag);
  }

  /** One counter: Redis's live value when Redis answers, else the persisted one, else 0. */
  async read(kind: CounterKind, planId: string, keyId: string, date: string): Promise<number | undefined> {
    const live = await this.live(kind, planId, keyId, date);
    if (live !== undefined) return live;
    const row = await this.db.prisma.usageCounter.findUnique({
      where: { usagePlanId_apiKeyId_kind_date: { usagePlanId: planId, apiKeyId: keyId, kind, date } },
    });
    return row?.used;
  }

  async write(kind: CounterKind, planId: string, keyId: string, date: string, used: number): Promise<void> {
    await this.db.prisma.usageCounter.upsert({
      where: { usagePlanId_apiKeyId_kind_date: { usagePlanId: planId, apiKeyId: keyId, kind, date } },
      create: { usagePlanId: planId, apiKeyId: keyId, kind, date, used },
      update: { used, updatedAt: new Date() },
    });
    if (this.counters) await this.counters.set(kind, planId, keyId, date, used, USAGE_TTL_SECONDS);
  }

  /**
   * Persists every Redis counter to PostgreSQL, first restoring counters Redis lost (see UsageCounters.seed):
   * after a Redis restart, data planes count from zero and the next flush adds the persisted values back.
   */
  async flush(): Promise<void> {
    if (!this.counters || this.redisDown) return;
    const cutoff = new Date(Date.now() - RECONCILE_DAYS * 24 * 3600 * 1000).toISOString().slice(0, 10);
    const rows = await this.db.prisma.usageCounter.findMany({ where: { date: { gte: cutoff } } });
    const known = new Set<string>();
    const values: CounterValue[] = [];
    for (const row of rows) {
      const counter: CounterValue = { kind: row.kind as CounterKind, planId: row.usagePlanId, keyId: row.apiKeyId, date: row.date, used: row.used };
      known.add(id(counter));
      const used = await this.counters.seed(counter, USAGE_TTL_SECONDS);
      if (used !== row.used) values.push({ ...counter, used });
    }
    for (const counter of await this.counters.scan()) {
      if (known.has(id(counter)) || counter.date < cutoff) continue;
      values.push({ ...counter, used: await this.counters.seed({ ...counter, used: 0 }, USAGE_TTL_SECONDS) });
    }
    for (const v of values) {
      await this.db.prisma.usageCounter.upsert({
        where: { usagePlanId_apiKeyId_kind_date: { usagePlanId: v.planId, apiKeyId: v.keyId, kind: v.kind, date: v.date } },
        create: { usagePlanId: v.planId, apiKeyId: v.keyId, kind: v.kind, date: v.date, used: v.used },
        update: { used: v.used, updatedAt: new Date() },
      });
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.redis) await this.redis.quit().catch(() => this.redis?.disconnect());
  }

  private async live(kind: CounterKind, planId: string, keyId: string, date: string): Promise<number | undefined> {
    if (!this.counters || this.redisDown) return undefined;
    try {
      return await this.counters.get(kind, planId, keyId, date);
    } catch {
      return undefined;
    }
  }
}

function id(c: Pick<CounterValue, 'kind' | 'planId' | 'keyId' | 'date'>): string {
  return `${c.kind}\u0000${c.planId}\u0000${c.keyId}\u0000${c.date}`;
}
