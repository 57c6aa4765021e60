// Usage-plan cases: the http-proxy API with `apiKeyRequired` and a usage plan, its key sent in x-api-key, the
// token buckets shared through Redis (REDIS_URL, default the local one). Limits are set far above the load so
// that every request is admitted and the cost measured is the check itself:
//   usage-plan-lease    the default mode: tokens leased from Redis in small batches
//   usage-plan-exact    PORTICO_THROTTLE_MODE=exact: one Redis script call per request
//   usage-plan-keyless  the same method without a key (stage and account buckets only, on Redis, lease mode)
import { createHmac, randomBytes } from 'node:crypto';
import { apiHost, proxyApi } from './proxy-api.mjs';
import { BENCH_API_KEY as KEY } from './request-headers.mjs';

const HASH_KEY = randomBytes(32);
const HIGH = { burstLimit: 1_000_000, rateLimit: 1_000_000 };
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** The config document's throttling part: one key (as its hash), a plan with throttle and quota, the account. */
function usagePlanParts(restApiId) {
  return {
    apiKeys: [{ id: 'benchkey01', valueHash: createHmac('sha256', HASH_KEY).update(KEY).digest('hex'), enabled: true }],
    apiKeyHashKey: HASH_KEY.toString('base64url'),
    usagePlans: [
      {
        id: 'benchplan1',
        throttle: HIGH,
        quota: { limit: 1_000_000_000, offset: 0, period: 'MONTH', since: 0 },
        apiStages: [{ apiId: restApiId, stage: 'bench', throttle: {} }],
        keyIds: ['benchkey01'],
      },
    ],
    account: { throttleSettings: HIGH },
  };
}

function usagePlanCase(name, restApiId, describe, { apiKeyRequired = true, mode = 'lease' } = {}) {
  return {
    name,
    describe,
    api: ({ backendUrl }) =>
      proxyApi(restApiId, backendUrl, { apiKeyRequired }, { methodSettings: { '*/*': { throttlingBurstLimit: HIGH.burstLimit, throttlingRateLimit: HIGH.rateLimit } } }),
    document: usagePlanParts(restApiId),
    // Every bench request carries the key (request-headers.mjs); the keyless method just does not look at it.
    request: { path: '/bench/hello', headers: { host: apiHost(restApiId) } },
    env: { REDIS_URL: redisUrl, PORTICO_THROTTLE_MODE: mode },
  };
}

export const usagePlanCases = [
  usagePlanCase('usage-plan-lease', 'benchapi11', 'http-proxy with an API key and usage plan (throttle + quota), Redis buckets leased in batches'),
  usagePlanCase('usage-plan-exact', 'benchapi12', 'http-proxy with an API key and usage plan (throttle + quota), one Redis script call per request', { mode: 'exact' }),
  usagePlanCase('usage-plan-keyless', 'benchapi13', 'the same method without apiKeyRequired: stage and account buckets on Redis (lease mode)', { apiKeyRequired: false }),
];
