import type { ThrottlerStorage } from '@nestjs/throttler';
import type { RedisClient } from '@portico/redis';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

// Fixed window per key: the first hit starts the window (PX ttl); a key over its limit is blocked for
// `blockDuration` (a separate key), so that every control-plane instance sees the same counts and blocks.
const INCREMENT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
local blockTtl = redis.call('PTTL', KEYS[2])
if blockTtl < 0 and hits > tonumber(ARGV[2]) and tonumber(ARGV[3]) > 0 then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  blockTtl = tonumber(ARGV[3])
end
return {hits, ttl, blockTtl}
`;

/** @nestjs/throttler's storage in Redis: counts shared by every control-plane instance. */
export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const base = `${this.prefix}:${throttlerName}:${key}`;
    let reply: [number, number, number];
    try {
      reply = (await this.redis.eval(INCREMENT_SCRIPT, 2, `${base}:hits`, `${base}:blocked`, ttl, limit, blockDuration)) as [number, number, number];
    } catch {
      // Redis unreachable: admin requests are not refused for it (fail-open); the client logs the outage.
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    }
    const [hits, ttlMs, blockMs] = reply;
    return {
      totalHits: hits,
      timeToExpire: Math.max(0, Math.ceil(ttlMs / 1000)),
      isBlocked: blockMs > 0,
      timeToBlockExpire: Math.max(0, Math.ceil(blockMs / 1000)),
    };
  }
}
