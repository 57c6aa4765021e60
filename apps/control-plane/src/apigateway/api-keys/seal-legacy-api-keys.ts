import type { PrismaClient } from '@portico/db';
import type { ApiKeyVault } from './api-key-vault.js';

/**
 * Seals API key values still stored in clear (rows written before encryption at rest; the migration that added
 * the ciphertext could not know PORTICO_MASTER_KEY): each gets its ciphertext and keyed hash, and its clear
 * `value` is set to NULL. Idempotent — sealed rows have no clear value — and all-or-nothing in one transaction.
 * `FOR UPDATE` makes two control planes starting at once serialise; the second finds nothing left to seal.
 * Returns how many rows were sealed.
 */
export async function sealLegacyApiKeys(prisma: PrismaClient, vault: ApiKeyVault): Promise<number> {
  return prisma.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<{ id: string; value: string }[]>`SELECT "id", "value" FROM "ApiKey" WHERE "value" IS NOT NULL FOR UPDATE`;
      for (const row of rows) {
        await tx.apiKey.update({ where: { id: row.id }, data: { ...vault.protect(row.value), legacyValue: null } });
      }
      return rows.length;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

/**
 * Fails start-up when PORTICO_MASTER_KEY does not open the stored key values (it was changed, or another
 * installation's database was attached): better a clear refusal than a 500 on every GetApiKey includeValue=true.
 */
export async function assertApiKeysOpen(prisma: PrismaClient, vault: ApiKeyVault): Promise<void> {
  // A legacy row's ciphertext is a placeholder until it is sealed: sample a sealed one.
  const sample = await prisma.apiKey.findFirst({ where: { legacyValue: null }, select: { id: true, valueCiphertext: true }, orderBy: { createdDate: 'desc' } });
  if (!sample) return;
  try {
    vault.open(sample.valueCiphertext);
  } catch {
    throw new Error(
      `PORTICO_MASTER_KEY does not decrypt the stored API key values (API key ${sample.id}): start with the master key they were written under`,
    );
  }
}
