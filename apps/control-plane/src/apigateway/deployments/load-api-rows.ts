import type { Prisma } from '@portico/db';
import type { ApiRows } from './compile-snapshot.js';

/** Reads every row a snapshot is compiled from, inside the caller's transaction. */
export async function loadApiRows(tx: Prisma.TransactionClient, restApiId: string): Promise<ApiRows | undefined> {
  const restApi = await tx.restApi.findUnique({ where: { id: restApiId } });
  if (!restApi) return undefined;
  const ofApi = { resource: { restApiId } };
  // One query after another: queries of one interactive transaction share a connection anyway.
  const resources = await tx.resource.findMany({ where: { restApiId } });
  const methods = await tx.method.findMany({ where: ofApi });
  const methodResponses = await tx.methodResponse.findMany({ where: { method: ofApi } });
  const integrations = await tx.integration.findMany({ where: { method: ofApi } });
  const integrationResponses = await tx.integrationResponse.findMany({ where: { integration: { method: ofApi } } });
  const authorizers = await tx.authorizer.findMany({ where: { restApiId } });
  const gatewayResponses = await tx.gatewayResponse.findMany({ where: { restApiId } });
  const models = await tx.model.findMany({ where: { restApiId } });
  const requestValidators = await tx.requestValidator.findMany({ where: { restApiId } });
  return { restApi, resources, methods, methodResponses, integrations, integrationResponses, authorizers, gatewayResponses, models, requestValidators };
}
