import { Inject, Injectable } from '@nestjs/common';
import { badRequest, conflict, notFound } from '@portico/contracts';
import type { Database } from '@portico/db';
import { parsePaging, toPage, type Page } from '../../common/paging.js';
import { DATABASE } from '../../common/tokens.js';
import { bodyObject, InputValidator, read } from '../../common/validation.js';
import { API_KEY_NOT_FOUND } from '../api-keys/api-key.rules.js';
import { ApiKeyVault } from '../api-keys/api-key-vault.js';
import { ConfigChangePublisher } from '../../platform/config-distribution/config-change.publisher.js';
import { assertNoStageOverlap, USAGE_PLAN_KEY_NOT_FOUND } from './usage-plan.rules.js';
import { requireUsagePlan } from './usage-plan.service.js';
import { apiStagesOf, type UsagePlanKeyWire } from './usage-plan.wire.js';

interface KeyRow {
  id: string;
  valueCiphertext: string;
  name: string | null;
}

/** CreateUsagePlanKey, GetUsagePlanKeys, GetUsagePlanKey, DeleteUsagePlanKey (spec §1.2). */
@Injectable()
export class UsagePlanKeyService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly publisher: ConfigChangePublisher,
    private readonly vault: ApiKeyVault,
  ) {}

  /** AWS's UsagePlanKey carries the key's value: opened from its ciphertext. */
  private toWire(key: KeyRow, type: string): UsagePlanKeyWire {
    return { id: key.id, type, value: this.vault.open(key.valueCiphertext), name: key.name ?? undefined };
  }

  async create(planId: string, rawBody: unknown): Promise<UsagePlanKeyWire> {
    const body = bodyObject(rawBody);
    const validator = new InputValidator('createUsagePlanKeyInput');
    const keyId = validator.required(read.string(body, 'keyId'), 'keyId');
    const keyType = validator.required(read.string(body, 'keyType'), 'keyType');
    validator.check();
    if (keyType !== 'API_KEY') throw badRequest(`Invalid key type specified: ${keyType}`);
    const created = await this.db.prisma.$transaction(async (tx) => {
      const plan = await requireUsagePlan(tx, planId);
      const key = await tx.apiKey.findUnique({ where: { id: keyId as string } });
      if (!key) throw notFound(API_KEY_NOT_FOUND);
      const existing = await tx.usagePlanKey.findUnique({ where: { usagePlanId_apiKeyId: { usagePlanId: planId, apiKeyId: key.id } } });
      if (existing) throw conflict(`Usage Plan Key ${key.id} already exists in usage plan ${planId}`);
      await assertNoStageOverlap(tx, planId, apiStagesOf(plan), [key.id]);
      await tx.usagePlanKey.create({ data: { usagePlanId: planId, apiKeyId: key.id, keyType: 'API_KEY' } });
      return key;
    });
    void this.publisher.configChanged();
    return this.toWire(created, 'API_KEY');
  }

  async list(planId: string, query: Record<string, unknown>): Promise<Page<UsagePlanKeyWire>> {
    await requireUsagePlan(this.db.prisma, planId);
    const paging = parsePaging(query);
    const name = typeof query.name === 'string' && query.name !== '' ? query.name : undefined;
    const rows = await this.db.prisma.usagePlanKey.findMany({
      where: { usagePlanId: planId, ...(name ? { apiKey: { name: { startsWith: name } } } : {}) },
      include: { apiKey: true },
      orderBy: { apiKeyId: 'asc' },
      skip: paging.offset,
      take: paging.limit + 1,
    });
    return toPage(rows, paging, (row) => this.toWire(row.apiKey, row.keyType));
  }

  async get(planId: string, keyId: string): Promise<UsagePlanKeyWire> {
    await requireUsagePlan(this.db.prisma, planId);
    const row = await this.db.prisma.usagePlanKey.findUnique({
      where: { usagePlanId_apiKeyId: { usagePlanId: planId, apiKeyId: keyId } },
      include: { apiKey: true },
    });
    if (!row) throw notFound(USAGE_PLAN_KEY_NOT_FOUND);
    return this.toWire(row.apiKey, row.keyType);
  }

  async delete(planId: string, keyId: string): Promise<void> {
    await this.get(planId, keyId);
    await this.db.prisma.usagePlanKey.delete({ where: { usagePlanId_apiKeyId: { usagePlanId: planId, apiKeyId: keyId } } });
    void this.publisher.configChanged();
  }
}
