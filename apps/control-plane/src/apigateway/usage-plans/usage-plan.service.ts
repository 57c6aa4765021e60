import { Injectable } from '@nestjs/common';
import { newShortId } from '../../common/ids.js';
import { parsePaging, toPage, type Page } from '../../common/paging.js';
import { applyPatchOperations, parsePatchOperations } from '../../common/patch-operations.js';
import { bodyObject, InputValidator, read } from '../../common/validation.js';
import { USAGE_PLAN_PATCH_RULES } from './usage-plan.patch.js';
import { UsagePlanRepository } from './usage-plan.repository.js';
import { readApiStages, readQuota, readThrottle, assertUsagePlanStrings } from './usage-plan.rules.js';
import { toUsagePlanWire, type UsagePlanWire } from './usage-plan.wire.js';
import { checkTags } from '../../common/limits.js';

/**
 * Usage plans: throttle, quota and the API stages they apply to (spec §4). The rules are here; UsagePlanRepository
 * reads and writes (each write one transaction, announced to data planes once committed).
 */
@Injectable()
export class UsagePlanService {
  constructor(private readonly repository: UsagePlanRepository) {}

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
    const plan = await this.repository.create({
      id: newShortId(),
      name: name as string,
      description,
      productCode,
      throttle,
      quota,
      apiStages,
      tags: tags ?? {},
    });
    return toUsagePlanWire(plan);
  }

  async get(id: string): Promise<UsagePlanWire> {
    return toUsagePlanWire(await this.repository.get(id));
  }

  /** GetUsagePlans, optionally only the plans a key (`keyId`) belongs to. */
  async list(query: Record<string, unknown>): Promise<Page<UsagePlanWire>> {
    const paging = parsePaging(query);
    const keyId = typeof query.keyId === 'string' && query.keyId !== '' ? query.keyId : undefined;
    return toPage(await this.repository.page(paging, keyId), paging, toUsagePlanWire);
  }

  async update(id: string, rawBody: unknown): Promise<UsagePlanWire> {
    const operations = parsePatchOperations(rawBody, 'updateUsagePlanInput');
    const updated = await this.repository.update(id, (target) => applyPatchOperations(target, operations, USAGE_PLAN_PATCH_RULES));
    return toUsagePlanWire(updated);
  }

  delete(id: string): Promise<void> {
    return this.repository.delete(id);
  }
}
