import { createHash } from 'node:crypto';
import type { PrismaClient } from '@portico/db';

/**
 * The stored revision of the config document: the database's epoch and the sum of the ConfigRevision shards'
 * generations (bumped by statement triggers in every writer's transaction, see schema.prisma), read in one
 * statement over 16 rows through the primary key. No document is built to know it.
 */
export async function readStoredRevision(prisma: Pick<PrismaClient, '$queryRawUnsafe'>): Promise<{ epoch: string; generation: string }> {
  const [row] = await prisma.$queryRawUnsafe<{ epoch: string | null; generation: string | null }[]>(
    'SELECT min("epoch") AS epoch, sum("generation")::text AS generation FROM "ConfigRevision"',
  );
  return { epoch: row?.epoch ?? 'none', generation: row?.generation ?? '0' };
}

/**
 * The revision string: the stored revision, the UTC day (the document carries per-day signing keys) and a tag
 * of this control plane's own inputs to the document (region, account, bootstrap admin key, API key hash key),
 * so that a control plane restarted with other settings never answers 304 for a document it would build
 * differently. Bump BUILDER_GENERATION when a release changes what the builder makes of unchanged rows.
 */
const BUILDER_GENERATION = 1;

export function settingsTag(settings: { region: string; accountId: string; adminAccessKeyId: string; adminSecretAccessKey: string; apiKeyHashKey: Buffer }): string {
  return createHash('sha256')
    .update(JSON.stringify([BUILDER_GENERATION, settings.region, settings.accountId, settings.adminAccessKeyId, settings.adminSecretAccessKey, settings.apiKeyHashKey.toString('base64')]))
    .digest('hex')
    .slice(0, 12);
}

export function revisionString(stored: { epoch: string; generation: string }, day: string, tag: string): string {
  return `${stored.epoch}.${stored.generation}.${day}.${tag}`;
}
