import type { Carry } from './admission-ledger.js';
import type { BucketSpec, QuotaUse, UsageUse } from './types.js';

/*
 * The shared-state scripts, run by Redis (EVALSHA) — text only here, so that the engine stays free of a Redis
 * client. Every key a script touches carries the account's hash tag (ThrottleKeys), so each script call stays
 * in one Redis Cluster slot.
 *
 * The run key (`{tag}:run`, a hash) names the Redis run: `id` is created by the first script that finds it
 * missing — after a restart that lost every key, that is a new id — with `state` `seeding` until the counters
 * are re-seeded (RunSeeder in @portico/throttling-redis), then `ready`.
 *
 * Counter hashes (quota period and usage day): `n` the count, `b` the base (what the run started from plus
 * admissions replicas folded in; PostgreSQL keeps it), `g` the UpdateUsage generation, `s` the run the counter
 * was seeded in, `c` carries waiting for the seed, `fc`/`pf` the last fold number and the last persisted one.
 *
 * RUN_PREAMBLE (exported for the seeder's scripts) finds or creates the run: `rkey`, `run`, `ready`, `now`.
 */
export const RUN_PREAMBLE = `
local rkey = KEYS[#KEYS]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local run = redis.call('HGET', rkey, 'id')
if not run then
  run = t[1] .. '.' .. t[2]
  redis.call('HSET', rkey, 'id', run, 'state', 'seeding', 'since', math.floor(now))
end
local ready = redis.call('HGET', rkey, 'state') == 'ready'
`;

/*
 * Layout shared by TAKE and REFUND:
 *   KEYS = bucket keys…, [quota counter], [usage counter], run key
 *   ARGV = n buckets, want, hasQuota, quota limit, quota ttl s, hasUsage, usage ttl s, (capacity, rate)…,
 *          quota generation, gate quota (1/0), run
 * Bucket state is one string `tokens:atMs`; time is Redis's own clock (TIME), so replicas with skewed clocks
 * still share one timeline. A bucket's key expires once it would be full again (= no state).
 */
const PREAMBLE = `${RUN_PREAMBLE}
local n = tonumber(ARGV[1])
local want = tonumber(ARGV[2])
local hasQuota = ARGV[3] == '1'
local qlimit = tonumber(ARGV[4])
local qttl = tonumber(ARGV[5])
local hasUsage = ARGV[6] == '1'
local uttl = tonumber(ARGV[7])
local gate = ARGV[9 + 2 * n] == '1'
local qkey = KEYS[n + 1]
local ukey = KEYS[n + 1]
if hasQuota then ukey = KEYS[n + 2] end
local function refilled(i)
  local cap = tonumber(ARGV[6 + 2 * i])
  local rate = tonumber(ARGV[7 + 2 * i])
  local s = redis.call('GET', KEYS[i])
  if not s then return cap, cap, rate end
  local sep = string.find(s, ':', 1, true)
  local elapsed = now - tonumber(string.sub(s, sep + 1))
  if elapsed < 0 then elapsed = 0 end
  return math.min(cap, tonumber(string.sub(s, 1, sep - 1)) + elapsed * rate / 1000), cap, rate
end
local function store(i, tokens, cap, rate)
  local ttl = 86400000
  if rate > 0 then ttl = math.ceil(cap / rate * 1000) + 1000 end
  redis.call('SET', KEYS[i], string.format('%.17g:%.17g', tokens, now), 'PX', ttl)
end
`;

/**
 * Grants min(want, every bucket's whole tokens, quota left) and debits all of them, or grants nothing.
 * Returns {granted, reason (0 ok, 1 throttled, 2 quota, 3 reseeding), quota remaining after (-1 without quota),
 * the quota counter's generation ('' until UpdateUsage sets one), run id, run ready (1/0)}. Only granted
 * requests count towards the quota and the day's usage. With the gate on, a quota is not checked — nothing is
 * granted — until the run's counters are seeded: a count re-created from zero would over-admit.
 */
