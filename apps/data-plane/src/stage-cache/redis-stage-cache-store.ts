import { STAGE_CACHE_FLUSH_CHANNEL } from '@portico/contracts';
import type { SharedStageCacheStore } from '@portico/gateway-rest';
import { closeRedisClient, createRedisClient, redisName, type RedisClient, type RedisLog, type RedisSettings } from '@portico/redis';

/**
 * Stores an entry within its stage's byte budget, in one script (one slot: every key of a stage shares its hash
 * tag). KEYS: entry, the stage's index (sorted set: entry key → expiry ms), sizes (hash: entry key → bytes), total
 * bytes. ARGV: value, ttl ms, capacity bytes, now ms. Expired entries leave the budget first; then, while the new
 * entry does not fit, the entry closest to its expiry is evicted. An entry larger than the whole budget is not kept.
 */
const SET_WITHIN_CAPACITY = `
local now = tonumber(ARGV[4])
local size = string.len(ARGV[1])
local capacity = tonumber(ARGV[3])
local total = tonumber(redis.call('GET', KEYS[4]) or '0')
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for _, key in ipairs(expired) do
  local s = redis.call('HGET', KEYS[3], key)
  if s then total = total - tonumber(s) end
  redis.call('HDEL', KEYS[3], key)
end
if #expired > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now) end
local previous = redis.call('HGET', KEYS[3], KEYS[1])
if previous then
  total = total - tonumber(previous)
  redis.call('HDEL', KEYS[3], KEYS[1])
  redis.call('ZREM', KEYS[2], KEYS[1])
end
if size > capacity then
  redis.call('DEL', KEYS[1])
  redis.call('SET', KEYS[4], math.max(total, 0))
  return 0
end
while total + size > capacity do
  local first = redis.call('ZRANGE', KEYS[2], 0, 0)
  if #first == 0 then break end
  local s = redis.call('HGET', KEYS[3], first[1])
  if s then total = total - tonumber(s) end
  redis.call('HDEL', KEYS[3], first[1])
  redis.call('ZREM', KEYS[2], first[1])
  redis.call('DEL', first[1])
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), KEYS[1])
redis.call('HSET', KEYS[3], KEYS[1], size)
total = math.max(total, 0) + size
-- The bookkeeping outlives the longest entry (TTL ≤ 3600 s) by a minute, so an abandoned stage leaves nothing.
redis.call('SET', KEYS[4], total, 'PX', 3660000)
redis.call('PEXPIRE', KEYS[2], 3660000)
redis.call('PEXPIRE', KEYS[3], 3660000)
return 1
`;

type ScriptClient = RedisClient & {
  stageCacheSet(entry: string, index: string, sizes: string, total: string, value: Buffer, ttlMs: number, capacity: number, now: number): Promise<number>;
};

/**
 * The stage cache's shared layer on Redis: entries every replica reads (`GET` of the entry key), written within
 * the stage's byte budget (derived from `cacheClusterSize`). Redis trouble never fails a request: a failed or
 * late read is a miss (the backend answers), a failed write is skipped.
 */
export class RedisStageCacheStore implements SharedStageCacheStore {
  private constructor(
    private readonly redis: ScriptClient,
    private readonly settings: RedisSettings,
    private readonly channel: string,
  ) {}

  static connect(settings: RedisSettings, log: RedisLog, commandTimeoutMs: number): RedisStageCacheStore {
    const redis = createRedisClient(settings, {
      name: 'data-plane-stage-cache',
      role: 'request-path',
      commandTimeoutMs,
      log,
      whileDown: 'the stage cache serves from this replica only (misses go to the backend)',
    }) as ScriptClient;
    redis.defineCommand('stageCacheSet', { numberOfKeys: 4, lua: SET_WITHIN_CAPACITY });
    return new RedisStageCacheStore(redis, settings, redisName(settings, STAGE_CACHE_FLUSH_CHANNEL));
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return (await this.redis.getBuffer(redisName(this.settings, key))) ?? undefined;
    } catch {
      return undefined;
    }
  }

  set(key: string, value: Buffer, ttlMs: number, stagePrefix: string, capacityBytes: number): void {
    const name = (k: string) => redisName(this.settings, k);
    this.redis
      .stageCacheSet(name(key), name(`${stagePrefix}index`), name(`${stagePrefix}sizes`), name(`${stagePrefix}bytes`), value, Math.max(1, Math.round(ttlMs)), capacityBytes, Date.now())
      .catch(() => undefined);
  }

  invalidated(key: string): void {
    this.redis.publish(this.channel, JSON.stringify({ key })).catch(() => undefined);
  }

  async close(): Promise<void> {
    await closeRedisClient(this.redis);
  }
}
