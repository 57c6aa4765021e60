import { Inject, Injectable } from '@nestjs/common';
import { badRequest } from '@portico/contracts';
import type { ControlPlaneConfig } from '../../config.js';
import { newRestApiId } from '../../common/ids.js';
import { parsePaging, toPage, type Page } from '../../common/paging.js';
import { applyPatchOperations, parsePatchOperations } from '../../common/patch-operations.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { parseCreateRestApi } from './create-rest-api.dto.js';
import { checkRestApiState, restApiPatchRules } from './rest-api.patch.js';
import { RestApiRepository } from './rest-api.repository.js';
import { toRestApiWire, type RestApiWire } from './rest-api.wire.js';

@Injectable()
export class RestApiService {
  constructor(
    private readonly repository: RestApiRepository,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  async create(body: unknown, mode: string | undefined): Promise<RestApiWire> {
    if (mode !== undefined) throw badRequest(`Invalid mode specified: ${mode}`);
    const input = parseCreateRestApi(body);
    return toRestApiWire(await this.repository.create(this.config.accountId, newRestApiId(), newRestApiId(), input));
  }

  async list(query: Record<string, unknown>): Promise<Page<RestApiWire>> {
    const paging = parsePaging(query);
    return toPage(await this.repository.page(paging), paging, toRestApiWire);
  }

  async get(id: string): Promise<RestApiWire> {
    return toRestApiWire(await this.repository.get(this.config.accountId, id));
  }

  async update(id: string, body: unknown): Promise<RestApiWire> {
    const operations = parsePatchOperations(body, 'updateRestApiInput');
    const row = await this.repository.update(this.config.accountId, id, (state) => {
      applyPatchOperations(state, operations, restApiPatchRules);
      checkRestApiState(state);
    });
    return toRestApiWire(row);
  }

  delete(id: string): Promise<void> {
    return this.repository.delete(this.config.accountId, id);
  }
}

