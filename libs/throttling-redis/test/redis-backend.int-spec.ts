import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createThrottleRedis } from '../src/throttle-redis-client.js';
import { RedisThrottleBackend } from '../src/redis-throttle-backend.js';
import { UsageCounters } from '../src/usage-counters.js';

// The scripts against a real Redis: all-or-nothing across buckets, quota and usage counted only when granted,
// refunds, and the restore-after-restart seeding the control plane relies on. Keys carry a per-run tag.
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const tag = `{test:${randomUUID()}}`;
let redis: Redis;
let backend: RedisThrottleBackend;

beforeAll(async () => {
  redis = createThrottleRedis(redisUrl, { commandTimeoutMs: 1000 });
  await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
  backend = new RedisThrottleBackend(redis);
});
afterAll(async () => {
  const keys = await redis.keys(`${tag}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

const bucket = (name: string, capacity: number, rate: number) => ({ key: `${tag}:${name}`, capacity, rate });

describe('RedisThrottleBackend', () => {
  it('grants from every bucket together or from none, and counts only what it grants', async () => {
    const wide = bucket('wide', 10, 0.001);
    const narrow = bucket('narrow', 2, 0.001);
    const quota = { key: `${tag}:q`, limit: 5, ttlSeconds: 60 };
    const usage = { key: `${tag}:u`, ttlSeconds: 60 };
    expect(await backend.take([narrow, wide], quota, usage, 1)).toMatchObject({ granted: 1, quotaRemaining: 4, quotaGeneration: '' });
    expect(await backend.take([narrow, wide], quota, usage, 5)).toMatchObject({ granted: 1, quotaRemaining: 3 });
    expect(await backend.take([narrow, wide], quota, usage, 1)).toEqual({ granted: 0, denied: 'throttled', quotaRemaining: 3 });
    expect(await redis.hget(usage.key, 'n')).toBe('2');
    // The wide bucket lost only the two granted tokens; the quota (3 left) caps this lease.
    expect(await backend.take([wide], quota, usage, 10)).toMatchObject({ granted: 3, quotaRemaining: 0 });
    expect(await backend.take([wide], quota, usage, 1)).toMatchObject({ granted: 0, denied: 'quota-exceeded' });
  });

  it('takes a lease atomically under concurrency: 50 concurrent takes of 3 from a bucket of 20 grant exactly 20', async () => {
    const b = bucket('concurrent', 20, 0.001);
    const results = await Promise.all(Array.from({ length: 50 }, () => backend.take([b], undefined, undefined, 3)));
    expect(results.reduce((sum, r) => sum + r.granted, 0)).toBe(20);
  });

  it('refunds unused tokens and quota units', async () => {
    const b = bucket('refund', 10, 0.001);
    const quota = { key: `${tag}:qr`, limit: 100, ttlSeconds: 60 };
    expect((await backend.take([b], quota, undefined, 8)).granted).toBe(8);
    await backend.refund([b], quota, undefined, 5);
    expect(await redis.hget(quota.key, 'n')).toBe('3');
    expect((await backend.take([b], quota, undefined, 10)).granted).toBe(7);
  });

  it('does not refund leased quota units into a count UpdateUsage has set since', async () => {
    const counters = new UsageCounters(redis, tag);
    const quota = { key: counters.key('q', 'gplan', 'gkey', '2026-11-01'), limit: 100, ttlSeconds: 60 };
    const leased = await backend.take([], quota, undefined, 10);
    expect(leased).toMatchObject({ granted: 10, quotaGeneration: '' });
    await backend.refund([], quota, undefined, 4, leased.quotaGeneration);
    expect(await counters.get('q', 'gplan', 'gkey', '2026-11-01')).toBe(6);
    const again = await backend.take([], quota, undefined, 10);
    await counters.set('q', 'gplan', 'gkey', '2026-11-01', 50, 60);
    await backend.refund([], quota, undefined, 10, again.quotaGeneration);
    expect(await counters.get('q', 'gplan', 'gkey', '2026-11-01')).toBe(50);
    const after = await backend.take([], quota, undefined, 1);
    expect(after.quotaGeneration).toMatch(/^[0-9a-f-]{36}$/);
    await backend.refund([], quota, undefined, 1, after.quotaGeneration);
    expect(await counters.get('q', 'gplan', 'gkey', '2026-11-01')).toBe(50);
  });

  it('reseeds counters Redis lost from persisted values, adding what was counted since', async () => {
    const counters = new UsageCounters(redis, tag);
    await counters.set('u', 'plan', 'key', '2026-11-24', 7, 60);
    expect(await counters.seed({ kind: 'u', planId: 'plan', keyId: 'key', date: '2026-11-24', used: 7 }, 60)).toBe(7);
    // Redis restarted: the data plane counted 2 more from zero before the control plane reconciled.
    await redis.del(counters.key('u', 'plan', 'key', '2026-11-24'));
    await redis.hincrby(counters.key('u', 'plan', 'key', '2026-11-24'), 'n', 2);
    expect(await counters.seed({ kind: 'u', planId: 'plan', keyId: 'key', date: '2026-11-24', used: 7 }, 60)).toBe(9);
    expect((await counters.scan()).find((c) => c.planId === 'plan')).toEqual({ kind: 'u', planId: 'plan', keyId: 'key', date: '2026-11-24', used: 9 });
  });
});
