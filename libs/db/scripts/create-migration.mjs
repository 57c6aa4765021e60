// Usage: node libs/db/scripts/create-migration.mjs <name>   (root: npm run db:migration -- <name>)
// Writes prisma/migrations/<UTC timestamp>_<name>/migration.sql with the SQL that takes a database built by the
// existing migrations to schema.prisma. Writes nothing when they already agree.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { migrationsDir } from './migrations-dir.mjs';
import { diffMigrationsToSchema } from './schema-diff.mjs';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: create-migration.mjs <name>   (lower-case letters, digits and _)');
  process.exit(2);
}

const { empty, script } = await diffMigrationsToSchema();
if (empty) {
  console.log('schema.prisma and prisma/migrations already agree: no migration written.');
  process.exit(0);
}

const timestamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
const dir = join(migrationsDir, `${timestamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'migration.sql'), script.endsWith('\n') ? script : `${script}\n`);
console.log(`wrote ${relative(process.cwd(), join(dir, 'migration.sql'))}`);
