import type { Prisma } from '@portico/db';
import { jsonRecord, nonEmpty } from '../../common/lookups.js';

type UsagePlan = Prisma.UsagePlanGetPayload<true>;

/** AWS's ThrottleSettings: both members optional on the wire. */
export interface ThrottleWire {
  burstLimit?: number;
  rateLimit?: number;
}

export interface QuotaWire {
  limit: number;
  offset: number;
  period: 'DAY' | 'WEEK' | 'MONTH';
}

/** An API stage of a plan; `throttle` keys are `{resourcePath}/{VERB}` (`//GET` for the root). */
export interface ApiStageWire {
  apiId: string;
  stage: string;
  throttle?: Record<string, ThrottleWire>;
}

export interface UsagePlanWire {
  id: string;
  name: string;
  description?: string;
  apiStages: ApiStageWire[];
  throttle?: ThrottleWire;
  quota?: QuotaWire;
  productCode?: string;
  /** Always present, `{}` when none, as AWS answers. */
  tags: Record<string, string>;
}

export function apiStagesOf(plan: Pick<UsagePlan, 'apiStages'>): ApiStageWire[] {
  return Array.isArray(plan.apiStages) ? (plan.apiStages as unknown as ApiStageWire[]) : [];
}

export function toUsagePlanWire(plan: UsagePlan): UsagePlanWire {
  return {
    id: plan.id,
    name: plan.name,
    description: plan.description ?? undefined,
    apiStages: apiStagesOf(plan).map((s) => ({ apiId: s.apiId, stage: s.stage, throttle: nonEmpty(s.throttle) })),
    throttle: (plan.throttle as ThrottleWire | null) ?? undefined,
    quota: (plan.quota as QuotaWire | null) ?? undefined,
    productCode: plan.productCode ?? undefined,
    tags: jsonRecord<string>(plan.tags),
  };
}

/** UsagePlanKey (spec §1.3): the key's id, type, value and name. */
export interface UsagePlanKeyWire {
  id: string;
  type: string;
  value: string;
  name?: string;
}