export const TAKE_SCRIPT = `${PREAMBLE}
local readyFlag = 0
if ready then readyFlag = 1 end
local grant = want
local qremaining = -1
if hasQuota then
  if gate and not ready then return {0, 3, -1, '', run, 0} end
  qremaining = qlimit - tonumber(redis.call('HGET', qkey, 'n') or '0')
  if qremaining < 1 then
    if qremaining < 0 then qremaining = 0 end
    return {0, 2, qremaining, '', run, readyFlag}
  end
  if qremaining < grant then grant = qremaining end
end
local avail, caps, rates = {}, {}, {}
for i = 1, n do
  avail[i], caps[i], rates[i] = refilled(i)
  local whole = math.floor(avail[i] + 1e-9)
  if whole < grant then grant = whole end
end
if grant < 1 then return {0, 1, qremaining, '', run, readyFlag} end
for i = 1, n do store(i, avail[i] - grant, caps[i], rates[i]) end
local generation = ''
if hasQuota then
  redis.call('HINCRBY', qkey, 'n', grant)
  redis.call('EXPIRE', qkey, qttl)
  qremaining = qremaining - grant
  generation = redis.call('HGET', qkey, 'g') or ''
end
if hasUsage then
  redis.call('HINCRBY', ukey, 'n', grant)
  redis.call('EXPIRE', ukey, uttl)
end
return {grant, 0, qremaining, generation, run, readyFlag}
`;

/**
 * Returns `want` unused leased tokens to every bucket (capped at capacity) and un-counts them — from the
 * counters only while the run is the one they were taken in, and from the quota only while its counter is of
 * the generation they were taken in.
 */
export const REFUND_SCRIPT = `${PREAMBLE}
for i = 1, n do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    local tokens, cap, rate = refilled(i)
    store(i, math.min(cap, tokens + want), cap, rate)
  end
end
if run == ARGV[10 + 2 * n] then
  if hasQuota and redis.call('EXISTS', qkey) == 1 and (redis.call('HGET', qkey, 'g') or '') == (ARGV[8 + 2 * n] or '') then
    redis.call('HINCRBY', qkey, 'n', -want)
  end
  if hasUsage and redis.call('EXISTS', ukey) == 1 then redis.call('HINCRBY', ukey, 'n', -want) end
end
return 1
`;

/**
 * Requests admitted while Redis was unreachable: added to the counters if Redis is still on the run they were
 * admitted in (else they travel as a carry). KEYS = counters…, run key; ARGV = run, count, ttl per counter….
 * Returns 1 if added, 0 if the run changed.
 */
export const ADD_USAGE_SCRIPT = `${RUN_PREAMBLE}
if run ~= ARGV[1] then return 0 end
for i = 1, #KEYS - 1 do
  redis.call('HINCRBY', KEYS[i], 'n', ARGV[2])
  redis.call('EXPIRE', KEYS[i], ARGV[2 + i])
end
return 1
`;

/** The run and whether it is seeded: {run, ready (1/0)}. KEYS = run key. */
export const STATUS_SCRIPT = `${RUN_PREAMBLE}
if ready then return {run, 1} end
return {run, 0}
`;

/**
 * A replica's carry into a new run. KEYS = counters…, run key; ARGV = run, replica id, had an earlier run
 * (1/0), n known replicas, known replica ids…, (count, ttl, fold run, fold number) per carry. Registers the
 * replica as reported and every replica it knew as expected (the seed waits for them), then adds the carries:
 * while the counter awaits its seed, unfolded ones to `c` and folded ones to `f:<run>:<fold>` (the seeder
 * drops those its persisted row holds); once it is seeded, straight to the count and base (a late report still
 * counts), skipping folds the row it was seeded from held (`pr`, `pfold`). Returns 0 when the run is another
 * one by now, else 1.
 */
