import { Inject, Injectable } from '@nestjs/common';
import type { RequestValidatorWire } from '@portico/admin-wire';
import { conflict, notFound } from '@portico/contracts';
import type { Database, RequestValidator } from '@portico/db';
import type { ControlPlaneConfig } from '../../config.js';
import { newShortId } from '../../common/ids.js';
import { LIMITS, checkMaxLength } from '../../common/limits.js';
import { requireRestApi, type Db } from '../../common/lookups.js';
import { pageWindow, parsePaging, toPage, type Page } from '../../common/paging.js';
import { applyPatchOperations, parsePatchOperations, patchValue, type PatchRule } from '../../common/patch-operations.js';
import { CONTROL_PLANE_CONFIG, DATABASE } from '../../common/tokens.js';
import { bodyObject, read } from '../../common/validation.js';
import { writeTransaction } from '../../common/write-transaction.js';

// The wire shapes live in @portico/admin-wire, shared with the console so that the two cannot drift.
export type { RequestValidatorWire };

interface RequestValidatorState {
  name: string | null;
  validateRequestBody: boolean;
  validateRequestParameters: boolean;
}

const patchRules: PatchRule<RequestValidatorState>[] = [
  { ops: ['replace'], path: '/name', apply: (v, ctx) => void (v.name = ctx.value || null) },
  { ops: ['replace'], path: '/validateRequestBody', apply: (v, ctx) => void (v.validateRequestBody = patchValue.boolean(ctx)) },
  { ops: ['replace'], path: '/validateRequestParameters', apply: (v, ctx) => void (v.validateRequestParameters = patchValue.boolean(ctx)) },
];

export const INVALID_REQUEST_VALIDATOR = 'Invalid Request Validator identifier specified';

export async function requireRequestValidator(db: Db, accountId: string, restApiId: string, id: string): Promise<RequestValidator> {
  await requireRestApi(db, accountId, restApiId);
  const row = await db.requestValidator.findUnique({ where: { id } });
  if (!row || row.restApiId !== restApiId) throw notFound(INVALID_REQUEST_VALIDATOR);
  return row;
}

function toWire(row: RequestValidator): RequestValidatorWire {
  return {
    id: row.id,
    ...(row.name !== null && { name: row.name }),
    validateRequestBody: row.validateRequestBody,
    validateRequestParameters: row.validateRequestParameters,
  };
}

/** CreateRequestValidator (201), GetRequestValidators, GetRequestValidator, UpdateRequestValidator, DeleteRequestValidator (202). */
@Injectable()
export class RequestValidatorService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  async create(restApiId: string, body: unknown): Promise<RequestValidatorWire> {
    const obj = bodyObject(body);
    const state: RequestValidatorState = {
      name: read.string(obj, 'name') ?? null,
      validateRequestBody: read.boolean(obj, 'validateRequestBody') ?? false,
      validateRequestParameters: read.boolean(obj, 'validateRequestParameters') ?? false,
    };
    checkMaxLength(state.name, LIMITS.name, 'name');
    const row = await writeTransaction(this.database, async (tx) => {
      await requireRestApi(tx, this.config.accountId, restApiId);
      if (state.name !== null && (await tx.requestValidator.findFirst({ where: { restApiId, name: state.name } }))) {
        throw conflict(`Validator ${state.name} already exists for the given RestApi`);
      }
      return tx.requestValidator.create({ data: { id: newShortId(), restApiId, ...state } });
    });
    return toWire(row);
  }

  async list(restApiId: string, query: Record<string, unknown>): Promise<Page<RequestValidatorWire>> {
    const paging = parsePaging(query);
    const db = this.database.prisma;
    await requireRestApi(db, this.config.accountId, restApiId);
    const rows = await db.requestValidator.findMany({ where: { restApiId }, orderBy: { id: 'asc' }, ...pageWindow(paging) });
    return toPage(rows, paging, toWire);
  }

  async get(restApiId: string, id: string): Promise<RequestValidatorWire> {
    return toWire(await requireRequestValidator(this.database.prisma, this.config.accountId, restApiId, id));
  }

  async update(restApiId: string, id: string, body: unknown): Promise<RequestValidatorWire> {
    const operations = parsePatchOperations(body, 'updateRequestValidatorInput');
    const row = await writeTransaction(this.database, async (tx) => {
      const current = await requireRequestValidator(tx, this.config.accountId, restApiId, id);
      const state: RequestValidatorState = { name: current.name, validateRequestBody: current.validateRequestBody, validateRequestParameters: current.validateRequestParameters };
      applyPatchOperations(state, operations, patchRules);
      checkMaxLength(state.name, LIMITS.name, 'name');
      if (state.name !== null && state.name !== current.name && (await tx.requestValidator.findFirst({ where: { restApiId, name: state.name } }))) {
        throw conflict(`Validator ${state.name} already exists for the given RestApi`);
      }
      return tx.requestValidator.update({ where: { id }, data: state });
    });
    return toWire(row);
  }

  /** A validator methods still name cannot be deleted (their deployments would lose their validation). */
  async delete(restApiId: string, id: string): Promise<void> {
    await writeTransaction(this.database, async (tx) => {
      await requireRequestValidator(tx, this.config.accountId, restApiId, id);
      const users = await tx.method.count({ where: { resource: { restApiId }, requestValidatorId: id } });
      if (users > 0) throw conflict('Cannot delete request validator: it is used by methods of this API');
      await tx.requestValidator.delete({ where: { id } });
    });
  }
}
