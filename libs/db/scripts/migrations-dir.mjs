// Reads libs/db/prisma/migrations into the shape the schema engine's `migrations` diff target takes.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const dbRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const schemaPath = join(dbRoot, 'prisma', 'schema.prisma');
export const migrationsDir = join(dbRoot, 'prisma', 'migrations');

/** @returns {import('@prisma/schema-engine-wasm').MigrationList} */
export function readMigrationList(baseDir = migrationsDir) {
  const names = existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true })
        .filter((e) => e.isDirectory() && existsSync(join(baseDir, e.name, 'migration.sql')))
        .map((e) => e.name)
        .sort()
    : [];
  return {
    baseDir,
    // Prisma keeps the provider in migration_lock.toml; ours is always PostgreSQL (PGlite included), so we say it here.
    lockfile: { path: 'migration_lock.toml', content: 'provider = "postgresql"\n' },
    shadowDbInitScript: '',
    migrationDirectories: names.map((name) => ({
      path: name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: readFileSync(join(baseDir, name, 'migration.sql'), 'utf8') } },
    })),
  };
}
