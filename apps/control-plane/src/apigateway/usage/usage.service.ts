import { Injectable } from '@nestjs/common';
import type { UsageWire } from '@portico/admin-wire';
import { badRequest } from '@portico/contracts';
import { effectiveLimit, periodStartMs, utcDate } from '@portico/engine-throttling';
import { parsePaging, toPage } from '../../common/paging.js';
import { applyPatchOperations, parsePatchOperations, patchValue, type PatchRule } from '../../common/patch-operations.js';
import { InputValidator } from '../../common/validation.js';
import { UsagePlanRepository } from '../usage-plans/usage-plan.repository.js';
import type { QuotaWire } from '../usage-plans/usage-plan.wire.js';
import { UsageFlushJob } from './usage-flush.job.js';
import { daysBetween, usageValues, type ReportQuota } from './usage-report.js';
import { UsageStore } from './usage-store.js';

// The wire shapes live in @portico/admin-wire, shared with the console so that the two cannot drift.
export type { UsageWire };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** GetUsage and UpdateUsage: plans and their keys through UsagePlanRepository, the counters through UsageStore. */
@Injectable()
export class UsageService {
  constructor(
    private readonly plans: UsagePlanRepository,
    private readonly store: UsageStore,
    private readonly flushJob: UsageFlushJob,
  ) {}

  async getUsage(planId: string, query: Record<string, unknown>): Promise<UsageWire> {
    const validator = new InputValidator('getUsageInput');
    const startDate = validator.required(typeof query.startDate === 'string' ? query.startDate : undefined, 'startDate');
    const endDate = validator.required(typeof query.endDate === 'string' ? query.endDate : undefined, 'endDate');
    validator.check();
    if (!DATE.test(startDate as string) || Number.isNaN(Date.parse(startDate as string))) throw badRequest(`Invalid start date: ${startDate}`);
    if (!DATE.test(endDate as string) || Number.isNaN(Date.parse(endDate as string))) throw badRequest(`Invalid end date: ${endDate}`);
    if ((endDate as string) < (startDate as string)) throw badRequest('The end date must not be before the start date');
    const plan = await this.plans.get(planId);
    const paging = parsePaging(query);
    const keyId = typeof query.keyId === 'string' && query.keyId !== '' ? query.keyId : undefined;
    const keys = await this.plans.pageMembers(planId, paging, keyId);
    const quota = reportQuota(plan.quota as QuotaWire | null, plan.quotaSince ?? plan.createdDate);
    const days = daysBetween(startDate as string, endDate as string);
    const now = Date.now();
    const page = toPage(keys, paging, (k) => k.apiKeyId);
    const values: UsageWire['values'] = {};
    for (const id of page.item) {
      values[id] = await usageValues(
        days,
        quota,
        {
          day: async (d) => (await this.store.read('u', planId, id, d)) ?? 0,
          period: (start) => this.store.read('q', planId, id, start),
        },
        now,
      );
    }
    // Reading is a good moment to persist what Redis holds (the periodic job does it too).
    void this.flushJob.run();
    return { usagePlanId: planId, startDate: startDate as string, endDate: endDate as string, position: page.position, values };
  }

  /** UpdateUsage: `replace /remaining` sets what the key has left in the current quota period. */
  async updateUsage(planId: string, keyId: string, rawBody: unknown): Promise<UsageWire> {
    const operations = parsePatchOperations(rawBody, 'updateUsageInput');
    const plan = (await this.plans.getKey(planId, keyId)).usagePlan;
    const quota = reportQuota(plan.quota as QuotaWire | null, plan.quotaSince ?? plan.createdDate);
    if (!quota) throw badRequest(`Usage plan ${planId} does not have a quota`);
    const target = { remaining: undefined as number | undefined };
    const rules: PatchRule<typeof target>[] = [{ ops: ['replace'], path: '/remaining', apply: (t, c) => void (t.remaining = patchValue.integer(c)) }];
    applyPatchOperations(target, operations, rules);
    const now = Date.now();
    if (target.remaining !== undefined) {
      if (target.remaining < 0) throw badRequest('Remaining quota must not be negative');
      const start = periodStartMs(quota.period, now);
      const limit = effectiveLimit({ ...quota, firstPeriodStartMs: quota.sinceMs }, start);
      await this.store.write('q', planId, keyId, utcDate(start), Math.max(0, limit - target.remaining));
    }
    const today = utcDate(now);
    return this.getUsage(planId, { startDate: today, endDate: today, keyId });
  }
}

function reportQuota(quota: QuotaWire | null, since: Date): ReportQuota | undefined {
  return quota ? { limit: quota.limit, offset: quota.offset, period: quota.period, sinceMs: since.getTime() } : undefined;
}
