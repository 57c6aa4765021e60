// The migrations folder and schema.prisma must describe the same database. When this fails, run
// `npm run db:migration -- <name>` and commit the new folder.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import pg from 'pg';
import { applyMigrations, pgliteMigrationConnection, pgMigrationConnection } from '../src/index.js';
import { createTestDatabase } from '../src/testing.js';
import { schemaPath } from '../scripts/migrations-dir.mjs';
import { diffDatabaseToSchema, diffMigrationsToSchema, postgresIntrospectionAdapter } from '../scripts/schema-diff.mjs';

describe('migrations vs schema.prisma', () => {
  it('replaying the migrations folder yields exactly the schema', async () => {
    const { empty, script } = await diffMigrationsToSchema();
    expect({ empty, script }).toEqual({ empty: true, script: expect.any(String) });
  }, 180_000);

  it('a PGlite database migrated by our runner matches the schema (bookkeeping table aside)', async () => {
    const pglite = await PGlite.create();
    try {
      await applyMigrations(pgliteMigrationConnection(pglite));
      const diff = await diffDatabaseToSchema({ adapterFactory: new PrismaPGlite(pglite) });
      expect(diff.script).toBe('-- This is an empty migration.\n');
      expect(diff.empty).toBe(true);
    } finally {
      await pglite.close();
    }
  }, 180_000);

  it('a PostgreSQL database migrated by our runner matches the schema, and a missing column shows', async () => {
    const testDb = await createTestDatabase();
    const client = new pg.Client({ connectionString: testDb.url });
    const introspection = postgresIntrospectionAdapter(testDb.url);
    try {
      await client.connect();
      await applyMigrations(pgMigrationConnection(client));
      expect(await diffDatabaseToSchema({ adapterFactory: introspection.adapterFactory })).toEqual({
        empty: true,
        script: '-- This is an empty migration.\n',
      });

      await client.query('ALTER TABLE "Stage" DROP COLUMN "tags"');
      const drifted = await diffDatabaseToSchema({ adapterFactory: introspection.adapterFactory });
      expect(drifted.empty).toBe(false);
      expect(drifted.script).toContain('ALTER TABLE "Stage" ADD COLUMN     "tags" JSONB NOT NULL DEFAULT \'{}\'');
    } finally {
      await client.end();
      await introspection.close();
      await testDb.drop();
    }
  }, 180_000);

  it('notices a schema change the migrations lack', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-schema-'));
    try {
      const changed = join(dir, 'schema.prisma');
      writeFileSync(changed, readFileSync(schemaPath, 'utf8').replace('model Stage {', 'model Stage {\n  webAclArn String?'));
      const { empty, script } = await diffMigrationsToSchema({ schemaFile: changed });
      expect(empty).toBe(false);
      expect(script).toContain('ALTER TABLE "Stage" ADD COLUMN     "webAclArn" TEXT');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
