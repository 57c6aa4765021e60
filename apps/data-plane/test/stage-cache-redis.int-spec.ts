// The stage cache's Redis layer: the per-stage byte budget (cacheClusterSize) held by one script.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { redisSettings } from '@portico/redis';
import { RedisStageCacheStore } from '../src/stage-cache/redis-stage-cache-store.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `t-stage-cache-redis-${randomBytes(4).toString('hex')}:`;
const stage = 'portico:stage-cache:{api:prod}:';
const log = { warn: () => undefined, info: () => undefined };
let store: RedisStageCacheStore;
let redis: Redis;

beforeAll(async () => {
  store = RedisStageCacheStore.connect(redisSettings({ REDIS_URL: redisUrl, PORTICO_REDIS_KEY_PREFIX: prefix }), log, 2000);
  redis = new Redis(redisUrl);
  // A request-path client has no offline queue: what it is asked before it connects is a miss. Wait until it reads.
  await redis.set(`${prefix}probe`, 'x');
  for (let i = 0; i < 200 && (await store.get('probe')) === undefined; i++) await new Promise((resolve) => setTimeout(resolve, 20));
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  await store.close();
});

/** `set` is fire-and-forget: wait until Redis has the entry (or gave up on it). */
async function settled(key: string, present: boolean): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await redis.exists(`${prefix}${stage}${key}`)) === (present ? 1 : 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it('keeps a stage within its byte budget, evicting the entry closest to expiry first', async () => {
  const value = Buffer.alloc(400, 1);
  store.set(`${stage}a`, value, 60_000, stage, 1000);
  await settled('a', true);
  store.set(`${stage}b`, value, 120_000, stage, 1000);
  await settled('b', true);
  expect(await store.get(`${stage}a`)).toEqual(value);
  store.set(`${stage}c`, value, 90_000, stage, 1000);
  await settled('a', false);
  expect(await store.get(`${stage}a`)).toBeUndefined();
  expect(await store.get(`${stage}b`)).toEqual(value);
  expect(await store.get(`${stage}c`)).toEqual(value);
  expect(Number(await redis.get(`${prefix}${stage}bytes`))).toBe(800);
  // Replacing an entry does not count it twice.
  store.set(`${stage}c`, value, 90_000, stage, 1000);
  store.set(`${stage}b`, Buffer.alloc(100), 120_000, stage, 1000);
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(Number(await redis.get(`${prefix}${stage}bytes`))).toBe(500);
});

it('does not keep an entry larger than the whole budget', async () => {
  store.set(`${stage}huge`, Buffer.alloc(2000), 60_000, stage, 1000);
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(await store.get(`${stage}huge`)).toBeUndefined();
  expect(await store.get(`${stage}b`)).toBeDefined();
});
