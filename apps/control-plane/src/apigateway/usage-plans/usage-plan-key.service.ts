import { Injectable } from '@nestjs/common';
import { badRequest } from '@portico/contracts';
import { parsePaging, toPage, type Page } from '../../common/paging.js';
import { bodyObject, InputValidator, read } from '../../common/validation.js';
import { ApiKeyVault } from '../api-keys/api-key-vault.js';
import { UsagePlanRepository } from './usage-plan.repository.js';
import type { UsagePlanKeyWire } from './usage-plan.wire.js';

interface KeyRow {
  id: string;
  valueCiphertext: string;
  name: string | null;
}

/** CreateUsagePlanKey, GetUsagePlanKeys, GetUsagePlanKey, DeleteUsagePlanKey (spec §1.2). */
@Injectable()
export class UsagePlanKeyService {
  constructor(
    private readonly repository: UsagePlanRepository,
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
    const created = await this.repository.addKey(planId, keyId as string);
    return this.toWire(created, 'API_KEY');
  }

  async list(planId: string, query: Record<string, unknown>): Promise<Page<UsagePlanKeyWire>> {
    const paging = parsePaging(query);
    const name = typeof query.name === 'string' && query.name !== '' ? query.name : undefined;
    const rows = await this.repository.pageKeys(planId, paging, name);
    return toPage(rows, paging, (row) => this.toWire(row.apiKey, row.keyType));
  }

  async get(planId: string, keyId: string): Promise<UsagePlanKeyWire> {
    const row = await this.repository.getKey(planId, keyId);
    return this.toWire(row.apiKey, row.keyType);
  }

  delete(planId: string, keyId: string): Promise<void> {
    return this.repository.removeKey(planId, keyId);
  }
}
