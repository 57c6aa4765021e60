import { Inject, Injectable } from '@nestjs/common';
import { conflict, notFound } from '@portico/contracts';
import type { Database, MethodResponse } from '@portico/db';
import { jsonRecord, requireMethod, requireResource } from '../../common/lookups.js';
import { checkHttpMethod } from './method.rules.js';
import { DATABASE } from '../../common/tokens.js';
import { writeTransaction } from '../../common/write-transaction.js';
import { checkMethodState, checkModelNames, type MethodState } from './method-state.js';
import { fullMethodInclude, type FullMethod } from './method.wire.js';
import type { MethodResponseState } from './put-method.dto.js';
import { ADMIN_ERRORS } from '../../common/admin-errors.js';

export interface MethodKey {
  accountId: string;
  restApiId: string;
  resourceId: string;
  httpMethod: string;
}

/** The path parameters that name a method: restapis/:restApiId/resources/:resourceId/methods/:httpMethod. */
export type MethodRoute = Omit<MethodKey, 'accountId'>;

/** The method a route names, in an account (a route's other parameters, such as statusCode, are left out). */
export function methodKey(accountId: string, route: MethodRoute): MethodKey {
  return { accountId, restApiId: route.restApiId, resourceId: route.resourceId, httpMethod: route.httpMethod };
}

/** The unique key of the method a key names (an integration has the same). */
export function methodWhere(key: MethodKey) {
  return { resourceId_httpMethod: { resourceId: key.resourceId, httpMethod: key.httpMethod } };
}

/** The unique key of one of the method's responses (an integration response has the same). */
export function responseWhere(key: MethodKey, statusCode: string) {
  return { resourceId_httpMethod_statusCode: { resourceId: key.resourceId, httpMethod: key.httpMethod, statusCode } };
}

@Injectable()
export class MethodRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  put(key: MethodKey, state: MethodState): Promise<FullMethod> {
    return writeTransaction(this.database, async (tx) => {
      // AWS reports an unknown API or resource before a bad verb.
      await requireResource(tx, key.accountId, key.restApiId, key.resourceId);
      checkHttpMethod(key.httpMethod);
      const existing = await tx.method.findUnique({ where: methodWhere(key) });
      if (existing) throw conflict(ADMIN_ERRORS.methodExists);
      await checkMethodState(tx, key.restApiId, state);
      return tx.method.create({ data: { resourceId: key.resourceId, httpMethod: key.httpMethod, ...state }, include: fullMethodInclude });
    });
  }

  async get(key: MethodKey): Promise<FullMethod> {
    const db = this.database.prisma;
    await requireMethod(db, key.accountId, key.restApiId, key.resourceId, key.httpMethod);
    return db.method.findUniqueOrThrow({ where: methodWhere(key), include: fullMethodInclude });
  }

  update(key: MethodKey, change: (state: MethodState) => void): Promise<FullMethod> {
    return writeTransaction(this.database, async (tx) => {
      const { method } = await requireMethod(tx, key.accountId, key.restApiId, key.resourceId, key.httpMethod);
      const state: MethodState = {
        authorizationType: method.authorizationType,
        authorizerId: method.authorizerId,
        apiKeyRequired: method.apiKeyRequired,
        operationName: method.operationName,
        requestValidatorId: method.requestValidatorId,
        requestParameters: jsonRecord<boolean>(method.requestParameters),
        requestModels: jsonRecord<string>(method.requestModels),
        authorizationScopes: [...method.authorizationScopes],
      };
      change(state);
      await checkMethodState(tx, key.restApiId, state);
      return tx.method.update({
        where: methodWhere(key),
        data: state,
        include: fullMethodInclude,
      });
    });
  }

  async delete(key: MethodKey): Promise<void> {
    await writeTransaction(this.database, async (tx) => {
      await requireMethod(tx, key.accountId, key.restApiId, key.resourceId, key.httpMethod);
      await tx.method.delete({ where: methodWhere(key) });
    });
  }

  putResponse(key: MethodKey, statusCode: string, state: MethodResponseState): Promise<MethodResponse> {
    return writeTransaction(this.database, async (tx) => {
      await requireMethod(tx, key.accountId, key.restApiId, key.resourceId, key.httpMethod);
      const id = { resourceId: key.resourceId, httpMethod: key.httpMethod, statusCode };
      if (await tx.methodResponse.findUnique({ where: { resourceId_httpMethod_statusCode: id } })) {
        throw conflict(ADMIN_ERRORS.methodResponseExists);
      }
      await checkModelNames(tx, key.restApiId, state.responseModels);
      return tx.methodResponse.create({ data: { ...id, ...state } });
    });
  }

  async getResponse(key: MethodKey, statusCode: string): Promise<MethodResponse> {
    const db = this.database.prisma;
    await requireMethod(db, key.accountId, key.restApiId, key.resourceId, key.httpMethod);
    const row = await db.methodResponse.findUnique({ where: responseWhere(key, statusCode) });
    if (!row) throw notFound(ADMIN_ERRORS.responseStatusNotFound);
    return row;
  }

  updateResponse(key: MethodKey, statusCode: string, change: (state: MethodResponseState) => void): Promise<MethodResponse> {
    return writeTransaction(this.database, async (tx) => {
      await requireMethod(tx, key.accountId, key.restApiId, key.resourceId, key.httpMethod);
      const where = responseWhere(key, statusCode);
      const row = await tx.methodResponse.findUnique({ where });
      if (!row) throw notFound(ADMIN_ERRORS.responseStatusNotFound);
      const state: MethodResponseState = {
        responseParameters: jsonRecord<boolean>(row.responseParameters),
        responseModels: jsonRecord<string>(row.responseModels),
      };
      change(state);
      await checkModelNames(tx, key.restApiId, state.responseModels);
      return tx.methodResponse.update({ where, data: state });
    });
  }

  async deleteResponse(key: MethodKey, statusCode: string): Promise<void> {
    await writeTransaction(this.database, async (tx) => {
      await requireMethod(tx, key.accountId, key.restApiId, key.resourceId, key.httpMethod);
      const where = responseWhere(key, statusCode);
      if (!(await tx.methodResponse.findUnique({ where }))) throw notFound(ADMIN_ERRORS.responseStatusNotFound);
      await tx.methodResponse.delete({ where });
    });
  }
}

