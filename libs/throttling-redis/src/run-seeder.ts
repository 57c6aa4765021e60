import { RUN_PREAMBLE } from '@portico/engine-throttling';
import type { RedisLike } from './scan-keys.js';
import type { CounterValue, RunCounter, UsageCounters } from './usage-counters.js';

/** A counter as PostgreSQL last persisted it: its count and the base of the run it was persisted in. */
export interface PersistedCounter extends CounterValue {
  /** Undefined for rows persisted before runs existed: their count is the base then. */
  base?: number;
  /** The run the row was persisted in and the counter's fold number then: folds up to it are in `base`. */
  run?: string;
  fold?: number;
}

export interface RunSeederOptions {
  /** A new run is seeded no sooner than this after it began, so that every live replica has noticed it (2000 ms). */
  minWaitMs?: number;
  /** …and no later than this, even if a replica that was known never reported (it died; 10000 ms). */
  maxWaitMs?: number;
  /** Counter TTL for seeded counters (seconds). */
  ttlSeconds: number;
}

export type SeedCheck = { run: string; ready: true; seeded?: RunCounter[] } | { run: string; ready: false };

/*
 * The seeding of a new Redis run (see AdmissionLedger in @portico/engine-throttling for the why). A run starts
 * `seeding` when a script finds no run key — Redis restarted empty. Replicas report to it (CARRY_SCRIPT): each
 * carries its unpersisted admissions into the counters' `c` and names the replicas it knew. The seeder waits
 * until every replica named has reported (at least `minWaitMs`, at most `maxWaitMs`), then sets every counter
 * to base + carries — the base from PostgreSQL (the control plane) or 0 (data planes without one) — persists
 * them, and only then marks the run `ready`: quota-bound requests are decided again from complete counters.
 * Every step is idempotent (a counter records the run it was seeded in), so concurrent or restarted seeders
 * agree.
 */
const SEED_STATUS_SCRIPT = `${RUN_PREAMBLE}
if ready then return {run, 1, 0, 0} end
local all = redis.call('HGETALL', rkey)
local expected, reported = {}, {}
for i = 1, #all, 2 do
  local prefix = string.sub(all[i], 1, 2)
  if prefix == 'e:' then expected[string.sub(all[i], 3)] = true end
  if prefix == 'r:' then reported[string.sub(all[i], 3)] = true end
end
local missing = 0
for id in pairs(expected) do if not reported[id] then missing = missing + 1 end end
local since = tonumber(redis.call('HGET', rkey, 'since') or now)
return {run, 0, math.floor(now - since), missing}
`;

/**
 * KEYS = counter, run key; ARGV = run, base, ttl, the row's run, the row's fold number. The counter becomes its
 * base + carries: unfolded (`c`) and folded ones (`f:<run>:<fold>`) except the folds the row already holds.
 * Returns {count, base}, or {-1, 0} if the run moved on.
 */
const SEED_COUNTER_SCRIPT = `${RUN_PREAMBLE}
if run ~= ARGV[1] or ready then return {-1, 0} end
local key = KEYS[1]
if redis.call('HGET', key, 's') == run then
  return {tonumber(redis.call('HGET', key, 'n') or '0'), tonumber(redis.call('HGET', key, 'b') or '0')}
end
local add = tonumber(ARGV[2])
local prior = 0
-- A counter of the format before runs (reconciled by the old flush) already holds the persisted value.
if redis.call('HEXISTS', key, 'seeded') == 1 then
  add = 0
  prior = tonumber(redis.call('HGET', key, 'n') or '0')
  redis.call('HDEL', key, 'seeded')
end
local carried = tonumber(redis.call('HGET', key, 'c') or '0')
local fields = redis.call('HKEYS', key)
local rowRun, rowFold = ARGV[4], tonumber(ARGV[5])
for _, f in ipairs(fields) do
  if string.sub(f, 1, 2) == 'f:' then
    local sep = string.find(f, ':[^:]*$')
    local foldRun, fold = string.sub(f, 3, sep - 1), tonumber(string.sub(f, sep + 1))
    if not (foldRun == rowRun and fold <= rowFold) then carried = carried + tonumber(redis.call('HGET', key, f)) end
    redis.call('HDEL', key, f)
  end
end
local n = redis.call('HINCRBY', key, 'n', add + carried)
local b = add + carried + prior
redis.call('HSET', key, 'b', b, 's', run, 'pr', rowRun, 'pfold', rowFold)
redis.call('HDEL', key, 'c')
redis.call('EXPIRE', key, ARGV[3])
return {n, b}
`;

const MARK_READY_SCRIPT = `${RUN_PREAMBLE}
if run ~= ARGV[1] then return 0 end
redis.call('HSET', rkey, 'state', 'ready')
return 1
`;

export class RunSeeder {
  private readonly minWaitMs: number;
  private readonly maxWaitMs: number;

  constructor(
    private readonly redis: RedisLike,
    private readonly counters: UsageCounters,
    private readonly options: RunSeederOptions,
  ) {
    this.minWaitMs = options.minWaitMs ?? 2000;
    this.maxWaitMs = options.maxWaitMs ?? 10_000;
  }

  /**
   * One look at the run; seeds it when it is due. `persisted` gives PostgreSQL's counters; `persist` stores the
   * seeded ones before the run is marked ready (a crash in between leaves the run seeding, and the next check
   * redoes it idempotently).
   */
  async check(persisted: () => Promise<PersistedCounter[]>, persist: (seeded: RunCounter[]) => Promise<void>): Promise<SeedCheck> {
    const runKey = this.counters.runKey;
    const [run, ready, age, missing] = (await this.redis.eval(SEED_STATUS_SCRIPT, 1, runKey)) as [string, number, number, number];
    if (ready === 1) return { run, ready: true };
    if (age < this.minWaitMs || (missing > 0 && age < this.maxWaitMs)) return { run, ready: false };
    const seeded: RunCounter[] = [];
    const done = new Set<string>();
    const seedOne = async (key: string, base: number, row?: PersistedCounter): Promise<boolean> => {
      const id = this.counters.parse(key);
      if (!id) return true;
      const args = [run, base, this.options.ttlSeconds, row?.run ?? '', row?.fold ?? 0];
      const [n, b] = (await this.redis.eval(SEED_COUNTER_SCRIPT, 2, key, runKey, ...args)) as [number, number];
      if (n === -1) return false;
      done.add(key);
      seeded.push({ ...id, used: n, base: b, run, fold: 0 });
      return true;
    };
    for (const row of await persisted()) {
      if (!(await seedOne(this.counters.key(row.kind, row.planId, row.keyId, row.date), row.base ?? row.used, row))) return { run, ready: false };
    }
    // Counters only replicas know of (created since the last flush, or carried in): their base is 0.
    for (const key of await this.counters.keys()) {
      if (!done.has(key) && !(await seedOne(key, 0))) return { run, ready: false };
    }
    await persist(seeded);
    const marked = await this.redis.eval(MARK_READY_SCRIPT, 1, runKey, run);
    return marked === 1 ? { run, ready: true, seeded } : { run, ready: false };
  }
}
