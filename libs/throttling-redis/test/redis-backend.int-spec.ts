import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisThrottleBackend } from '../src/redis-throttle-backend.js';
import { RunSeeder } from '../src/run-seeder.js';
import { UsageCounters } from '../src/usage-counters.js';

// The scripts against a real Redis: all-or-nothing across buckets, quota and usage counted only when granted,
// refunds, and the run protocol (gate, carries, seed, folds) that keeps quotas across a restart. Keys carry a
// per-test tag; "Redis restarted empty" is played by deleting every key of the tag.
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let tag: string;
let redis: Redis;
let backend: RedisThrottleBackend;
let counters: UsageCounters;
let seeder: RunSeeder;
const known: string[] = [];
const replica = { id: 'replica-a', knownReplicas: () => known };

beforeAll(async () => {
  // The apps make their clients with @portico/redis (role request-path); an adapter may not import another
  // adapter, so the test's own client is a plain ioredis one: these specs exercise the scripts, not the client.
  redis = new Redis(redisUrl, { commandTimeout: 1000, maxRetriesPerRequest: 0 });
  await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
});
beforeEach(async () => {
  tag = `{test:${randomUUID()}}`;
  backend = new RedisThrottleBackend(redis, `${tag}:run`, replica);
  counters = new UsageCounters(redis, tag);
  seeder = new RunSeeder(redis, counters, { ttlSeconds: 60, minWaitMs: 0, maxWaitMs: 60_000 });
  known.length = 0;
  // A fresh run, seeded at once (nothing to carry).
  await seeder.check(async () => [], async () => undefined);
});
afterEach(async () => {
  await wipe();
});
afterAll(async () => {
  await redis.quit();
});

async function wipe(): Promise<void> {
  const keys = await redis.keys(`${tag}*`);
  if (keys.length > 0) await redis.del(...keys);
}

const bucket = (name: string, capacity: number, rate: number) => ({ key: `${tag}:${name}`, capacity, rate });

describe('RedisThrottleBackend', () => {
  it('grants from every bucket together or from none, and counts only what it grants', async () => {
    const wide = bucket('wide', 10, 0.001);
    const narrow = bucket('narrow', 2, 0.001);
    const quota = { key: `${tag}:q`, limit: 5, ttlSeconds: 60 };
    const usage = { key: `${tag}:u`, ttlSeconds: 60 };
    expect(await backend.take([narrow, wide], quota, usage, 1, true)).toMatchObject({ granted: 1, quotaRemaining: 4, quotaGeneration: '', runReady: true });
    expect(await backend.take([narrow, wide], quota, usage, 5, true)).toMatchObject({ granted: 1, quotaRemaining: 3 });
    expect(await backend.take([narrow, wide], quota, usage, 1, true)).toMatchObject({ granted: 0, denied: 'throttled', quotaRemaining: 3 });
    expect(await redis.hget(usage.key, 'n')).toBe('2');
    // The wide bucket lost only the two granted tokens; the quota (3 left) caps this lease.
    expect(await backend.take([wide], quota, usage, 10, true)).toMatchObject({ granted: 3, quotaRemaining: 0 });
    expect(await backend.take([wide], quota, usage, 1, true)).toMatchObject({ granted: 0, denied: 'quota-exceeded' });
  });

  it('takes a lease atomically under concurrency: 50 concurrent takes of 3 from a bucket of 20 grant exactly 20', async () => {
    const b = bucket('concurrent', 20, 0.001);
    const results = await Promise.all(Array.from({ length: 50 }, () => backend.take([b], undefined, undefined, 3, true)));
    expect(results.reduce((sum, r) => sum + r.granted, 0)).toBe(20);
  });

  it('refunds unused tokens and quota units, but not into another run', async () => {
    const b = bucket('refund', 10, 0.001);
    const quota = { key: `${tag}:qr`, limit: 100, ttlSeconds: 60 };
    const taken = await backend.take([b], quota, undefined, 8, true);
    expect(taken.granted).toBe(8);
    await backend.refund([b], quota, undefined, 5, taken.quotaGeneration, taken.run as string);
    expect(await redis.hget(quota.key, 'n')).toBe('3');
    expect((await backend.take([b], quota, undefined, 10, true)).granted).toBe(7);
    await backend.refund([b], quota, undefined, 2, taken.quotaGeneration, 'an-earlier-run');
    expect(await redis.hget(quota.key, 'n')).toBe('10');
  });

  it('does not refund leased quota units into a count UpdateUsage has set since', async () => {
    const quota = { key: counters.key('q', 'gplan', 'gkey', '2026-11-01'), limit: 100, ttlSeconds: 60 };
    const leased = await backend.take([], quota, undefined, 10, true);
    expect(leased).toMatchObject({ granted: 10, quotaGeneration: '' });
    const run = leased.run as string;
    await backend.refund([], quota, undefined, 4, leased.quotaGeneration, run);
    expect(await counters.get('q', 'gplan', 'gkey', '2026-11-01')).toBe(6);
    const again = await backend.take([], quota, undefined, 10, true);
    await counters.set('q', 'gplan', 'gkey', '2026-11-01', 50, 60);
    await backend.refund([], quota, undefined, 10, again.quotaGeneration, run);
    expect(await counters.get('q', 'gplan', 'gkey', '2026-11-01')).toBe(50);
    const after = await backend.take([], quota, undefined, 1, true);
    expect(after.quotaGeneration).toMatch(/^[0-9a-f-]{36}$/);
    await backend.refund([], quota, undefined, 1, after.quotaGeneration, run);
    expect(await counters.get('q', 'gplan', 'gkey', '2026-11-01')).toBe(50);
  });
});

