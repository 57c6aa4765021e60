// The migration folders shipped with this package (prisma/migrations/<timestamp>_<name>/migration.sql) and the
// pure logic deciding which of them a database still needs.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface MigrationFile {
  name: string;
  checksum: string;
  sql: string;
}

export interface AppliedMigration {
  name: string;
  checksum: string;
}

export interface MigrationPlan {
  /** In the folder, not yet in the database, in name (= timestamp) order. */
  pending: MigrationFile[];
  /** Applied, but the file has changed since: the database may not match what the folder now describes. */
  edited: string[];
  /** Applied, but absent from the folder (the database was migrated by a newer Portico). */
  unknown: string[];
}

export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

// Resolved from the package root (the nearest package.json above this file), so it holds from src/ under Jest
// and tsx as well as from dist/ at runtime: the SQL files are not copied into dist.
export function defaultMigrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('@portico/db: cannot find its package root to locate prisma/migrations');
    dir = parent;
  }
  return join(dir, 'prisma', 'migrations');
}

export function readMigrationFiles(migrationsDir = defaultMigrationsDir()): MigrationFile[] {
  if (!existsSync(migrationsDir)) throw new Error(`@portico/db: migrations directory not found: ${migrationsDir}`);
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(migrationsDir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(migrationsDir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: migrationChecksum(sql) };
    });
}

export function planMigrations(available: readonly MigrationFile[], applied: readonly AppliedMigration[]): MigrationPlan {
  const appliedByName = new Map(applied.map((m) => [m.name, m.checksum]));
  const availableNames = new Set(available.map((m) => m.name));
  return {
    pending: available.filter((m) => !appliedByName.has(m.name)).sort((a, b) => a.name.localeCompare(b.name)),
    edited: available.filter((m) => appliedByName.has(m.name) && appliedByName.get(m.name) !== m.checksum).map((m) => m.name),
    unknown: applied.filter((m) => !availableNames.has(m.name)).map((m) => m.name),
  };
}
