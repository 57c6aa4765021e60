import { Inject, Injectable } from '@nestjs/common';
import { conflict, notFound } from '@portico/contracts';
import { Prisma, type ApiKey, type Database, type UsagePlan } from '@portico/db';
import { ADMIN_ERRORS } from '../../common/admin-errors.js';
import type { Db } from '../../common/lookups.js';
import type { Paging } from '../../common/paging.js';
import { DATABASE } from '../../common/tokens.js';
import { writeTransaction } from '../../common/write-transaction.js';
import { finishPatch, type UsagePlanPatch } from './usage-plan.patch.js';
import { assertApiStagesExist, assertNoStageOverlap, assertThrottleKeys } from './usage-plan.rules.js';
import { apiStagesOf, type ApiStageWire } from './usage-plan.wire.js';

export async function requireUsagePlan(db: Db, id: string): Promise<UsagePlan> {
  const plan = await db.usagePlan.findUnique({ where: { id } });
  if (!plan) throw notFound(ADMIN_ERRORS.usagePlanNotFound);
  return plan;
}

/** A new plan's columns, validated by the service. */
export interface NewUsagePlan {
  id: string;
  name: string;
  description?: string;
  productCode?: string;
  throttle?: object;
  quota?: object;
  apiStages: ApiStageWire[];
  tags: Record<string, string>;
}

/** Usage plans and their keys (UsagePlanKey rows): reads, and every write in one transaction. */
@Injectable()
export class UsagePlanRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  create(plan: NewUsagePlan): Promise<UsagePlan> {
    return writeTransaction(this.database, async (tx) => {
      await assertApiStagesExist(tx, plan.id, plan.apiStages);
      await assertThrottleKeys(tx, plan.apiStages);
      return tx.usagePlan.create({
        data: {
          ...plan,
          throttle: plan.throttle ? { ...plan.throttle } : Prisma.DbNull,
          quota: plan.quota ? { ...plan.quota } : Prisma.DbNull,
          quotaSince: plan.quota ? new Date() : null,
          apiStages: plan.apiStages as unknown as Prisma.InputJsonValue,
        },
      });
    });
  }

  get(id: string): Promise<UsagePlan> {
    return requireUsagePlan(this.database.prisma, id);
  }

  /** GetUsagePlans, optionally only the plans a key belongs to. */
  page(paging: Paging, keyId: string | undefined): Promise<UsagePlan[]> {
    return this.database.prisma.usagePlan.findMany({
      where: keyId ? { keys: { some: { apiKeyId: keyId } } } : {},
      orderBy: [{ createdDate: 'asc' }, { id: 'asc' }],
      skip: paging.offset,
      take: paging.limit + 1,
    });
  }

  /** Reads the plan, lets `change` patch its state, checks added stages against the plan's keys, and writes. */
  update(id: string, change: (target: UsagePlanPatch) => void): Promise<UsagePlan> {
    return writeTransaction(this.database, async (tx) => {
      const plan = await requireUsagePlan(tx, id);
      const target: UsagePlanPatch = {
        name: plan.name,
        description: plan.description,
        productCode: plan.productCode,
        throttle: (plan.throttle as UsagePlanPatch['throttle']) ?? null,
        quota: (plan.quota as UsagePlanPatch['quota']) ?? null,
        apiStages: structuredClone(apiStagesOf(plan)),
        quotaChanged: false,
      };
      change(target);
      finishPatch(target);
      const before = apiStagesOf(plan);
      const added = target.apiStages.filter((s) => !before.some((b) => b.apiId === s.apiId && b.stage === s.stage));
      await assertApiStagesExist(tx, id, added);
      await assertThrottleKeys(tx, target.apiStages);
      const keys = await tx.usagePlanKey.findMany({ where: { usagePlanId: id } });
      await assertNoStageOverlap(tx, id, added, keys.map((k) => k.apiKeyId));
      return tx.usagePlan.update({
        where: { id },
        data: {
          name: target.name,
          description: target.description,
          productCode: target.productCode,
          throttle: target.throttle ? { ...target.throttle } : Prisma.DbNull,
          quota: target.quota ? { ...target.quota } : Prisma.DbNull,
          quotaSince: target.quotaChanged ? (target.quota ? new Date() : null) : plan.quotaSince,
          apiStages: target.apiStages as unknown as Prisma.InputJsonValue,
        },
      });
    });
  }

  async delete(id: string): Promise<void> {
    await writeTransaction(this.database, async (tx) => {
      await requireUsagePlan(tx, id);
      await tx.usagePlan.delete({ where: { id } });
    });
  }

  /** CreateUsagePlanKey: the key joins the plan unless it is already in it or in another plan of the same stage. */
  addKey(planId: string, keyId: string): Promise<ApiKey> {
    return writeTransaction(this.database, async (tx) => {
      const plan = await requireUsagePlan(tx, planId);
      const key = await tx.apiKey.findUnique({ where: { id: keyId } });
      if (!key) throw notFound(ADMIN_ERRORS.apiKeyNotFound);
      const existing = await tx.usagePlanKey.findUnique({ where: { usagePlanId_apiKeyId: { usagePlanId: planId, apiKeyId: key.id } } });
      if (existing) throw conflict(ADMIN_ERRORS.usagePlanKeyExists(key.id, planId));
      await assertNoStageOverlap(tx, planId, apiStagesOf(plan), [key.id]);
      await tx.usagePlanKey.create({ data: { usagePlanId: planId, apiKeyId: key.id, keyType: 'API_KEY' } });
      return key;
    });
  }

  async pageKeys(planId: string, paging: Paging, namePrefix: string | undefined) {
    await requireUsagePlan(this.database.prisma, planId);
    return this.database.prisma.usagePlanKey.findMany({
      where: { usagePlanId: planId, ...(namePrefix ? { apiKey: { name: { startsWith: namePrefix } } } : {}) },
      include: { apiKey: true },
      orderBy: { apiKeyId: 'asc' },
      skip: paging.offset,
      take: paging.limit + 1,
    });
  }

  async getKey(planId: string, keyId: string, db: Db = this.database.prisma) {
    await requireUsagePlan(db, planId);
    const row = await db.usagePlanKey.findUnique({ where: { usagePlanId_apiKeyId: { usagePlanId: planId, apiKeyId: keyId } }, include: { apiKey: true, usagePlan: true } });
    if (!row) throw notFound(ADMIN_ERRORS.usagePlanKeyNotFound);
    return row;
  }

  /** GetUsage's keys of a plan (optionally one), by key id. */
  pageMembers(planId: string, paging: Paging, keyId: string | undefined) {
    return this.database.prisma.usagePlanKey.findMany({
      where: { usagePlanId: planId, ...(keyId ? { apiKeyId: keyId } : {}) },
      orderBy: { apiKeyId: 'asc' },
      skip: paging.offset,
      take: paging.limit + 1,
    });
  }

  async removeKey(planId: string, keyId: string): Promise<void> {
    await writeTransaction(this.database, async (tx) => {
      await this.getKey(planId, keyId, tx);
      await tx.usagePlanKey.delete({ where: { usagePlanId_apiKeyId: { usagePlanId: planId, apiKeyId: keyId } } });
    });
  }
}
