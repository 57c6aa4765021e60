import type { ApiStageWire, QuotaWire, ThrottleWire, UsagePlanKeyWire, UsagePlanWire } from '@portico/admin-wire';
import type { Prisma } from '@portico/db';
import { jsonRecord, nonEmpty } from '../../common/lookups.js';

type UsagePlan = Prisma.UsagePlanGetPayload<true>;

// The wire shapes live in @portico/admin-wire, shared with the console so that the two cannot drift.
export type { ApiStageWire, QuotaWire, ThrottleWire, UsagePlanKeyWire, UsagePlanWire };

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
