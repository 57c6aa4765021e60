import { Inject, Injectable } from '@nestjs/common';
import { AdminError, conflict, notFound } from '@portico/contracts';
import { Prisma, type ApiKey, type Database } from '@portico/db';
import { ADMIN_ERRORS } from '../../common/admin-errors.js';
import { pageWindow, type Paging } from '../../common/paging.js';
import { DATABASE } from '../../common/tokens.js';
import { writeTransaction } from '../../common/write-transaction.js';
import { assertNoStageOverlap } from '../usage-plans/usage-plan.rules.js';
import { apiStagesOf } from '../usage-plans/usage-plan.wire.js';
import type { ImportedKey } from './import-api-keys.js';

/** A new key's row, validated and sealed by the service. */
export interface NewApiKey {
  id: string;
  name?: string;
  description?: string;
  valueHash: string;
  valueCiphertext: string;
  customerId?: string;
  enabled: boolean;
  stageKeys: string[];
  tags: Record<string, string>;
}

/** The fields UpdateApiKey patches. */
export interface ApiKeyPatch {
  name: string | null;
  description: string | null;
  enabled: boolean;
  customerId: string | null;
}

/** API key rows (values sealed, unique by their keyed hash): reads, and every write in one transaction. */
@Injectable()
export class ApiKeyRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** CreateApiKey: its legacy `stageKeys` must name existing stages; a value already stored is AWS's 409. */
  create(key: NewApiKey, stageKeys: ReadonlyArray<{ restApiId: string; stageName: string }>): Promise<ApiKey> {
    return writeTransaction(this.database, async (tx) => {
      for (const { restApiId, stageName } of stageKeys) {
        const stage = await tx.stage.findUnique({ where: { restApiId_stageName: { restApiId, stageName } }, select: { stageName: true } });
        if (!stage) throw notFound(ADMIN_ERRORS.stageKeyNotFound);
      }
      return tx.apiKey.create({ data: key });
    }).catch(duplicateKeyAsConflict);
  }

  /**
   * ImportApiKeys, in one transaction: each row that `prepare` accepts becomes a key in the usage plans it names.
   * A row refused with an AdminError (its own rules, a duplicate value, an unknown plan) goes to `refused`,
   * which either notes it or rethrows it to fail the whole import (nothing created).
   */
  importKeys(rows: readonly ImportedKey[], prepare: (row: ImportedKey) => NewApiKey, refused: (row: ImportedKey, error: AdminError) => void): Promise<string[]> {
    return writeTransaction(this.database, async (tx) => {
      const ids: string[] = [];
      for (const row of rows) {
        try {
          const key = prepare(row);
          if (await tx.apiKey.findUnique({ where: { valueHash: key.valueHash } })) throw conflict(ADMIN_ERRORS.apiKeyExists);
          await tx.apiKey.create({ data: key });
          for (const planId of row.usagePlanIds) {
            const plan = await tx.usagePlan.findUnique({ where: { id: planId } });
            if (!plan) throw notFound(ADMIN_ERRORS.usagePlanIdNotFound(planId));
            await assertNoStageOverlap(tx, planId, apiStagesOf(plan), [key.id]);
            await tx.usagePlanKey.create({ data: { usagePlanId: planId, apiKeyId: key.id, keyType: 'API_KEY' } });
          }
          ids.push(key.id);
        } catch (error) {
          if (!(error instanceof AdminError)) throw error;
          refused(row, error);
        }
      }
      return ids;
    });
  }

  get(id: string): Promise<ApiKey> {
    return findKey(this.database.prisma, id);
  }

  /** GetApiKeys: `namePrefix` is AWS's case-sensitive prefix match (spec §1.2). */
  page(paging: Paging, filter: { namePrefix?: string; customerId?: string }): Promise<ApiKey[]> {
    const where: Prisma.ApiKeyWhereInput = {};
    if (filter.namePrefix) where.name = { startsWith: filter.namePrefix };
    if (filter.customerId) where.customerId = filter.customerId;
    return this.database.prisma.apiKey.findMany({ where, orderBy: [{ createdDate: 'asc' }, { id: 'asc' }], ...pageWindow(paging) });
  }

  /** Reads the key, lets `change` patch and validate its fields, and writes them, in one transaction. */
  update(id: string, change: (target: ApiKeyPatch) => void): Promise<ApiKey> {
    return writeTransaction(this.database, async (tx) => {
      const key = await findKey(tx, id);
      const target: ApiKeyPatch = { name: key.name, description: key.description, enabled: key.enabled, customerId: key.customerId };
      change(target);
      return tx.apiKey.update({ where: { id }, data: { ...target, lastUpdatedDate: new Date() } });
    });
  }

  async delete(id: string): Promise<void> {
    await writeTransaction(this.database, async (tx) => {
      await findKey(tx, id);
      await tx.apiKey.delete({ where: { id } });
    });
  }
}

async function findKey(db: Prisma.TransactionClient, id: string): Promise<ApiKey> {
  const key = await db.apiKey.findUnique({ where: { id } });
  if (!key) throw notFound(ADMIN_ERRORS.apiKeyNotFound);
  return key;
}

/** Two keys with one value: the unique index on the value's hash refuses the second. */
function duplicateKeyAsConflict(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw conflict(ADMIN_ERRORS.apiKeyExists);
  throw error;
}
