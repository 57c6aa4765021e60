import {
  DEFAULT_ACCOUNT_THROTTLE,
  type ApiKeyConfig,
  type ThrottleSettings,
  type UsagePlanConfig,
} from '@portico/contracts';
import type { PrismaClient } from '@portico/db';
import { apiStagesOf, type QuotaWire, type ThrottleWire } from './usage-plan.wire.js';

/** The config document's throttling part: keys (as hashes), plans, the account bucket. */
export interface ThrottleConfig {
  apiKeys: ApiKeyConfig[];
  /** Present when keys are: the key of their HMACs (base64url), with which data planes hash `x-api-key`. */
  apiKeyHashKey?: string;
  usagePlans: UsagePlanConfig[];
  account: { throttleSettings: ThrottleSettings };
}

/**
 * AWS lets either member of a throttle be absent [I]: a missing burst is one second's worth of the rate
 * (at least 1), a missing rate refills the burst once per second.
 */
export function completeThrottle(t: ThrottleWire | null | undefined): ThrottleSettings | undefined {
  if (!t || (t.burstLimit === undefined && t.rateLimit === undefined)) return undefined;
  const rateLimit = t.rateLimit ?? t.burstLimit ?? 0;
  const burstLimit = t.burstLimit ?? Math.max(1, Math.ceil(rateLimit));
  return { burstLimit, rateLimit };
}

/**
 * Reads what data planes need to enforce keys and plans. Security: only keys attached to some plan are
 * listed, and only as their keyed hashes (HMAC-SHA256 under `hashKey`) — the document never carries a key value.
 */
export async function loadThrottleConfig(prisma: PrismaClient, hashKey: Buffer): Promise<ThrottleConfig> {
  const [plans, account] = await Promise.all([
    prisma.usagePlan.findMany({ include: { keys: { include: { apiKey: true } } }, orderBy: { id: 'asc' } }),
    prisma.account.findUnique({ where: { id: 'account' } }),
  ]);
  const apiKeys = new Map<string, ApiKeyConfig>();
  const usagePlans: UsagePlanConfig[] = plans.map((plan) => {
    for (const k of plan.keys) apiKeys.set(k.apiKeyId, { id: k.apiKey.id, valueHash: k.apiKey.valueHash, enabled: k.apiKey.enabled });
    const quota = plan.quota as QuotaWire | null;
    return {
      id: plan.id,
      throttle: completeThrottle(plan.throttle as ThrottleWire | null),
      quota: quota
        ? {
            limit: quota.limit,
            offset: quota.offset,
            period: quota.period,
            since: Math.floor((plan.quotaSince ?? plan.createdDate).getTime() / 1000),
          }
        : undefined,
      apiStages: apiStagesOf(plan).map((s) => ({
        apiId: s.apiId,
        stage: s.stage,
        throttle: Object.fromEntries(
          Object.entries(s.throttle ?? {}).flatMap(([key, t]) => {
            const complete = completeThrottle(t);
            return complete ? [[key, complete]] : [];
          }),
        ),
      })),
      keyIds: plan.keys.map((k) => k.apiKeyId).sort(),
    };
  });
  return {
    apiKeys: [...apiKeys.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    ...(apiKeys.size > 0 ? { apiKeyHashKey: hashKey.toString('base64url') } : {}),
    usagePlans,
    account: {
      throttleSettings: account
        ? { burstLimit: account.throttleBurstLimit, rateLimit: account.throttleRateLimit }
        : DEFAULT_ACCOUNT_THROTTLE,
    },
  };
}
