import { badRequest } from '@portico/contracts';
import type { Prisma } from '@portico/db';
import { checkIntegration, type IntegrationState } from '../integrations/integration.input.js';
import { isLambdaUri } from '../integrations/lambda-uri.js';
import { dataOf, insertIntegration } from '../integrations/integration.service.js';
import { checkRoute, checkRouteKey } from '../routes/route.input.js';
import { checkRouteReferences, insertRoute } from '../routes/route.service.js';
import { EMPTY_STAGE, insertStage } from '../stages/stage.service.js';

/**
 * Quick create (spec §1.4): `target` on CreateApi makes an integration for it (a Lambda ARN → AWS_PROXY with
 * payload 2.0, a URL → HTTP_PROXY with 1.0), a route (`routeKey`, default `$default`) and a `$default` stage that
 * auto-deploys, all three `apiGatewayManaged`.
 */
export function quickIntegration(target: string, credentialsArn: string | undefined): IntegrationState {
  const lambda = isLambdaUri(target);
  if (!lambda && !/^https?:\/\//.test(target)) throw badRequest(`Invalid target specified: ${target}. A quick-create target is a Lambda function ARN or an http(s) URL`);
  return checkIntegration({
    integrationType: lambda ? 'AWS_PROXY' : 'HTTP_PROXY',
    integrationMethod: lambda ? 'POST' : 'ANY',
    integrationUri: target,
    payloadFormatVersion: lambda ? '2.0' : '1.0',
    credentialsArn: lambda ? (credentialsArn ?? null) : null,
  });
}

export async function quickCreate(tx: Prisma.TransactionClient, apiId: string, input: { target: string; routeKey?: string; credentialsArn?: string }): Promise<void> {
  const integration = await insertIntegration(tx, apiId, quickIntegration(input.target, input.credentialsArn), true);
  await insertRoute(tx, apiId, checkRoute({ routeKey: input.routeKey ?? '$default', target: `integrations/${integration.id}` }), true);
  await insertStage(tx, apiId, '$default', { ...EMPTY_STAGE, autoDeploy: true }, { tags: {}, managed: true });
}

/** UpdateApi's `target`/`routeKey`: rewrites the managed integration and route (a quick-created target stays). */
export async function quickUpdate(tx: Prisma.TransactionClient, apiId: string, input: { target?: string; routeKey?: string; credentialsArn?: string }): Promise<void> {
  const integration = await tx.v2Integration.findFirst({ where: { apiId, apiGatewayManaged: true } });
  const route = await tx.v2Route.findFirst({ where: { apiId, apiGatewayManaged: true } });
  if (!integration || !route) throw badRequest('target and routeKey can be updated only on APIs made by quick create');
  if (input.target !== undefined) {
    const state = quickIntegration(input.target, input.credentialsArn ?? integration.credentialsArn ?? undefined);
    await tx.v2Integration.update({ where: { id: integration.id }, data: dataOf(state) });
  }
  if (input.routeKey !== undefined && input.routeKey !== route.routeKey) {
    checkRouteKey(input.routeKey);
    await checkRouteReferences(tx, apiId, { ...checkRoute({ routeKey: input.routeKey, target: route.target }) }, route.id);
    await tx.v2Route.update({ where: { id: route.id }, data: { routeKey: input.routeKey } });
  }
}
