import { Inject, Injectable } from '@nestjs/common';
import { AdminError, badRequest, conflict, notFound } from '@portico/contracts';
import { Prisma, type Database } from '@portico/db';
import { newRestApiId } from '../../common/ids.js';
import { parsePaging, pageWindow, toPage, type Page } from '../../common/paging.js';
import { applyPatchOperations, parsePatchOperations, patchValue, type PatchRule } from '../../common/patch-operations.js';
import { DATABASE } from '../../common/tokens.js';
import { bodyObject, read, serializationError } from '../../common/validation.js';
import { ConfigChangePublisher } from '../../platform/config-distribution/config-change.publisher.js';
import { assertNoStageOverlap } from '../usage-plans/usage-plan.rules.js';
import { apiStagesOf } from '../usage-plans/usage-plan.wire.js';
import { API_KEY_NOT_FOUND, assertApiKeyCustomerId, assertApiKeyDescription, assertApiKeyName, assertApiKeyValue } from './api-key.rules.js';
import { parseApiKeysCsv } from './import-api-keys.js';
import { ApiKeyVault } from './api-key-vault.js';
import { generateApiKeyValue, toApiKeyWire, type ApiKeyWire } from './api-key.wire.js';
import { checkListSize, checkTags } from '../../common/limits.js';

interface ApiKeyPatch {
  name: string | null;
  description: string | null;
  enabled: boolean;
  customerId: string | null;
}

const PATCH_RULES: PatchRule<ApiKeyPatch>[] = [
  { ops: ['replace'], path: '/description', apply: (t, c) => void (t.description = c.value ?? null) },
  { ops: ['replace'], path: '/enabled', apply: (t, c) => void (t.enabled = patchValue.boolean(c)) },
  // A key may have no name, but a name that is replaced must be one: AWS refuses "" here.
  { ops: ['replace'], path: '/name', apply: (t, c) => void (t.name = patchValue.nonEmpty(c)) },
  { ops: ['replace'], path: '/customerId', apply: (t, c) => void (t.customerId = c.value ?? null) },
];

/**
 * API keys. Values are stored sealed with their keyed hash (ApiKeyVault) and are unique (409 on a duplicate, found
 * by the hash's unique index); data planes receive only the hashes, and every change is announced as a new config
 * revision (a key's enabled flag decides admission).
 */
