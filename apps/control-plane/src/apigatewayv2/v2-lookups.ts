import type { V2Api, V2Authorizer, V2Deployment, V2Integration, V2Route, V2Stage } from '@portico/db';
import type { Db } from '../common/lookups.js';
import { v2NotFound } from './v2-errors.js';

/**
 * Finds a /v2 resource of one API or throws AWS's 404. Ids are compared exactly (AWS ids are case-sensitive) and
 * always together with the API, so an id of another API is unknown here.
 */
export async function requireV2Api(db: Db, accountId: string, apiId: string): Promise<V2Api> {
  const api = await db.v2Api.findUnique({ where: { id: apiId } });
  if (!api) throw v2NotFound.api(accountId, apiId);
  return api;
}

export async function requireV2Route(db: Db, accountId: string, apiId: string, routeId: string): Promise<V2Route> {
  const route = await db.v2Route.findUnique({ where: { id: routeId } });
  if (!route || route.apiId !== apiId) throw v2NotFound.route(accountId, routeId);
  return route;
}

export async function requireV2Integration(db: Db, accountId: string, apiId: string, integrationId: string): Promise<V2Integration> {
  const integration = await db.v2Integration.findUnique({ where: { id: integrationId } });
  if (!integration || integration.apiId !== apiId) throw v2NotFound.integration(accountId, integrationId);
  return integration;
}

export async function requireV2Authorizer(db: Db, accountId: string, apiId: string, authorizerId: string): Promise<V2Authorizer> {
  const authorizer = await db.v2Authorizer.findUnique({ where: { id: authorizerId } });
  if (!authorizer || authorizer.apiId !== apiId) throw v2NotFound.authorizer(accountId, authorizerId);
  return authorizer;
}

export async function requireV2Deployment(db: Db, accountId: string, apiId: string, deploymentId: string): Promise<V2Deployment> {
  const deployment = await db.v2Deployment.findUnique({ where: { id: deploymentId } });
  if (!deployment || deployment.apiId !== apiId) throw v2NotFound.deployment(accountId, deploymentId);
  return deployment;
}

export async function requireV2Stage(db: Db, accountId: string, apiId: string, stageName: string): Promise<V2Stage> {
  const stage = await db.v2Stage.findUnique({ where: { apiId_stageName: { apiId, stageName } } });
  if (!stage) throw v2NotFound.stage(accountId, stageName);
  return stage;
}
