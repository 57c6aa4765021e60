import type { RedisClient } from '@portico/redis';

/**
 * @nestjs/throttler's storage contract (`ThrottlerStorage.increment`), kept so that either storage below can be
 * handed to that package's module where it loads: @nestjs/throttler 6 is CommonJS and cannot `require` the
 * ESM-only NestJS 12 under Jest's ESM mode, so the guard in this folder implements the same fixed-window check.
 */
export interface RateLimitRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

export interface RateLimitStorage {
  increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<RateLimitRecord>;
}

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

/** Counts in Redis, shared by every control-plane instance. */
export class RedisRateLimitStorage implements RateLimitStorage {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<RateLimitRecord> {
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

/** Counts in process memory (no REDIS_URL): the same fixed window, for one control-plane instance. */
export class MemoryRateLimitStorage implements RateLimitStorage {
  private readonly windows = new Map<string, { hits: number; endsAt: number; blockedUntil: number }>();

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<RateLimitRecord> {
    const now = Date.now();
    const id = `${throttlerName}:${key}`;
    let w = this.windows.get(id);
    if (!w || w.endsAt <= now) {
      if (this.windows.size > 10_000) for (const [k, v] of this.windows) if (v.endsAt <= now && v.blockedUntil <= now) this.windows.delete(k);
      w = { hits: 0, endsAt: now + ttl, blockedUntil: w && w.blockedUntil > now ? w.blockedUntil : 0 };
      this.windows.set(id, w);
    }
    w.hits++;
    if (w.blockedUntil <= now && w.hits > limit && blockDuration > 0) w.blockedUntil = now + blockDuration;
    const blocked = w.blockedUntil > now;
    return {
      totalHits: w.hits,
      timeToExpire: Math.ceil((w.endsAt - now) / 1000),
      isBlocked: blocked,
      timeToBlockExpire: blocked ? Math.ceil((w.blockedUntil - now) / 1000) : 0,
    };
  }
}
