import type { VpcLinkConfig } from '@portico/contracts';
import type { PrismaClient } from '@portico/db';
import { v2LinkTargets } from './vpc-link.wire.js';

/**
 * The v2 links data planes serve, beside the REST ones in the document's `vpcLinks` (one id space, one
 * health-checked pool per link on the data plane); a FAILED link is carried with no target.
 */
export async function loadV2VpcLinkConfig(prisma: PrismaClient): Promise<VpcLinkConfig[]> {
  const rows = await prisma.v2VpcLink.findMany({ orderBy: { id: 'asc' } });
  return rows.map((row) => {
    const resolved = v2LinkTargets(row);
    return { id: row.id, targets: resolved.ok ? resolved.targets : [] };
  });
}