describe('a Redis run lost and re-seeded', () => {
  it('refuses quota-bound takes until seeded, then holds base + every carry; late carries still count', async () => {
    const quota = { key: counters.key('q', 'plan', 'key', '2026-12-01'), limit: 100, ttlSeconds: 60 };
    const usage = { key: counters.key('u', 'plan', 'key', '2026-12-01'), ttlSeconds: 60 };
    const first = await backend.take([], quota, usage, 10, true);
    expect(first.granted).toBe(10);

    await wipe(); // Redis restarted empty
    const slow = new RunSeeder(redis, counters, { ttlSeconds: 60, minWaitMs: 0, maxWaitMs: 60_000 });
    const gated = await backend.take([], quota, usage, 1, true);
    expect(gated).toMatchObject({ granted: 0, denied: 'reseeding', runReady: false });
    expect(gated.run).not.toBe(first.run);
    // Rate-only and usage-only requests go on; a quota with the gate off counts from what the run holds.
    expect((await backend.take([], undefined, usage, 1, true)).granted).toBe(1);

    // Replica a knew replica b: the seed waits for b's report.
    known.push('replica-a', 'replica-b');
    const run = gated.run as string;
    expect(await backend.carry(run, [{ key: quota.key, count: 7, ttlSeconds: 60 }, { key: usage.key, count: 7, ttlSeconds: 60 }], true)).toBe(true);
    const persisted = [
      { kind: 'q' as const, planId: 'plan', keyId: 'key', date: '2026-12-01', used: 5, base: 3 },
      { kind: 'u' as const, planId: 'plan', keyId: 'key', date: '2026-12-01', used: 5, base: 3 },
    ];
    expect(await slow.check(async () => persisted, async () => undefined)).toEqual({ run, ready: false });
    const b = new RedisThrottleBackend(redis, `${tag}:run`, { id: 'replica-b', knownReplicas: () => ['replica-a', 'replica-b'] });
    expect(await b.carry(run, [{ key: quota.key, count: 2, ttlSeconds: 60 }], true)).toBe(true);
    const stored: unknown[] = [];
    const seeded = await slow.check(async () => persisted, async (s) => void stored.push(...s));
    expect(seeded.ready).toBe(true);
    expect(stored).toHaveLength(2);
    // Base 3 + carries 7 + 2 (quota); the usage counter also holds the one admitted meanwhile.
    expect(await counters.get('q', 'plan', 'key', '2026-12-01')).toBe(12);
    expect(await counters.get('u', 'plan', 'key', '2026-12-01')).toBe(11);
    expect(await redis.hget(quota.key, 'b')).toBe('12');
    expect((await b.take([], quota, usage, 1, true)).granted).toBe(1);
    // A replica that reports after the seed still counts.
    expect(await b.carry(run, [{ key: quota.key, count: 4, ttlSeconds: 60 }], true)).toBe(true);
    expect(await counters.get('q', 'plan', 'key', '2026-12-01')).toBe(17);
    expect(await b.carry('another-run', [], true)).toBe(false);
  });

  it('seeds without the missing replica once the longest wait has passed', async () => {
    await wipe();
    const status = await backend.status();
    known.push('replica-a', 'gone');
    await backend.carry(status.run, [], true);
    const impatient = new RunSeeder(redis, counters, { ttlSeconds: 60, minWaitMs: 0, maxWaitMs: 0 });
    expect((await impatient.check(async () => [], async () => undefined)).ready).toBe(true);
    expect(await backend.status()).toEqual({ run: status.run, ready: true });
  });

  it('folds admissions into the base and acknowledges them once a flush persisted them', async () => {
    const quota = { key: counters.key('q', 'fplan', 'fkey', '2026-12-01'), limit: 100, ttlSeconds: 60 };
    const taken = await backend.take([], quota, undefined, 6, true);
    const run = taken.run as string;
    expect(await backend.fold(run, [{ key: quota.key, count: 6, ttlSeconds: 60 }])).toEqual([{ fold: 1, persisted: 0 }]);
    const snapshot = await counters.snapshot();
    expect(snapshot).toEqual([{ kind: 'q', planId: 'fplan', keyId: 'fkey', date: '2026-12-01', used: 6, base: 6, fold: 1, run }]);
    await counters.persisted(snapshot);
    expect(await backend.fold(run, [{ key: quota.key, count: 0, ttlSeconds: 60 }])).toEqual([{ fold: 1, persisted: 1 }]);
    expect(await backend.fold('another-run', [])).toBeUndefined();
    // Redis restarts: this replica still carries fold 1 (it may not have learnt it was persisted) and 3 more
    // admitted since. The row holds fold 1 in its base, so the seed counts 6 + 3, not 6 + 6 + 3.
    await wipe();
    const next = (await backend.status()).run;
    await backend.carry(
      next,
      [
        { key: quota.key, count: 3, ttlSeconds: 60 },
        { key: quota.key, count: 6, ttlSeconds: 60, foldRun: run, fold: 1 },
      ],
      true,
    );
    const row = { kind: 'q' as const, planId: 'fplan', keyId: 'fkey', date: '2026-12-01', used: 6, base: 6, run, fold: 1 };
    expect((await seeder.check(async () => [row], async () => undefined)).ready).toBe(true);
    expect(await counters.get('q', 'fplan', 'fkey', '2026-12-01')).toBe(9);
    // A late carry of the same fold is skipped too; an unknown fold counts.
    await backend.carry(next, [{ key: quota.key, count: 6, ttlSeconds: 60, foldRun: run, fold: 1 }], true);
    await backend.carry(next, [{ key: quota.key, count: 2, ttlSeconds: 60, foldRun: run, fold: 2 }], true);
    expect(await counters.get('q', 'fplan', 'fkey', '2026-12-01')).toBe(11);
    // UpdateUsage moves the base with the count: base + what replicas still carry stays the count.
    await backend.take([], quota, undefined, 2, true);
    expect(await counters.set('q', 'fplan', 'fkey', '2026-12-01', 50, 60)).toEqual({ base: 48, run: next });
  });
});
