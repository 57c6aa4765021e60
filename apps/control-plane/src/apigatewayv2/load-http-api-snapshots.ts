import type { HttpApiSnapshot } from '@portico/contracts';
import type { PrismaClient } from '@portico/db';
import { httpApiSnapshotOf } from './http-api-snapshot.rows.js';

/**
 * What data planes serve of HTTP APIs: a snapshot for every stage that points at a deployment, in API-id then
 * stage-name order (so equal rows give an equal document and revision).
 */
export async function loadHttpApiSnapshots(prisma: PrismaClient): Promise<HttpApiSnapshot[]> {
  const stages = await prisma.v2Stage.findMany({
    where: { deploymentId: { not: null }, api: { protocolType: 'HTTP' } },
    include: { deployment: { select: { snapshot: true } } },
    orderBy: [{ apiId: 'asc' }, { stageName: 'asc' }],
  });
  return stages.flatMap((stage) => httpApiSnapshotOf(stage) ?? []);
}
