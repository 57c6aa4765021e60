import { Inject, Injectable } from '@nestjs/common';
import { badRequest, notFound } from '@portico/contracts';
import { Prisma, type Database, type Integration, type IntegrationResponse } from '@portico/db';
import { jsonRecord, requireIntegration, requireMethod } from '../../common/lookups.js';
import { DATABASE } from '../../common/tokens.js';
import { writeTransaction } from '../../common/write-transaction.js';
import { methodWhere, responseWhere, type MethodKey } from '../methods/method.repository.js';
import type { IntegrationState } from './integration.rules.js';
import type { IntegrationResponseState } from './put-integration.dto.js';
import { ADMIN_ERRORS } from '../../common/admin-errors.js';
import { isLiteralConnectionId, VPC_LINK_NOT_FOUND } from '../vpc-links/vpc-link-references.js';

export type IntegrationWithResponses = Integration & { integrationResponses: IntegrationResponse[] };


function toData(state: IntegrationState) {
  return { ...state, tlsConfig: state.tlsConfig === null ? Prisma.DbNull : state.tlsConfig };
}

function stateOf(row: Integration): IntegrationState {
  return {
    type: row.type,
    integrationHttpMethod: row.integrationHttpMethod,
    uri: row.uri,
    connectionType: row.connectionType,
    connectionId: row.connectionId,
    credentials: row.credentials,
    requestParameters: jsonRecord<string>(row.requestParameters),
    requestTemplates: jsonRecord<string>(row.requestTemplates),
    passthroughBehavior: row.passthroughBehavior,
    contentHandling: row.contentHandling,
    timeoutInMillis: row.timeoutInMillis,
    cacheNamespace: row.cacheNamespace,
    cacheKeyParameters: [...row.cacheKeyParameters],
    tlsConfig: row.tlsConfig === null ? null : jsonRecord<boolean>(row.tlsConfig),
  };
}

@Injectable()
export class IntegrationRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** PutIntegration replaces the integration's settings; its integration responses are kept. */
  put(key: MethodKey, state: IntegrationState): Promise<IntegrationWithResponses> {
    return writeTransaction(this.database, async (tx) => {
      await requireMethod(tx, key.accountId, key.restApiId, key.resourceId, key.httpMethod, 'integration');
      await checkConnection(tx, state);
      const where = methodWhere(key);
      const data = toData(state);
      return tx.integration.upsert({
        where,
        create: { resourceId: key.resourceId, httpMethod: key.httpMethod, ...data },
        update: data,
        include: { integrationResponses: true },
      });
    });
  }

  async get(key: MethodKey): Promise<IntegrationWithResponses> {
    const db = this.database.prisma;
    await requireIntegration(db, key.accountId, key.restApiId, key.resourceId, key.httpMethod);
    return db.integration.findUniqueOrThrow({
      where: methodWhere(key),
      include: { integrationResponses: { orderBy: { statusCode: 'asc' } } },
    });
  }

  update(key: MethodKey, change: (state: IntegrationState) => void): Promise<IntegrationWithResponses> {
    return writeTransaction(this.database, async (tx) => {
      const row = await requireIntegration(tx, key.accountId, key.restApiId, key.resourceId, key.httpMethod);
      const state = stateOf(row);
      change(state);
      await checkConnection(tx, state);
      return tx.integration.update({
        where: methodWhere(key),
        data: toData(state),
        include: { integrationResponses: { orderBy: { statusCode: 'asc' } } },
      });
    });
  }

  async delete(key: MethodKey): Promise<void> {
    await writeTransaction(this.database, async (tx) => {
      await requireIntegration(tx, key.accountId, key.restApiId, key.resourceId, key.httpMethod);
      await tx.integration.delete({ where: methodWhere(key) });
    });
  }

  /** PutIntegrationResponse creates or overwrites the response for that status code. */
  putResponse(key: MethodKey, statusCode: string, state: IntegrationResponseState): Promise<IntegrationResponse> {
    return writeTransaction(this.database, async (tx) => {
      await requireIntegration(tx, key.accountId, key.restApiId, key.resourceId, key.httpMethod, ADMIN_ERRORS.noIntegration);
      const id = { resourceId: key.resourceId, httpMethod: key.httpMethod, statusCode };
      return tx.integrationResponse.upsert({ where: { resourceId_httpMethod_statusCode: id }, create: { ...id, ...state }, update: state });
    });
  }

  async getResponse(key: MethodKey, statusCode: string): Promise<IntegrationResponse> {
    const db = this.database.prisma;
    await requireIntegration(db, key.accountId, key.restApiId, key.resourceId, key.httpMethod, ADMIN_ERRORS.noIntegration);
    const row = await db.integrationResponse.findUnique({ where: responseWhere(key, statusCode) });
    if (!row) throw notFound(ADMIN_ERRORS.responseStatusNotFound);
    return row;
  }

  updateResponse(key: MethodKey, statusCode: string, change: (state: IntegrationResponseState) => void): Promise<IntegrationResponse> {
    return writeTransaction(this.database, async (tx) => {
      await requireIntegration(tx, key.accountId, key.restApiId, key.resourceId, key.httpMethod, ADMIN_ERRORS.noIntegration);
      const where = responseWhere(key, statusCode);
      const row = await tx.integrationResponse.findUnique({ where });
      if (!row) throw notFound(ADMIN_ERRORS.responseStatusNotFound);
      const state: IntegrationResponseState = {
        selectionPattern: row.selectionPattern,
        responseParameters: jsonRecord<string>(row.responseParameters),
        responseTemplates: jsonRecord<string>(row.responseTemplates),
        contentHandling: row.contentHandling,
      };
      change(state);
      return tx.integrationResponse.update({ where, data: state });
    });
  }

  async deleteResponse(key: MethodKey, statusCode: string): Promise<void> {
    await writeTransaction(this.database, async (tx) => {
      await requireIntegration(tx, key.accountId, key.restApiId, key.resourceId, key.httpMethod, ADMIN_ERRORS.noIntegration);
      const where = responseWhere(key, statusCode);
      if (!(await tx.integrationResponse.findUnique({ where }))) throw notFound(ADMIN_ERRORS.responseStatusNotFound);
      await tx.integrationResponse.delete({ where });
    });
  }
}

/**
 * A VPC_LINK integration's connectionId must name an existing link when it names one literally; one that names it
 * through a stage variable (`${stageVariables.vpcLinkId}`) is resolved per stage, where a data plane refuses a link
 * it does not know.
 */
async function checkConnection(tx: Prisma.TransactionClient, state: IntegrationState): Promise<void> {
  if (state.connectionType !== 'VPC_LINK' || !state.connectionId || !isLiteralConnectionId(state.connectionId)) return;
  if (!(await tx.vpcLink.findUnique({ where: { id: state.connectionId }, select: { id: true } }))) throw badRequest(VPC_LINK_NOT_FOUND);
}
