import type { VpcLinkConfig } from '@portico/contracts';
import type { PrismaClient } from '@portico/db';
import { jsonRecord } from '../../common/lookups.js';
import { resolveTargets } from './vpc-link-targets.js';

/** The links data planes serve, with their resolved targets, by id (a FAILED link is carried with no target). */
export async function loadVpcLinkConfig(prisma: PrismaClient): Promise<VpcLinkConfig[]> {
  const rows = await prisma.vpcLink.findMany({ orderBy: { id: 'asc' } });
  return rows.map((row) => {
    const resolved = resolveTargets(row.targetArns, jsonRecord<string>(row.tags));
    return { id: row.id, targets: resolved.ok ? resolved.targets : [] };
  });
}
