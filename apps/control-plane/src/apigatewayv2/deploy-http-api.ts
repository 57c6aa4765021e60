import type { Prisma, V2Deployment } from '@portico/db';
import { newShortId } from '../common/ids.js';
import { freezeHttpApi } from './http-api-snapshot.rows.js';
import { freezeWebSocketApi } from './websocket-api-snapshot.rows.js';

/**
 * Deployments of HTTP APIs (spec §2). A deployment freezes the API's routes, integrations and authorizers; stages
 * with `autoDeploy` get a new deployment after every change of those, inside the change's own transaction, so
 * that a rejected change deploys nothing and an accepted one is served without a separate step.
 */
export async function createHttpApiDeployment(
  tx: Prisma.TransactionClient,
  apiId: string,
  options: { description?: string; autoDeployed: boolean },
): Promise<V2Deployment> {
  const api = await tx.v2Api.findUniqueOrThrow({ where: { id: apiId } });
  let snapshot: object;
  if (api.protocolType === 'WEBSOCKET') {
    // WebSocket APIs freeze their own shape (websocket-api-snapshot.rows.ts); they never auto-deploy.
    snapshot = await freezeWebSocketApi(tx, api);
  } else {
    const [routes, integrations, authorizers] = await Promise.all([
      tx.v2Route.findMany({ where: { apiId } }),
      tx.v2Integration.findMany({ where: { apiId } }),
      tx.v2Authorizer.findMany({ where: { apiId } }),
    ]);
    snapshot = freezeHttpApi(api, routes, integrations, authorizers);
  }
  return tx.v2Deployment.create({
    data: {
      id: newShortId(),
      apiId,
      description: options.description ?? null,
      autoDeployed: options.autoDeployed,
      snapshot: snapshot as unknown as Prisma.InputJsonValue,
    },
  });
}

/** Points a stage at a deployment (AWS's message for automatic deployments included). */
export async function pointStage(tx: Prisma.TransactionClient, apiId: string, stageName: string, deployment: V2Deployment): Promise<void> {
  await tx.v2Stage.update({
    where: { apiId_stageName: { apiId, stageName } },
    data: {
      deploymentId: deployment.id,
      lastUpdatedDate: new Date(),
      lastDeploymentStatusMessage: deployment.autoDeployed ? `Successfully deployed stage with deployment ID '${deployment.id}'` : null,
    },
  });
}

/**
 * Deploys the API to every stage with `autoDeploy` (one deployment each, as AWS lists them). Returns whether any
 * stage changed, so the caller knows to announce a config change after commit.
 */
export async function autoDeploy(tx: Prisma.TransactionClient, apiId: string): Promise<boolean> {
  const stages = await tx.v2Stage.findMany({ where: { apiId, autoDeploy: true }, select: { stageName: true }, orderBy: { stageName: 'asc' } });
  for (const { stageName } of stages) {
    await pointStage(tx, apiId, stageName, await createHttpApiDeployment(tx, apiId, { autoDeployed: true }));
  }
  return stages.length > 0;
}
