// Diffs computed by the WebAssembly schema engine against schema.prisma. Used by create-migration.mjs and by the
// drift test (test/drift.int-spec.ts).
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { readMigrationList, schemaPath } from './migrations-dir.mjs';
import { openSchemaEngine } from './schema-engine.mjs';

// Our runner's bookkeeping table is not part of the Prisma schema.
const filters = { externalTables: ['public._portico_migrations'], externalEnums: [] };

/**
 * The SQL that takes a database built by the migrations folder to schema.prisma. The engine replays the folder in
 * its shadow database: a fresh in-memory PGlite.
 * @returns {Promise<{ empty: boolean, script: string }>}
 */
export async function diffMigrationsToSchema({ migrationList = readMigrationList(), schemaFile = schemaPath } = {}) {
  const pglite = new PGlite();
  const shadows = [];
  // PrismaPGlite's own connectToShadowDb opens an in-memory PGlite that nothing ever closes, which keeps the
  // process (and Jest) alive; open the shadow ourselves so that we can close it.
  const base = new PrismaPGlite(pglite);
  const adapterFactory = {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: () => base.connect(),
    connectToShadowDb: () => {
      const shadow = new PGlite();
      shadows.push(shadow);
      return new PrismaPGlite(shadow).connect();
    },
  };
  try {
    return await diffToSchema({ adapterFactory, schemaFile, from: { tag: 'migrations', ...migrationList } });
  } finally {
    await Promise.all([pglite, ...shadows].map((db) => db.close()));
  }
}

/**
 * The SQL that takes the live database behind `adapterFactory` (PGlite, or postgresIntrospectionAdapter) to
 * schema.prisma.
 * @param {{ adapterFactory: import('@prisma/driver-adapter-utils').SqlMigrationAwareDriverAdapterFactory, schemaFile?: string }} options
 * @returns {Promise<{ empty: boolean, script: string }>}
 */
export async function diffDatabaseToSchema({ adapterFactory, schemaFile = schemaPath }) {
  const schema = readFileSync(schemaFile, 'utf8');
  return diffToSchema({
    adapterFactory,
    schemaFile,
    from: { tag: 'schemaDatasource', files: [{ path: schemaFile, content: schema }], configDir: '.' },
  });
}

async function diffToSchema({ adapterFactory, schemaFile, from }) {
  const schema = readFileSync(schemaFile, 'utf8');
  const engine = await openSchemaEngine({ schemaPath: schemaFile, schema, adapterFactory });
  try {
    const result = await engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files: [{ path: schemaFile, content: schema }] },
      script: true,
      // exitCode 2 means "the diff is not empty"; the script of an empty diff is a comment, not ''.
      exitCode: true,
      filters,
    });
    return { empty: result.exitCode !== 2, script: result.stdout ?? '' };
  } finally {
    engine.free();
  }
}

/**
 * A PostgreSQL adapter factory the engine can introspect through. @prisma/adapter-pg refuses PostgreSQL's
 * one-byte `"char"` type (OID 18), which the engine's catalog queries return (relkind, contype, …): "Column type
 * 'char' could not be deserialized". Its values arrive as strings, so they are reported as text (OID 25).
 * @param {string} databaseUrl
 */
export function postgresIntrospectionAdapter(databaseUrl) {
  const pool = new pg.Pool({ connectionString: databaseUrl });
  const query = pool.query.bind(pool);
  pool.query = async (...args) => {
    const result = await query(...args);
    for (const field of result.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
    return result;
  };
  return { adapterFactory: new PrismaPg(pool), close: () => pool.end() };
}
