import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { configDocumentSchema, contentHash, type ConfigDocument, type MethodSetting, type ThrottleSettings } from '@portico/contracts';
import { configDocument, mockRoute, type ApiSpec } from './pipeline-fixtures.js';

export interface KeySpec {
  id: string;
  value: string;
  enabled?: boolean;
}

export interface PlanSpec {
  id: string;
  keyIds: string[];
  apiStages: Array<{ apiId: string; stage: string; throttle?: Record<string, ThrottleSettings> }>;
  throttle?: ThrottleSettings;
  quota?: { limit: number; offset?: number; period: 'DAY' | 'WEEK' | 'MONTH'; since?: number };
}

export interface UsageDocumentSpec {
  apis: ApiSpec[];
  accountId: string;
  keys?: KeySpec[];
  plans?: PlanSpec[];
  account?: ThrottleSettings;
  /** methodSettings per `{apiId}/{stage}`. */
  methodSettings?: Record<string, Record<string, MethodSetting>>;
}

/** The HMAC key of every test document's key hashes (the control plane derives its own from PORTICO_MASTER_KEY). */
export const TEST_API_KEY_HASH_KEY = randomBytes(32);

/** A config document with API keys (as keyed hashes, like the control plane sends them), usage plans and limits. */
export function usageDocument(spec: UsageDocumentSpec): ConfigDocument {
  const base = configDocument(...spec.apis);
  const { revision: _r, ...rest } = base;
  const body = {
    ...rest,
    accountId: spec.accountId,
    stages: base.stages.map((s) => ({ ...s, methodSettings: spec.methodSettings?.[`${s.restApiId}/${s.stageName}`] ?? {} })),
    apiKeys: (spec.keys ?? []).map((k) => ({ id: k.id, valueHash: keyedHash(k.value), enabled: k.enabled ?? true })),
    apiKeyHashKey: TEST_API_KEY_HASH_KEY.toString('base64url'),
    usagePlans: (spec.plans ?? []).map((p) => ({
      id: p.id,
      throttle: p.throttle,
      quota: p.quota && { limit: p.quota.limit, offset: p.quota.offset ?? 0, period: p.quota.period, since: p.quota.since ?? Math.floor(Date.now() / 1000) },
      apiStages: p.apiStages.map((s) => ({ apiId: s.apiId, stage: s.stage, throttle: s.throttle ?? {} })),
      keyIds: p.keyIds,
    })),
    account: { throttleSettings: spec.account ?? { burstLimit: 5000, rateLimit: 10000 } },
  };
  return configDocumentSchema.parse({ ...body, revision: contentHash(body) });
}

/** A keyed MOCK method answering 200. */
export function keyedRoute(name: string): ReturnType<typeof mockRoute> {
  return { ...mockRoute(name), apiKeyRequired: true };
}

export function keyedHash(value: string): string {
  return createHmac('sha256', TEST_API_KEY_HASH_KEY).update(value, 'utf8').digest('hex');
}

/** A random 12-digit account id: every Redis key carries it, so each test file has its own key space. */
export function randomAccountId(): string {
  return String(randomInt(100_000_000_000, 999_999_999_999));
}
