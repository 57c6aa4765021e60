import { Inject, Injectable } from '@nestjs/common';
import { conflict, notFound } from '@portico/contracts';
import type { Database, Model } from '@portico/db';
import type { ControlPlaneConfig } from '../../config.js';
import { newShortId } from '../../common/ids.js';
import { jsonRecord, requireRestApi, type Db } from '../../common/lookups.js';
import { pageWindow, parsePaging, toPage, type Page } from '../../common/paging.js';
import { applyPatchOperations, parsePatchOperations, type PatchRule } from '../../common/patch-operations.js';
import { CONTROL_PLANE_CONFIG, DATABASE } from '../../common/tokens.js';
import { InputValidator, bodyObject, read } from '../../common/validation.js';
import { writeTransaction } from '../../common/write-transaction.js';
import { checkContentType, checkModelName, checkModelState, type ModelState } from './model.rules.js';
import { modelTemplate } from './model-template.js';
import { toModelWire, type ModelWire } from './model.wire.js';

const modelPatchRules: PatchRule<ModelState>[] = [
  { ops: ['replace'], path: '/schema', apply: (m, ctx) => void (m.schema = ctx.value ?? null) },
  { ops: ['replace'], path: '/description', apply: (m, ctx) => void (m.description = ctx.value || null) },
];

export async function requireModel(db: Db, accountId: string, restApiId: string, name: string): Promise<Model> {
  await requireRestApi(db, accountId, restApiId);
  const model = await db.model.findUnique({ where: { restApiId_name: { restApiId, name } } });
  if (!model) throw notFound(`Invalid model name specified: ${name}`);
  return model;
}

/** CreateModel (201), GetModels, GetModel, UpdateModel, DeleteModel (202) (spec §7.1). */
@Injectable()
export class ModelService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  async create(restApiId: string, body: unknown): Promise<ModelWire> {
    const obj = bodyObject(body);
    const v = new InputValidator('createModelInput');
    const name = v.required(read.string(obj, 'name'), 'name');
    const contentType = v.required(read.string(obj, 'contentType'), 'contentType');
    const state: ModelState = { schema: read.string(obj, 'schema') ?? null, description: read.string(obj, 'description') ?? null };
    v.check();
    checkModelName(name);
    checkContentType(contentType);
    checkModelState(state);
    const row = await writeTransaction(this.database, async (tx) => {
      await requireRestApi(tx, this.config.accountId, restApiId);
      if (await tx.model.findUnique({ where: { restApiId_name: { restApiId, name: name! } } })) throw conflict('Model name already exists for this REST API');
      return tx.model.create({ data: { id: newShortId(), restApiId, name: name!, contentType: contentType!, ...state } });
    });
    return toModelWire(row);
  }

  async list(restApiId: string, query: Record<string, unknown>): Promise<Page<ModelWire>> {
    const paging = parsePaging(query);
    const db = this.database.prisma;
    await requireRestApi(db, this.config.accountId, restApiId);
    const rows = await db.model.findMany({ where: { restApiId }, orderBy: { name: 'asc' }, ...pageWindow(paging) });
    return toPage(rows, paging, toModelWire);
  }

  async get(restApiId: string, name: string): Promise<ModelWire> {
    return toModelWire(await requireModel(this.database.prisma, this.config.accountId, restApiId, name));
  }

  async update(restApiId: string, name: string, body: unknown): Promise<ModelWire> {
    const operations = parsePatchOperations(body, 'updateModelInput');
    const row = await writeTransaction(this.database, async (tx) => {
      const model = await requireModel(tx, this.config.accountId, restApiId, name);
      const state: ModelState = { schema: model.schema, description: model.description };
      applyPatchOperations(state, operations, modelPatchRules);
      checkModelState(state);
      return tx.model.update({ where: { id: model.id }, data: state });
    });
    return toModelWire(row);
  }

  /** A model a method's request or response names cannot be deleted (the deployment would refer to nothing). */
  async delete(restApiId: string, name: string): Promise<void> {
    await writeTransaction(this.database, async (tx) => {
      const model = await requireModel(tx, this.config.accountId, restApiId, name);
      const ofApi = { resource: { restApiId } };
      const methods = await tx.method.findMany({ where: ofApi, select: { requestModels: true } });
      const responses = await tx.methodResponse.findMany({ where: { method: ofApi }, select: { responseModels: true } });
      const used = [...methods.map((m) => m.requestModels), ...responses.map((r) => r.responseModels)].some((models) => Object.values(jsonRecord<string>(models)).includes(name));
      if (used) throw conflict(`Cannot delete model '${name}', is referenced in method request or response`);
      await tx.model.delete({ where: { id: model.id } });
    });
  }

  /** GetModelTemplate: a mapping template producing the model's structure (model-template.ts), `$ref`s followed. */
  async template(restApiId: string, name: string): Promise<{ value: string }> {
    const db = this.database.prisma;
    const model = await requireModel(db, this.config.accountId, restApiId, name);
    const models = await db.model.findMany({ where: { restApiId: model.restApiId }, select: { name: true, schema: true } });
    const schemas = new Map(models.map((m) => [m.name, parseSchema(m.schema)]));
    const prefix = `https://apigateway.amazonaws.com/restapis/${model.restApiId}/models/`;
    const lookup = (ref: string) => (ref.startsWith(prefix) ? schemas.get(ref.slice(prefix.length)) : undefined);
    return { value: modelTemplate(parseSchema(model.schema) ?? {}, lookup) };
  }
}

/** A stored schema (validated as JSON when written); undefined when there is none or it is not an object. */
function parseSchema(schema: string | null): Record<string, unknown> | undefined {
  if (!schema) return undefined;
  try {
    const parsed: unknown = JSON.parse(schema);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