export const CARRY_SCRIPT = `${RUN_PREAMBLE}
if run ~= ARGV[1] then return 0 end
redis.call('HSET', rkey, 'r:' .. ARGV[2], '1')
if ARGV[3] == '1' then redis.call('HSET', rkey, 'old', '1') end
local m = tonumber(ARGV[4])
for i = 1, m do redis.call('HSETNX', rkey, 'e:' .. ARGV[4 + i], '1') end
local base = 4 + m
for i = 1, #KEYS - 1 do
  local at = base + 4 * (i - 1)
  local count = tonumber(ARGV[at + 1])
  local foldRun = ARGV[at + 3]
  local fold = tonumber(ARGV[at + 4])
  local key = KEYS[i]
  if ready or redis.call('HGET', key, 's') == run then
    local held = fold > 0 and foldRun == redis.call('HGET', key, 'pr') and fold <= tonumber(redis.call('HGET', key, 'pfold') or '0')
    if not held then
      redis.call('HINCRBY', key, 'n', count)
      redis.call('HINCRBY', key, 'b', count)
    end
  elseif fold > 0 then
    redis.call('HINCRBY', key, 'f:' .. foldRun .. ':' .. fold, count)
  else
    redis.call('HINCRBY', key, 'c', count)
  end
  redis.call('EXPIRE', key, ARGV[at + 2])
end
return 1
`;

/**
 * Folds a replica's admissions into the counters' base. KEYS = counters…, run key; ARGV = run, (count, ttl)
 * per counter. Returns {0} when the run is another one, else {1, fold number, persisted fold number, …}.
 */
export const FOLD_SCRIPT = `${RUN_PREAMBLE}
if run ~= ARGV[1] then return {0} end
local out = {1}
for i = 1, #KEYS - 1 do
  local key = KEYS[i]
  local count = tonumber(ARGV[2 * i])
  local fold
  if count > 0 then
    redis.call('HINCRBY', key, 'b', count)
    fold = redis.call('HINCRBY', key, 'fc', 1)
    redis.call('EXPIRE', key, ARGV[2 * i + 1])
  else
    fold = tonumber(redis.call('HGET', key, 'fc') or '0')
  end
  out[#out + 1] = fold
  out[#out + 1] = tonumber(redis.call('HGET', key, 'pf') or '0')
end
return out
`;

/** KEYS and ARGV for TAKE_SCRIPT / REFUND_SCRIPT. */
export function encodeTakeArgs(
  buckets: readonly BucketSpec[],
  quota: QuotaUse | undefined,
  usage: UsageUse | undefined,
  want: number,
  runKey: string,
  options: { quotaGeneration?: string; gateQuota?: boolean; run?: string } = {},
): { keys: string[]; args: (string | number)[] } {
  const keys = buckets.map((b) => b.key);
  if (quota) keys.push(quota.key);
  if (usage) keys.push(usage.key);
  keys.push(runKey);
  const args: (string | number)[] = [
    buckets.length,
    want,
    quota ? 1 : 0,
    quota?.limit ?? 0,
    quota?.ttlSeconds ?? 0,
    usage ? 1 : 0,
    usage?.ttlSeconds ?? 0,
  ];
  for (const b of buckets) args.push(b.capacity, b.rate);
  args.push(options.quotaGeneration ?? '', options.gateQuota ? 1 : 0, options.run ?? '');
  return { keys, args };
}

/** KEYS and ARGV for CARRY_SCRIPT. */
export function encodeCarryArgs(
  runKey: string,
  run: string,
  replicaId: string,
  hadEarlierRun: boolean,
  knownReplicas: readonly string[],
  carries: readonly Carry[],
): { keys: string[]; args: (string | number)[] } {
  const keys = [...carries.map((c) => c.key), runKey];
  const args: (string | number)[] = [run, replicaId, hadEarlierRun ? 1 : 0, knownReplicas.length, ...knownReplicas];
  for (const c of carries) args.push(c.count, c.ttlSeconds, c.foldRun ?? '', c.fold ?? 0);
  return { keys, args };
}

/** KEYS and ARGV for FOLD_SCRIPT. */
export function encodeFoldArgs(runKey: string, run: string, folds: readonly Carry[]): { keys: string[]; args: (string | number)[] } {
  const keys = [...folds.map((f) => f.key), runKey];
  const args: (string | number)[] = [run];
  for (const f of folds) args.push(f.count, f.ttlSeconds);
  return { keys, args };
}
