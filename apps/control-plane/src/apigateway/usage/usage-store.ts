import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Database } from '@portico/db';
import { DEFAULT_THROTTLE_KEY_PREFIX, ThrottleKeys, USAGE_TTL_SECONDS } from '@portico/engine-throttling';
import { RunSeeder, UsageCounters, type PersistedCounter, type RunCounter } from '@portico/throttling-redis';
import { closeRedisClient, createRedisClient, redisName, type RedisClient } from '@portico/redis';
import type { Redis } from 'ioredis';
import { redisOf, type ControlPlaneConfig } from '../../config.js';
import { redisLog } from '../../common/redis-log.js';
import { CONTROL_PLANE_CONFIG, DATABASE } from '../../common/tokens.js';

export type CounterKind = 'u' | 'q';

/** Counters older than this are not reconciled any more (Redis forgets day counters after 35 days too). */
const RECONCILE_DAYS = 35;

/**
 * Usage counters: data planes count in Redis; this store reads them (live values win), writes them
 * (UpdateUsage), persists them to PostgreSQL, and re-seeds them when Redis comes back empty.
 * Without REDIS_URL the data planes keep their counters in memory and only PostgreSQL values are known.
 *
 * Across Redis restarts (issue 11; the protocol is described above AdmissionLedger in engine-throttling): every
 * row keeps, besides the count, the base of the Redis run it was persisted in. When Redis restarts empty, a new
 * run begins `seeding`; replicas carry their unpersisted admissions into it, and `watchRun` sets every counter to
 * its persisted base plus the carries, persists them, and only then lets the run admit quota-bound requests.
 */
@Injectable()
export class UsageStore implements OnModuleDestroy {
  private readonly logger = new Logger('UsageStore');
  private readonly redis?: RedisClient;
  private readonly counters?: UsageCounters;
  private readonly seeder?: RunSeeder;
  private redisDown = false;
  private lastRun: string | undefined;
  private seedingLogged: string | undefined;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CONTROL_PLANE_CONFIG) config: ControlPlaneConfig,
  ) {
    const settings = redisOf(config);
    if (!settings) return;
    // The factory logs the loss and the recovery once each; this flag only skips work while Redis is away.
    const redis = createRedisClient(settings, {
      name: 'control-plane-usage',
      role: 'command',
      log: redisLog('UsageStore'),
      whileDown: 'usage is read from PostgreSQL only',
    });
    this.redis = redis;
    redis.on('error', () => (this.redisDown = true));
    redis.on('ready', () => (this.redisDown = false));
    // The throttling libs type their client as a single-node Redis; a Cluster client serves the same commands.
    const client = redis as Redis;
    this.counters = new UsageCounters(client, new ThrottleKeys(redisName(settings, DEFAULT_THROTTLE_KEY_PREFIX), config.accountId).tag);
    this.seeder = new RunSeeder(client, this.counters, { ttlSeconds: USAGE_TTL_SECONDS });
  }

  /** One counter: Redis's live value when Redis answers (and is seeded), else the persisted one, else 0. */
  async read(kind: CounterKind, planId: string, keyId: string, date: string): Promise<number | undefined> {
    const live = await this.live(kind, planId, keyId, date);
    if (live !== undefined) return live;
    const row = await this.db.prisma.usageCounter.findUnique({
      where: { usagePlanId_apiKeyId_kind_date: { usagePlanId: planId, apiKeyId: keyId, kind, date } },
    });
    return row?.used;
  }

  async write(kind: CounterKind, planId: string, keyId: string, date: string, used: number): Promise<void> {
    let base: number | null = used;
    let run: string | null = null;
    if (this.counters) {
      const set = await this.counters.set(kind, planId, keyId, date, used, USAGE_TTL_SECONDS);
      base = set.base;
      run = set.run ?? null;
    }
    await this.upsert({ kind, planId, keyId, date, used, base, run });
  }

  /** Persists every counter of the current (seeded) Redis run, with its base, and tells replicas it did. */
  async flush(): Promise<void> {
    if (!this.counters || this.redisDown) return;
    const snapshot = await this.counters.snapshot();
    for (const c of snapshot) await this.upsert({ ...c, base: c.base, run: c.run });
    await this.counters.persisted(snapshot);
  }

  /** Seeds a new Redis run when it is due (called every few hundred milliseconds). */
  async watchRun(): Promise<void> {
    if (!this.seeder || this.redisDown) return;
    const result = await this.seeder.check(
      () => this.persisted(),
      async (seeded) => {
        for (const c of seeded) await this.upsert({ ...c, base: c.base, run: c.run });
      },
    );
    if (!result.ready) {
      if (this.seedingLogged !== result.run) {
        this.seedingLogged = result.run;
        if (this.lastRun !== undefined) this.logger.warn(`Redis run ${result.run} is new (Redis lost its counters): re-seeding quota and usage counters`);
      }
      return;
    }
    if (result.seeded) this.logger.log(`Redis run ${result.run}: ${result.seeded.length} quota and usage counters re-seeded from PostgreSQL and data-plane carries`);
    this.lastRun = result.run;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.redis) await closeRedisClient(this.redis);
  }

  private async persisted(): Promise<PersistedCounter[]> {
    const cutoff = new Date(Date.now() - RECONCILE_DAYS * 24 * 3600 * 1000).toISOString().slice(0, 10);
    const rows = await this.db.prisma.usageCounter.findMany({ where: { date: { gte: cutoff } } });
    return rows.map((row) => ({
      kind: row.kind as CounterKind,
      planId: row.usagePlanId,
      keyId: row.apiKeyId,
      date: row.date,
      used: row.used,
      base: row.base ?? undefined,
      run: row.run ?? undefined,
      fold: row.fold ?? undefined,
    }));
  }

  private async upsert(c: Omit<RunCounter, 'fold' | 'base' | 'run'> & { base: number | null; run: string | null; fold?: number }): Promise<void> {
    const values = { used: c.used, base: c.base, run: c.run, fold: c.fold ?? null };
    await this.db.prisma.usageCounter.upsert({
      where: { usagePlanId_apiKeyId_kind_date: { usagePlanId: c.planId, apiKeyId: c.keyId, kind: c.kind, date: c.date } },
      create: { usagePlanId: c.planId, apiKeyId: c.keyId, kind: c.kind, date: c.date, ...values },
      update: { ...values, updatedAt: new Date() },
    });
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
