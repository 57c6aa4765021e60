// The SQL that takes a database built by the migrations folder to the state schema.prisma describes, computed
// by the WebAssembly schema engine over an in-memory PGlite (its shadow database replays the migrations).
// Used by create-migration.mjs and by the drift test.
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { readMigrationList, schemaPath } from './migrations-dir.mjs';
import { noFilters, openSchemaEngine } from './schema-engine.mjs';

/** @returns {Promise<{ empty: boolean, script: string }>} */
export async function diffMigrationsToSchema({ migrationList = readMigrationList(), schemaFile = schemaPath } = {}) {
  const schema = readFileSync(schemaFile, 'utf8');
  const pglite = new PGlite();
  try {
    const engine = await openSchemaEngine({ schemaPath: schemaFile, schema, adapterFactory: new PrismaPGlite(pglite) });
    try {
      const result = await engine.diff({
        from: { tag: 'migrations', ...migrationList },
        to: { tag: 'schemaDatamodel', files: [{ path: schemaFile, content: schema }] },
        script: true,
        // exitCode 2 means "the diff is not empty"; the script text of an empty diff is a comment, not ''.
        exitCode: true,
        filters: noFilters,
      });
      return { empty: result.exitCode !== 2, script: result.stdout ?? '' };
    } finally {
      engine.free();
    }
  } finally {
    await pglite.close();
  }
}
