import type { V2ModelWire } from '@portico/admin-wire';
import { Inject, Injectable } from '@nestjs/common';
import { badRequest, conflict } from '@portico/contracts';
import type { Prisma, V2Model } from '@portico/db';
import type { ControlPlaneConfig } from '../../config.js';
import { checkContentType, checkModelName, checkModelState } from '../../apigateway/models/model.rules.js';
import { newShortId } from '../../common/ids.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { bodyObject, read } from '../../common/validation.js';
import { requireWebSocketApi } from '../routes/route-response.service.js';
import { v2NotFound } from '../v2-errors.js';
import { requireV2Api } from '../v2-lookups.js';
import { parseV2Paging, toV2Page, type V2Page } from '../v2-wire.js';
import { V2Writes } from '../v2-writes.js';
import { toModelWire } from './model.wire.js';

interface ModelInput {
  name?: string;
  schema?: string;
  contentType?: string;
  description?: string;
}

function parseModel(rawBody: unknown): ModelInput {
  const body = bodyObject(rawBody);
  const input: ModelInput = {
    name: read.string(body, 'name'),
    schema: read.string(body, 'schema'),
    contentType: read.string(body, 'contentType'),
    description: read.string(body, 'description'),
  };
  if (input.name !== undefined) checkModelName(input.name);
  if (input.contentType !== undefined) checkContentType(input.contentType);
  checkModelState({ schema: input.schema ?? null, description: input.description ?? null });
  return input;
}

/** Route and route-response model maps that name `name` (a model in use may not go away or be renamed [I]). */
async function usersOf(tx: Prisma.TransactionClient, apiId: string, name: string): Promise<string[]> {
  const routes = await tx.v2Route.findMany({ where: { apiId }, select: { id: true, requestModels: true, routeResponses: { select: { responseModels: true } } } });
  const names = (map: unknown): string[] => Object.values((map ?? {}) as Record<string, string>);
  return routes.filter((route) => names(route.requestModels).includes(name) || route.routeResponses.some((r) => names(r.responseModels).includes(name))).map((route) => route.id);
}

/** CreateModel, GetModels, GetModel, UpdateModel, DeleteModel (WebSocket APIs, spec websocket §4.5). */
@Injectable()
export class ModelService {
  constructor(
    private readonly writes: V2Writes,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  private async require(db: Prisma.TransactionClient | V2Writes['prisma'], apiId: string, modelId: string): Promise<V2Model> {
    const row = await db.v2Model.findUnique({ where: { id: modelId } });
    if (!row || row.apiId !== apiId) throw v2NotFound.model(this.config.accountId, modelId);
    return row;
  }

  create(apiId: string, body: unknown): Promise<V2ModelWire> {
    const input = parseModel(body);
    if (input.name === undefined) throw badRequest('Model name must be non-empty');
    if (input.schema === undefined) throw badRequest('schema is required');
    const { name, schema } = input;
    return this.writes.write(async ({ tx }) => {
      requireWebSocketApi(await requireV2Api(tx, this.config.accountId, apiId), 'Models');
      if (await tx.v2Model.findUnique({ where: { apiId_name: { apiId, name } } })) throw conflict(`Unable to create model ${name}: a model with this name already exists in API ${apiId}`);
      const row = await tx.v2Model.create({ data: { id: newShortId(), apiId, name, schema, contentType: input.contentType ?? null, description: input.description ?? null } });
      return toModelWire(row);
    });
  }

  async list(apiId: string, query: Record<string, unknown>): Promise<V2Page<V2ModelWire>> {
    const paging = parseV2Paging(query);
    await requireV2Api(this.writes.prisma, this.config.accountId, apiId);
    const rows = await this.writes.prisma.v2Model.findMany({ where: { apiId }, orderBy: [{ name: 'asc' }] });
    return toV2Page(rows, paging, toModelWire);
  }

  async get(apiId: string, modelId: string): Promise<V2ModelWire> {
    await requireV2Api(this.writes.prisma, this.config.accountId, apiId);
    return toModelWire(await this.require(this.writes.prisma, apiId, modelId));
  }

  /** A model's schema is read at deployment: changing it changes nothing served until the next deployment. */
  update(apiId: string, modelId: string, body: unknown): Promise<V2ModelWire> {
    const input = parseModel(body);
    return this.writes.write(async ({ tx }) => {
      await requireV2Api(tx, this.config.accountId, apiId);
      const row = await this.require(tx, apiId, modelId);
      if (input.name !== undefined && input.name !== row.name) {
        if (await tx.v2Model.findUnique({ where: { apiId_name: { apiId, name: input.name } } })) throw conflict(`Unable to rename model ${row.name}: a model named ${input.name} already exists`);
        const users = await usersOf(tx, apiId, row.name);
        if (users.length > 0) throw badRequest(`Cannot rename model ${row.name}: it is referenced by route(s) ${users.join(', ')}`);
      }
      const updated = await tx.v2Model.update({
        where: { id: modelId },
        data: {
          ...(input.name !== undefined && { name: input.name }),
          ...(input.schema !== undefined && { schema: input.schema }),
          ...(input.contentType !== undefined && { contentType: input.contentType }),
          ...(input.description !== undefined && { description: input.description }),
        },
      });
      return toModelWire(updated);
    });
  }

  delete(apiId: string, modelId: string): Promise<void> {
    return this.writes.write(async ({ tx }) => {
      await requireV2Api(tx, this.config.accountId, apiId);
      const row = await this.require(tx, apiId, modelId);
      const users = await usersOf(tx, apiId, row.name);
      if (users.length > 0) throw badRequest(`Cannot delete model ${row.name}: it is referenced by route(s) ${users.join(', ')}`);
      await tx.v2Model.delete({ where: { id: modelId } });
    });
  }
}
