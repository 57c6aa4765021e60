import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A counter as the control plane persists it: `kind` u = a day's usage, q = a quota period's count. */
export interface CounterValue {
  kind: 'u' | 'q';
  planId: string;
  keyId: string;
  /** The day (u) or the period's first day (q), `YYYY-MM-DD`. */
  date: string;
  used: number;
}

/*
 * Redis loses counters when it restarts without persistence; PostgreSQL keeps them (the control plane's flush
 * job). A counter hash carries `seeded` once the control plane has reconciled it with PostgreSQL: a counter
 * without the mark whose PostgreSQL row exists was lost and re-created by data planes, so the persisted value
 * is added to what they counted since. Adding (not overwriting) keeps requests counted after the restart.
 */
const SEED_SCRIPT = `
if redis.call('HEXISTS', KEYS[1], 'seeded') == 0 then
  redis.call('HINCRBY', KEYS[1], 'n', ARGV[1])
  redis.call('HSET', KEYS[1], 'seeded', '1')
  redis.call('EXPIRE', KEYS[1], ARGV[2])
end
return tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
`;

export class UsageCounters {
  constructor(
    private readonly redis: Redis,
    /** The account's key tag, e.g. `{portico:000000000000}` (ThrottleKeys' prefix). */
    private readonly tag: string,
  ) {}

  key(kind: 'u' | 'q', planId: string, keyId: string, date: string): string {
    return `${this.tag}:${kind}:${planId}:${keyId}:${date}`;
  }

  /** Every counter in Redis for this account (SCAN, never KEYS). */
  async scan(): Promise<CounterValue[]> {
    const found: CounterValue[] = [];
    for (const kind of ['u', 'q'] as const) {
      let cursor = '0';
      do {
        const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.tag}:${kind}:*`, 'COUNT', 500);
        cursor = next;
        if (keys.length === 0) continue;
        const values = await Promise.all(keys.map((k) => this.redis.hget(k, 'n')));
        keys.forEach((k, i) => {
          const parts = k.slice(this.tag.length + 1).split(':');
          if (parts.length !== 4) return;
          found.push({ kind, planId: parts[1], keyId: parts[2], date: parts[3], used: Number(values[i] ?? 0) });
        });
      } while (cursor !== '0');
    }
    return found;
  }

  /** Reconciles one counter with its persisted value; returns the counter's value afterwards. */
  async seed(counter: CounterValue, ttlSeconds: number): Promise<number> {
    const key = this.key(counter.kind, counter.planId, counter.keyId, counter.date);
    return Number(await this.redis.eval(SEED_SCRIPT, 1, key, counter.used, ttlSeconds));
  }

  async get(kind: 'u' | 'q', planId: string, keyId: string, date: string): Promise<number | undefined> {
    const v = await this.redis.hget(this.key(kind, planId, keyId, date), 'n');
    return v === null ? undefined : Number(v);
  }

  /**
   * Sets a counter outright (UpdateUsage: the period's count becomes limit − remaining) and starts a new
   * generation, so that units data planes leased before the reset are not refunded into the new count.
   */
  async set(kind: 'u' | 'q', planId: string, keyId: string, date: string, used: number, ttlSeconds: number): Promise<void> {
    const key = this.key(kind, planId, keyId, date);
    await this.redis.multi().hset(key, 'n', used, 'seeded', '1', 'g', randomUUID()).expire(key, ttlSeconds).exec();
  }
}
