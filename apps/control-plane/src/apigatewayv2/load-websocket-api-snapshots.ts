import type { WebSocketApiSnapshot } from '@portico/contracts';
import type { PrismaClient } from '@portico/db';
import { websocketApiSnapshotOf } from './websocket-api-snapshot.rows.js';

/**
 * What data planes serve of WebSocket APIs: a snapshot for every stage that points at a deployment, in API-id
 * then stage-name order (so equal rows give an equal document and revision).
 */
export async function loadWebSocketApiSnapshots(prisma: PrismaClient): Promise<WebSocketApiSnapshot[]> {
  const stages = await prisma.v2Stage.findMany({
    where: { deploymentId: { not: null }, api: { protocolType: 'WEBSOCKET' } },
    include: { deployment: { select: { snapshot: true } } },
    orderBy: [{ apiId: 'asc' }, { stageName: 'asc' }],
  });
  return stages.flatMap((stage) => websocketApiSnapshotOf(stage) ?? []);
}
