import type { DomainNameConfig } from '@portico/contracts';
import type { PrismaClient } from '@portico/db';

/** The domain names and their mappings as the config document carries them, in a stable order (the revision is a hash). */
export async function loadDomainNameConfig(prisma: PrismaClient): Promise<DomainNameConfig[]> {
  const rows = await prisma.domainName.findMany({ include: { mappings: { orderBy: { basePath: 'asc' } } }, orderBy: { domainName: 'asc' } });
  return rows.map((row) => ({
    domainName: row.domainName,
    mappings: row.mappings.map((m) => ({ basePath: m.basePath, apiId: m.apiId, ...(m.stage !== null && { stage: m.stage }) })),
  }));
}