@Injectable()
export class ApiKeyService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly publisher: ConfigChangePublisher,
    private readonly vault: ApiKeyVault,
  ) {}

  async create(rawBody: unknown): Promise<ApiKeyWire> {
    const body = bodyObject(rawBody);
    const name = read.string(body, 'name');
    const description = read.string(body, 'description');
    const given = read.string(body, 'value');
    const enabled = read.boolean(body, 'enabled') ?? false; // AWS: disabled unless asked (spec §1.3)
    const customerId = read.string(body, 'customerId');
    const tags = read.stringMap(body, 'tags');
    const stageKeys = readStageKeys(body);
    read.boolean(body, 'generateDistinctId'); // deprecated by AWS; accepted and ignored
    assertApiKeyName(name);
    assertApiKeyDescription(description);
    assertApiKeyCustomerId(customerId);
    if (tags) checkTags(tags);
    if (given !== undefined) assertApiKeyValue(given);
    const value = given ?? generateApiKeyValue();
    for (const { restApiId, stageName } of stageKeys) {
      const stage = await this.db.prisma.stage.findUnique({ where: { restApiId_stageName: { restApiId, stageName } } });
      if (!stage) throw notFound('Invalid stage identifier specified');
    }
    try {
      const key = await this.db.prisma.apiKey.create({
        data: {
          id: newRestApiId(),
          name,
          description,
          ...this.vault.protect(value),
          customerId,
          enabled,
          stageKeys: stageKeys.map((k) => `${k.restApiId}/${k.stageName}`),
          tags: tags ?? {},
        },
      });
      void this.publisher.configChanged();
      return toApiKeyWire(key, value);
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw conflict('API Key already exists');
      throw error;
    }
  }

  /**
   * ImportApiKeys (`POST /apikeys?mode=import&format=csv`): creates every key of the file and attaches it to
   * the usage plans it names. A row that cannot be imported is a warning, or fails the whole import (nothing
   * created) with `failonwarnings=true`.
   */
  async importKeys(rawBody: unknown, query: Record<string, unknown>): Promise<{ ids: string[]; warnings?: string[] }> {
    if (query.format !== 'csv') throw badRequest(`Invalid format specified: ${String(query.format ?? '')}. Must be one of: [csv]`);
    const failOnWarnings = query.failonwarnings === 'true';
    const text = Buffer.isBuffer(rawBody) ? rawBody.toString('utf8') : typeof rawBody === 'string' ? rawBody : '';
    const rows = parseApiKeysCsv(text);
    const result = await this.db.prisma.$transaction(async (tx) => {
      const ids: string[] = [];
      const warnings: string[] = [];
      for (const row of rows) {
        try {
          assertApiKeyName(row.name);
          assertApiKeyDescription(row.description);
          if (row.value !== undefined) assertApiKeyValue(row.value);
          const value = row.value ?? generateApiKeyValue();
          const protectedValue = this.vault.protect(value);
          if (await tx.apiKey.findUnique({ where: { valueHash: protectedValue.valueHash } })) throw conflict('API Key already exists');
          const id = newRestApiId();
          await tx.apiKey.create({ data: { id, name: row.name, description: row.description, ...protectedValue, enabled: row.enabled, stageKeys: [], tags: {} } });
          for (const planId of row.usagePlanIds) {
            const plan = await tx.usagePlan.findUnique({ where: { id: planId } });
            if (!plan) throw notFound(`Invalid Usage Plan ID specified: ${planId}`);
            await assertNoStageOverlap(tx, planId, apiStagesOf(plan), [id]);
            await tx.usagePlanKey.create({ data: { usagePlanId: planId, apiKeyId: id, keyType: 'API_KEY' } });
          }
          ids.push(id);
        } catch (error) {
          if (!(error instanceof AdminError)) throw error;
          const warning = `Line ${row.line}: ${error.message}`;
          if (failOnWarnings) throw badRequest(warning);
          warnings.push(warning);
        }
      }
      return { ids, warnings };
    });
    void this.publisher.configChanged();
    return result.warnings.length > 0 ? result : { ids: result.ids };
  }

  async get(id: string, includeValue: unknown): Promise<ApiKeyWire> {
    const key = await this.find(id);
    return toApiKeyWire(key, isTrue(includeValue) ? this.vault.open(key.valueCiphertext) : undefined);
  }

  async list(query: Record<string, unknown>): Promise<Page<ApiKeyWire>> {
    const paging = parsePaging(query);
    const where: Prisma.ApiKeyWhereInput = {};
    // AWS's `name` filter is a case-sensitive prefix match (spec §1.2).
    if (typeof query.name === 'string' && query.name !== '') where.name = { startsWith: query.name };
    if (typeof query.customerId === 'string' && query.customerId !== '') where.customerId = query.customerId;
    const rows = await this.db.prisma.apiKey.findMany({ where, orderBy: [{ createdDate: 'asc' }, { id: 'asc' }], ...pageWindow(paging) });
    const includeValues = isTrue(query.includeValues);
    return toPage(rows, paging, (row) => toApiKeyWire(row, includeValues ? this.vault.open(row.valueCiphertext) : undefined));
  }

  async update(id: string, rawBody: unknown): Promise<ApiKeyWire> {
    const operations = parsePatchOperations(rawBody, 'updateApiKeyInput');
    const key = await this.find(id);
    const target: ApiKeyPatch = { name: key.name, description: key.description, enabled: key.enabled, customerId: key.customerId };
    applyPatchOperations(target, operations, PATCH_RULES);
    assertApiKeyName(target.name ?? undefined);
    assertApiKeyDescription(target.description ?? undefined);
    assertApiKeyCustomerId(target.customerId ?? undefined);
    const updated = await this.db.prisma.apiKey.update({ where: { id }, data: { ...target, lastUpdatedDate: new Date() } });
    void this.publisher.configChanged();
    return toApiKeyWire(updated, undefined);
  }

  async delete(id: string): Promise<void> {
    await this.find(id);
    await this.db.prisma.apiKey.delete({ where: { id } });
    void this.publisher.configChanged();
  }

  private async find(id: string) {
    const key = await this.db.prisma.apiKey.findUnique({ where: { id } });
    if (!key) throw notFound(API_KEY_NOT_FOUND);
    return key;
  }
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/**
 * Legacy `stageKeys: [{restApiId, stageName}]`, stored as AWS returns them: `{restApiId}/{stageName}`. AWS
 * refuses what is not a list of such structures (SerializationException), a member without both ids, and
 * a stage that does not exist (404 "Invalid stage identifier specified").
 */
function readStageKeys(body: Record<string, unknown>): Array<{ restApiId: string; stageName: string }> {
  const raw = body.stageKeys;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw serializationError(raw, 'List', 'stageKeys');
  checkListSize(raw, 'stageKeys');
  return raw.map((entry: unknown) => {
    if (entry === null) throw badRequest('Invalid stage key specified: a stage key needs a restApiId and a stageName');
    if (typeof entry !== 'object' || Array.isArray(entry)) throw serializationError(entry, 'Structure', 'stageKeys.member');
    const e = entry as Record<string, unknown>;
    const restApiId = read.string(e, 'restApiId', 'stageKeys.member.restApiId');
    const stageName = read.string(e, 'stageName', 'stageKeys.member.stageName');
    if (!restApiId || !stageName) throw badRequest('Invalid stage key specified: a stage key needs a restApiId and a stageName');
    return { restApiId, stageName };
  });
}
