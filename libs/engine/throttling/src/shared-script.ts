import type { BucketSpec, QuotaUse, UsageUse } from './types.js';

/*
 * The shared-bucket scripts, run by Redis (EVALSHA) — text only here, so that the engine stays free of a Redis
 * client. Layout shared by both scripts:
 *   KEYS = bucket keys…, [quota counter], [usage counter]
 *   ARGV = n buckets, want, hasQuota, quota limit, quota ttl s, hasUsage, usage ttl s, (capacity, rate)…
 * Bucket state is one string `tokens:atMs`; time is Redis's own clock (TIME), so replicas with skewed clocks
 * still share one timeline. A bucket's key expires once it would be full again (= no state).
 */
const PREAMBLE = `
local n = tonumber(ARGV[1])
local want = tonumber(ARGV[2])
local hasQuota = ARGV[3] == '1'
local qlimit = tonumber(ARGV[4])
local qttl = tonumber(ARGV[5])
local hasUsage = ARGV[6] == '1'
local uttl = tonumber(ARGV[7])
local qkey = KEYS[n + 1]
local ukey = KEYS[n + 1]
if hasQuota then ukey = KEYS[n + 2] end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
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
 * Returns {granted, reason (0 ok, 1 throttled, 2 quota), quota remaining after (-1 without quota), the quota
 * counter's generation ('' until UpdateUsage sets one)}. Only granted requests count towards the quota and the
 * day's usage.
 */
export const TAKE_SCRIPT = `${PREAMBLE}
local grant = want
local qremaining = -1
if hasQuota then
  qremaining = qlimit - tonumber(redis.call('HGET', qkey, 'n') or '0')
  if qremaining < 1 then
    if qremaining < 0 then qremaining = 0 end
    return {0, 2, qremaining}
  end
  if qremaining < grant then grant = qremaining end
end
local avail, caps, rates = {}, {}, {}
for i = 1, n do
  avail[i], caps[i], rates[i] = refilled(i)
  local whole = math.floor(avail[i] + 1e-9)
  if whole < grant then grant = whole end
end
if grant < 1 then return {0, 1, qremaining} end
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
return {grant, 0, qremaining, generation}
`;

/**
 * Returns `want` unused leased tokens to every bucket (capped at capacity) and un-counts them — from the quota
 * only while its counter is of the generation the tokens were taken in (the last ARGV).
 */
export const REFUND_SCRIPT = `${PREAMBLE}
for i = 1, n do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    local tokens, cap, rate = refilled(i)
    store(i, math.min(cap, tokens + want), cap, rate)
  end
end
if hasQuota and redis.call('EXISTS', qkey) == 1 and (redis.call('HGET', qkey, 'g') or '') == (ARGV[8 + 2 * n] or '') then
  redis.call('HINCRBY', qkey, 'n', -want)
end
if hasUsage and redis.call('EXISTS', ukey) == 1 then redis.call('HINCRBY', ukey, 'n', -want) end
return 1
`;

/** KEYS and ARGV for TAKE_SCRIPT / REFUND_SCRIPT. */
export function encodeTakeArgs(
  buckets: readonly BucketSpec[],
  quota: QuotaUse | undefined,
  usage: UsageUse | undefined,
  want: number,
  quotaGeneration = '',
): { keys: string[]; args: (string | number)[] } {
  const keys = buckets.map((b) => b.key);
  if (quota) keys.push(quota.key);
  if (usage) keys.push(usage.key);
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
  args.push(quotaGeneration);
  return { keys, args };
}
