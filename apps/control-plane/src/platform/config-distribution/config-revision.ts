import { createHash } from 'node:crypto';
import type { PrismaClient } from '@portico/db';

type Raw = Pick<PrismaClient, '$queryRawUnsafe' | '$executeRawUnsafe'>;

/**
 * The stored revision of the config document: the database's epoch and a generation that grows with every commit
 * changing the document's inputs — ConfigRevision.folded plus the ConfigChange rows not folded yet (every such
 * commit adds one, see schema.prisma). One statement, so one snapshot: the row by its key and a count over the
 * few rows of the last prune interval. No document is built to know it.
 */
export async function readStoredRevision(prisma: Pick<Raw, '$queryRawUnsafe'>): Promise<{ epoch: string; generation: string }> {
  const [row] = await prisma.$queryRawUnsafe<{ epoch: string; generation: string }[]>(
    'SELECT "epoch", ("folded" + (SELECT count(*) FROM "ConfigChange"))::text AS generation FROM "ConfigRevision" WHERE "id" = 0',
  );
  if (!row) throw new Error('ConfigRevision has no row (migration config_revision not applied?)');
  return row;
}

/**
 * Folds every ConfigChange row but the newest into ConfigRevision.folded, in one statement: the generation (folded +
 * rows) is the same before and after, for every reader. Writers only insert ConfigChange rows and never read
 * ConfigRevision, so this conflicts with no admin write; two replicas folding at once delete each row once (the
 * second finds it gone and counts nothing). Returns the number of rows folded.
 */
export async function foldConfigChanges(prisma: Pick<Raw, '$queryRawUnsafe'>): Promise<number> {
  const [row] = await prisma.$queryRawUnsafe<{ folded: number }[]>(
    `WITH gone AS (DELETE FROM "ConfigChange" WHERE "id" < (SELECT max("id") FROM "ConfigChange") RETURNING 1),
          n AS (SELECT count(*) AS n FROM gone)
     UPDATE "ConfigRevision" SET "folded" = "folded" + (SELECT n FROM n) WHERE "id" = 0 RETURNING (SELECT n FROM n)::int AS folded`,
  );
  return row?.folded ?? 0;
}

/**
 * Bump when a release changes what the builder makes of unchanged rows, so that data planes fetch again.
 */
const BUILDER_GENERATION = 1;

/**
 * A tag of this control plane's own inputs to the document (region, account, bootstrap admin key, API key hash
 * key), so that a control plane restarted with other settings never answers 304 for a document it would build
 * differently. 48 bits of a SHA-256: names a setting, reveals nothing of it.
 */
export function settingsTag(settings: { region: string; accountId: string; adminAccessKeyId: string; adminSecretAccessKey: string; apiKeyHashKey: Buffer }): string {
  return createHash('sha256')
    .update(JSON.stringify([BUILDER_GENERATION, settings.region, settings.accountId, settings.adminAccessKeyId, settings.adminSecretAccessKey, settings.apiKeyHashKey.toString('base64')]))
    .digest('hex')
    .slice(0, 12);
}

/** `{epoch}.{generation}.{UTC day}.{settings tag}`: the day because the document carries per-day signing keys. */
export function revisionString(stored: { epoch: string; generation: string }, day: string, tag: string): string {
  return `${stored.epoch}.${stored.generation}.${day}.${tag}`;
}
