import { Inject, Injectable } from '@nestjs/common';
import type { ControlPlaneConfig } from '../../config.js';
import { newShortId } from '../../common/ids.js';
import { parsePaging, toPage, type Page } from '../../common/paging.js';
import { applyPatchOperations, parsePatchOperations } from '../../common/patch-operations.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { InputValidator, bodyObject, read } from '../../common/validation.js';
import { checkPathPart } from './path-part.js';
import { resourcePatchRules } from './resource.patch.js';
import { ResourceRepository } from './resource.repository.js';
import { toResourceWire, type ResourceWire } from './resource.wire.js';

@Injectable()
export class ResourceService {
  constructor(
    private readonly repository: ResourceRepository,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  async create(restApiId: string, parentId: string, body: unknown): Promise<ResourceWire> {
    const obj = bodyObject(body);
    const v = new InputValidator('createResourceInput');
    const pathPart = v.required(read.string(obj, 'pathPart'), 'pathPart');
    v.check();
    checkPathPart(pathPart!);
    return toResourceWire(await this.repository.create(this.config.accountId, restApiId, parentId, newShortId(), pathPart!));
  }

  async list(restApiId: string, query: Record<string, unknown>): Promise<Page<ResourceWire>> {
    const paging = parsePaging(query);
    const embed = String(query.embed ?? '')
      .split(',')
      .map((e) => e.trim())
      .includes('methods');
    const rows = await this.repository.list(this.config.accountId, restApiId, embed);
    return toPage(rows, paging, (row) => toResourceWire(row, row.methods, embed), true);
  }

  async get(restApiId: string, resourceId: string): Promise<ResourceWire> {
    const row = await this.repository.get(this.config.accountId, restApiId, resourceId);
    return toResourceWire(row, row.methods, true);
  }

  async update(restApiId: string, resourceId: string, body: unknown): Promise<ResourceWire> {
    const operations = parsePatchOperations(body, 'updateResourceInput');
    const row = await this.repository.update(this.config.accountId, restApiId, resourceId, (current) =>
      applyPatchOperations({ ...current }, operations, resourcePatchRules),
    );
    return toResourceWire(row);
  }

  delete(restApiId: string, resourceId: string): Promise<void> {
    return this.repository.delete(this.config.accountId, restApiId, resourceId);
  }
}
