import { badRequest } from '@portico/contracts';
import type { Db } from '../../common/lookups.js';
import { isLiteralConnectionId, VPC_LINK_NOT_FOUND } from '../../apigateway/vpc-links/vpc-link-references.js';

/**
 * A private integration's `connectionId` must name an existing v2 link when it names one literally; one naming it
 * through a stage variable is resolved per stage, where a data plane refuses a link it does not know (as for REST).
 */
export async function checkV2Connection(db: Db, connectionType: string, connectionId: string | null): Promise<void> {
  if (connectionType !== 'VPC_LINK' || !connectionId || !isLiteralConnectionId(connectionId)) return;
  if (!(await db.v2VpcLink.findUnique({ where: { id: connectionId }, select: { id: true } }))) throw badRequest(VPC_LINK_NOT_FOUND);
}

/**
 * What uses the link, in AWS's DeleteVpcLink form for HTTP APIs `{Method}:{Resource}`: the integration's method
 * and each route targeting it (seen: `[ANY:qtfgl2b]`), or the integration itself when no route targets it.
 */
export async function v2VpcLinkReferences(db: Db, vpcLinkId: string): Promise<string[]> {
  const integrations = await db.v2Integration.findMany({
    where: { connectionType: 'VPC_LINK', connectionId: vpcLinkId },
    select: { id: true, apiId: true, integrationMethod: true },
    orderBy: [{ apiId: 'asc' }, { id: 'asc' }],
  });
  const references: string[] = [];
  for (const integration of integrations) {
    const method = integration.integrationMethod ?? 'ANY';
    const routes = await db.v2Route.findMany({ where: { apiId: integration.apiId, target: `integrations/${integration.id}` }, select: { id: true }, orderBy: { id: 'asc' } });
    if (routes.length === 0) references.push(`${method}:${integration.id}`);
    for (const route of routes) references.push(`${method}:${route.id}`);
  }
  return references;
}
