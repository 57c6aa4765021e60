import { Inject, Injectable } from '@nestjs/common';
import { notFound } from '@portico/contracts';
import { Prisma, type Database } from '@portico/db';
import { newShortId } from '../../common/ids.js';
import type { Db } from '../../common/lookups.js';
import { parsePaging, toPage, type Page } from '../../common/paging.js';
import { applyPatchOperations, parsePatchOperations } from '../../common/patch-operations.js';
import { DATABASE } from '../../common/tokens.js';
import { bodyObject, InputValidator, read } from '../../common/validation.js';
import { ConfigChangePublisher } from '../../platform/config-distribution/config-change.publisher.js';
import { finishPatch, USAGE_PLAN_PATCH_RULES, type UsagePlanPatch } from './usage-plan.patch.js';
import {
  assertApiStagesExist,
  assertNoStageOverlap,
  readApiStages,
  readQuota,
  readThrottle,
  USAGE_PLAN_NOT_FOUND,
  assertUsagePlanStrings,
} from './usage-plan.rules.js';
import { apiStagesOf, toUsagePlanWire, type UsagePlanWire } from './usage-plan.wire.js';
import { checkTags } from '../../common/limits.js';

export async function requireUsagePlan(db: Db, id: string) {
  const plan = await db.usagePlan.findUnique({ where: { id } });
  if (!plan) throw notFound(USAGE_PLAN_NOT_FOUND);
  return plan;
}

/**
 * Usage plans: throttle, quota and the API stages they apply to (spec §4). Every write is one transaction and
 * announces a new config revision once committed.
 */
@Injectable()
export class UsagePlanService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly publisher: ConfigChangePublisher,
  ) {}

  async create(rawBody: unknown): Promise<UsagePlanWire> {
    const body = bodyObject(rawBody);
    const validator = new InputValidator('createUsagePlanInput');
    const name = read.string(body, 'name');
    validator.required(name, 'name');
    validator.check();
    const description = read.string(body, 'description');
    const productCode = read.string(body, 'productCode');
    const throttle = readThrottle(body, 'throttle', 'throttle');
    const quota = readQuota(body, validator);
    const apiStages = readApiStages(body);
    const tags = read.stringMap(body, 'tags');
    assertUsagePlanStrings({ name, description, productCode });
    if (tags) checkTags(tags);
    const id = newShortId();
    await assertApiStagesExist(this.db.prisma, id, apiStages);
    const plan = await this.db.prisma.usagePlan.create({
      data: {
        id,
        name: name as string,
        description,
        productCode,
        throttle: throttle ? { ...throttle } : Prisma.DbNull,
        quota: quota ? { ...quota } : Prisma.DbNull,
        quotaSince: quota ? new Date() : null,
        apiStages: apiStages as unknown as Prisma.InputJsonValue,
        tags: tags ?? {},
      },
    });
    void this.publisher.configChanged();
    return toUsagePlanWire(plan);
  }

  async get(id: string): Promise<UsagePlanWire> {
    return toUsagePlanWire(await requireUsagePlan(this.db.prisma, id));
  }

  /** GetUsagePlans, optionally only the plans a key (`keyId`) belongs to. */
  async list(query: Record<string, unknown>): Promise<Page<UsagePlanWire>> {
    const paging = parsePaging(query);
    const keyId = typeof query.keyId === 'string' && query.keyId !== '' ? query.keyId : undefined;
    const rows = await this.db.prisma.usagePlan.findMany({
      where: keyId ? { keys: { some: { apiKeyId: keyId } } } : {},
      orderBy: [{ createdDate: 'asc' }, { id: 'asc' }],
      skip: paging.offset,
      take: paging.limit + 1,
    });
    return toPage(rows, paging, toUsagePlanWire);
  }

  async update(id: string, rawBody: unknown): Promise<UsagePlanWire> {
    const operations = parsePatchOperations(rawBody, 'updateUsagePlanInput');
    const updated = await this.db.prisma.$transaction(async (tx) => {
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
      applyPatchOperations(target, operations, USAGE_PLAN_PATCH_RULES);
      finishPatch(target);
      const before = apiStagesOf(plan);
      const added = target.apiStages.filter((s) => !before.some((b) => b.apiId === s.apiId && b.stage === s.stage));
      await assertApiStagesExist(tx, id, added);
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
    void this.publisher.configChanged();
    return toUsagePlanWire(updated);
  }

  async delete(id: string): Promise<void> {
    await requireUsagePlan(this.db.prisma, id);
    await this.db.prisma.usagePlan.delete({ where: { id } });
    void this.publisher.configChanged();
  }
}
