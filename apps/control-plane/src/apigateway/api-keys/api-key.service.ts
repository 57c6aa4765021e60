import { Injectable } from '@nestjs/common';
import { badRequest } from '@portico/contracts';
import { newRestApiId } from '../../common/ids.js';
import { parsePaging, toPage, type Page } from '../../common/paging.js';
import { applyPatchOperations, parsePatchOperations, patchValue, type PatchRule } from '../../common/patch-operations.js';
import { bodyObject, read, serializationError } from '../../common/validation.js';
import { ApiKeyRepository, type ApiKeyPatch } from './api-key.repository.js';
import { assertApiKeyCustomerId, assertApiKeyDescription, assertApiKeyName, assertApiKeyValue } from './api-key.rules.js';
import { parseApiKeysCsv } from './import-api-keys.js';
import { ApiKeyVault } from './api-key-vault.js';
import { generateApiKeyValue, toApiKeyWire, type ApiKeyWire } from './api-key.wire.js';
import { checkListSize, checkTags } from '../../common/limits.js';
import { ADMIN_ERRORS } from '../../common/admin-errors.js';

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
    private readonly repository: ApiKeyRepository,
    private readonly vault: ApiKeyVault,
  ) {}

  async create(rawBody: unknown): Promise<ApiKeyWire> {
    const body = bodyObject(rawBody);
    const name = read.string(body, 'name');
    const description = read.string(body, 'description');
    // An empty value means none given: Terraform sends `"value": ""` when the module sets no value, and AWS
    // generates a key for it.
    const given = nonEmptyValue(read.string(body, 'value'));
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
    const key = await this.repository.create(
      {
        id: newRestApiId(),
        name,
        description,
        ...this.vault.protect(value),
        customerId,
        enabled,
        stageKeys: stageKeys.map((k) => `${k.restApiId}/${k.stageName}`),
        tags: tags ?? {},
      },
      stageKeys,
    );
    return toApiKeyWire(key, value);
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
    const warnings: string[] = [];
    const ids = await this.repository.importKeys(
      rows,
      (row) => {
        assertApiKeyName(row.name);
        assertApiKeyDescription(row.description);
        if (row.value !== undefined) assertApiKeyValue(row.value);
        const value = row.value ?? generateApiKeyValue();
        return { id: newRestApiId(), name: row.name, description: row.description, ...this.vault.protect(value), enabled: row.enabled, stageKeys: [], tags: {} };
      },
      (row, error) => {
        const warning = `Line ${row.line}: ${error.message}`;
        if (failOnWarnings) throw badRequest(warning);
        warnings.push(warning);
      },
    );
    return warnings.length > 0 ? { ids, warnings } : { ids };
  }

  async get(id: string, includeValue: unknown): Promise<ApiKeyWire> {
    const key = await this.repository.get(id);
    return toApiKeyWire(key, isTrue(includeValue) ? this.vault.open(key.valueCiphertext) : undefined);
  }

  async list(query: Record<string, unknown>): Promise<Page<ApiKeyWire>> {
    const paging = parsePaging(query);
    const rows = await this.repository.page(paging, {
      namePrefix: typeof query.name === 'string' && query.name !== '' ? query.name : undefined,
      customerId: typeof query.customerId === 'string' && query.customerId !== '' ? query.customerId : undefined,
    });
    const includeValues = isTrue(query.includeValues);
    return toPage(rows, paging, (row) => toApiKeyWire(row, includeValues ? this.vault.open(row.valueCiphertext) : undefined));
  }

  async update(id: string, rawBody: unknown): Promise<ApiKeyWire> {
    const operations = parsePatchOperations(rawBody, 'updateApiKeyInput');
    const updated = await this.repository.update(id, (target) => {
      applyPatchOperations(target, operations, PATCH_RULES);
      assertApiKeyName(target.name ?? undefined);
      assertApiKeyDescription(target.description ?? undefined);
      assertApiKeyCustomerId(target.customerId ?? undefined);
    });
    return toApiKeyWire(updated, undefined);
  }

  delete(id: string): Promise<void> {
    return this.repository.delete(id);
  }
}

function nonEmptyValue(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
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
    if (entry === null) throw badRequest(ADMIN_ERRORS.invalidStageKey);
    if (typeof entry !== 'object' || Array.isArray(entry)) throw serializationError(entry, 'Structure', 'stageKeys.member');
    const e = entry as Record<string, unknown>;
    const restApiId = read.string(e, 'restApiId', 'stageKeys.member.restApiId');
    const stageName = read.string(e, 'stageName', 'stageKeys.member.stageName');
    if (!restApiId || !stageName) throw badRequest(ADMIN_ERRORS.invalidStageKey);
    return { restApiId, stageName };
  });
}
