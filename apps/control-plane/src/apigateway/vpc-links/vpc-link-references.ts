import { deploymentSnapshotSchema } from '@portico/contracts';
import type { Db } from '../../common/lookups.js';

export const VPC_LINK_NOT_FOUND = 'Invalid VPC link identifier specified';

/** `${stageVariables.name}` in a connectionId is resolved per stage, as the data planes resolve it. */
const STAGE_VARIABLE = /\$\{stageVariables\.([A-Za-z0-9_]+)\}/g;

export function resolveConnectionId(connectionId: string, variables: Readonly<Record<string, string>>): string {
  return connectionId.replace(STAGE_VARIABLE, (_all, name: string) => variables[name] ?? '');
}

/** A connectionId that names its link literally (one naming it through a stage variable is resolved per stage). */
export function isLiteralConnectionId(connectionId: string): boolean {
  return !connectionId.includes('${stageVariables.');
}

/**
 * Where stages serve the link, in AWS's DeleteVpcLink form `{restApiId}:{verb}:{resourceId}:{stage}`: the
 * deployments stages point at (through a literal connectionId or a stage variable naming the link).
 */
export async function vpcLinkReferences(db: Db, vpcLinkId: string): Promise<string[]> {
  const stages = await db.stage.findMany({
    select: { restApiId: true, stageName: true, variables: true, deployment: { select: { snapshot: true } } },
    orderBy: [{ restApiId: 'asc' }, { stageName: 'asc' }],
  });
  const references: string[] = [];
  for (const stage of stages) {
    const parsed = deploymentSnapshotSchema.safeParse(stage.deployment.snapshot);
    if (!parsed.success) continue;
    const variables = (stage.variables ?? {}) as Record<string, string>;
    for (const resource of parsed.data.resources) {
      for (const [verb, method] of Object.entries(resource.resourceMethods)) {
        const integration = method.methodIntegration;
        if (integration.connectionType !== 'VPC_LINK' || !integration.connectionId) continue;
        if (resolveConnectionId(integration.connectionId, variables) === vpcLinkId) {
          references.push(`${stage.restApiId}:${verb}:${resource.id}:${stage.stageName}`);
        }
      }
    }
  }
  return references;
}
