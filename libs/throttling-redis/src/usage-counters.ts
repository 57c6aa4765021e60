import { randomUUID } from 'node:crypto';
import { RUN_PREAMBLE } from '@portico/engine-throttling';
import { scanKeys, type RedisLike } from './scan-keys.js';

/** A counter as the control plane persists it: `kind` u = a day's usage, q = a quota period's count. */
export interface CounterValue {
  kind: 'u' | 'q';
  planId: string;
  keyId: string;
  /** The day (u) or the period's first day (q), `YYYY-MM-DD`. */
  date: string;
  used: number;
}

/** A counter with its base (what its run started from plus folded admissions) and the run it belongs to. */
export interface RunCounter extends CounterValue {
  base: number;
  run: string;
  /** The counter's fold number when read: acknowledged to replicas once persisted. */
  fold: number;
}

/**
 * Sets a counter outright (UpdateUsage): `n` becomes `used`, a new generation starts (units leased before the
 * reset are not refunded into the new count), and the base moves by the same amount, so that base + what
 * replicas still carry stays the count. KEYS = counter, run key; ARGV = used, ttl, generation. Returns the base.
 */
const SET_SCRIPT = `${RUN_PREAMBLE}
local key = KEYS[1]
local used = tonumber(ARGV[1])
local base = used
local n = redis.call('HGET', key, 'n')
if n then base = used - (tonumber(n) - tonumber(redis.call('HGET', key, 'b') or '0')) end
redis.call('HSET', key, 'n', used, 'b', base, 'g', ARGV[3], 's', run)
redis.call('EXPIRE', key, ARGV[2])
return base
`;

/** After a flush persisted them: the counters' persisted fold numbers. KEYS = counters…, run key; ARGV = run, fold…. */
const PERSISTED_SCRIPT = `${RUN_PREAMBLE}
if run ~= ARGV[1] then return 0 end
for i = 1, #KEYS - 1 do
  local fold = tonumber(ARGV[1 + i])
  if tonumber(redis.call('HGET', KEYS[i], 'pf') or '0') < fold then redis.call('HSET', KEYS[i], 'pf', fold) end
end
return 1
`;

/** Redis's side of the usage counters for the control plane: reads, UpdateUsage, and the flush's snapshot. */
export class UsageCounters {
  readonly runKey: string;

  constructor(
    private readonly redis: RedisLike,
    /** The account's key tag, e.g. `{portico:000000000000}` (ThrottleKeys' prefix). */
    readonly tag: string,
  ) {
    this.runKey = `${tag}:run`;
  }

  key(kind: 'u' | 'q', planId: string, keyId: string, date: string): string {
    return `${this.tag}:${kind}:${planId}:${keyId}:${date}`;
  }

  parse(key: string): Omit<CounterValue, 'used'> | undefined {
    const parts = key.slice(this.tag.length + 1).split(':');
    if (parts.length !== 4 || (parts[0] !== 'u' && parts[0] !== 'q')) return undefined;
    return { kind: parts[0], planId: parts[1], keyId: parts[2], date: parts[3] };
  }

  /** Every counter key in Redis for this account (SCAN, never KEYS; every master of a cluster). */
  async keys(): Promise<string[]> {
    const found: string[] = [];
    for (const kind of ['u', 'q'] as const) {
      await scanKeys(this.redis, `${this.tag}:${kind}:*`, async (keys) => void found.push(...keys));
    }
    return found;
  }

  /** The current run, when its counters are seeded; undefined while seeding (counters are partial then). */
  async readyRun(): Promise<string | undefined> {
    const [id, state] = await this.redis.hmget(this.runKey, 'id', 'state');
    return id !== null && state === 'ready' ? id : undefined;
  }

  /** Every counter of the ready run with its base (the flush persists both); empty while the run is seeding. */
  async snapshot(): Promise<RunCounter[]> {
    const run = await this.readyRun();
    if (run === undefined) return [];
    const keys = await this.keys();
    const found: RunCounter[] = [];
    for (let i = 0; i < keys.length; i += 500) {
      const chunk = keys.slice(i, i + 500);
      const pipeline = this.redis.pipeline();
      for (const k of chunk) pipeline.hmget(k, 'n', 'b', 'fc');
      const results = (await pipeline.exec()) ?? [];
      chunk.forEach((k, j) => {
        const id = this.parse(k);
        const [n, b, fc] = (results[j]?.[1] as (string | null)[] | undefined) ?? [];
        if (!id || n === null || n === undefined) return;
        found.push({ ...id, used: Number(n), base: Number(b ?? 0), fold: Number(fc ?? 0), run });
      });
    }
    // The run must still be the one read: a restart in between would make these values another run's.
    return (await this.readyRun()) === run ? found : [];
  }

  /** Tells replicas that these counters' folds are in PostgreSQL now (they stop carrying them). */
  async persisted(counters: readonly RunCounter[]): Promise<void> {
    for (let i = 0; i < counters.length; i += 500) {
      const chunk = counters.slice(i, i + 500);
      if (chunk.length === 0) continue;
      const keys = [...chunk.map((c) => this.key(c.kind, c.planId, c.keyId, c.date)), this.runKey];
      await this.redis.eval(PERSISTED_SCRIPT, keys.length, ...keys, chunk[0].run, ...chunk.map((c) => c.fold));
    }
  }

  /** A counter's live value; undefined when it is absent or the run is still being seeded. */
  async get(kind: 'u' | 'q', planId: string, keyId: string, date: string): Promise<number | undefined> {
    if ((await this.readyRun()) === undefined) return undefined;
    const v = await this.redis.hget(this.key(kind, planId, keyId, date), 'n');
    return v === null ? undefined : Number(v);
  }

  /** UpdateUsage's reset of a counter (see SET_SCRIPT); returns the new base and the run. */
  async set(kind: 'u' | 'q', planId: string, keyId: string, date: string, used: number, ttlSeconds: number): Promise<{ base: number; run: string | undefined }> {
    const key = this.key(kind, planId, keyId, date);
    const base = Number(await this.redis.eval(SET_SCRIPT, 2, key, this.runKey, used, ttlSeconds, randomUUID()));
    return { base, run: await this.readyRun() };
  }
}
