import { createHash, createHmac, randomBytes } from 'node:crypto';
import {
  ConflictException,
  CreateApiKeyCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  GetApiKeyCommand,
  GetApiKeysCommand,
  GetUsagePlanKeysCommand,
  ImportApiKeysCommand,
} from '@aws-sdk/client-api-gateway';
import { configDocumentSchema } from '@portico/contracts';
import { applyMigrations, pgMigrationConnection, readMigrationFiles } from '@portico/db';
import { createTestDatabase, type TestDatabase } from '@portico/db/testing';
import pg from 'pg';
import { createControlPlane } from '../src/app.js';
import { errorOf, startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';

// API key values at rest (issue 11): sealed under PORTICO_MASTER_KEY, found by a keyed hash, and the clear rows
// an earlier version left sealed at start-up.
const MASTER_KEY = randomBytes(32);

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Every ApiKey row as PostgreSQL holds it, each whole row as one JSON text (so no column escapes the check). */
function apiKeyRows(url: string): Promise<Array<{ id: string; value: string | null; valueHash: string; row: string }>> {
  return withClient(url, async (client) => {
    const result = await client.query<{ id: string; value: string | null; valueHash: string; row: string }>(
      `SELECT "id", "value", "valueHash", row_to_json(k)::text AS "row" FROM "ApiKey" k ORDER BY "id"`,
    );
    return result.rows;
  });
}

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

describe('API key values at rest', () => {
  let cp: TestControlPlane;
  beforeAll(async () => {
    cp = await startTestControlPlane({ masterKey: MASTER_KEY });
  });
  afterAll(async () => {
    await cp?.close();
  });

  it('keeps no clear value, and no unkeyed hash of one, in PostgreSQL; the admin API still returns values', async () => {
    const given = 'at-rest-given-value-0123456789';
    const created = await cp.client.send(new CreateApiKeyCommand({ name: 'at-rest-given', value: given, enabled: true }));
    const generated = await cp.client.send(new CreateApiKeyCommand({ name: 'at-rest-generated' }));
    const importedValue = 'at-rest-imported-value-0123456789';
    const imported = await cp.client.send(
      new ImportApiKeysCommand({ body: new TextEncoder().encode(`Name,Key\nat-rest-imported,${importedValue}\n`), format: 'csv' }),
    );
    const values = [given, generated.value!, importedValue];

    const rows = await apiKeyRows(cp.database.url);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.value).toBeNull();
      expect(row.valueHash).toMatch(/^[0-9a-f]{64}$/);
      for (const value of values) {
        expect(row.row).not.toContain(value);
        expect(row.row).not.toContain(sha256(value));
        expect(row.row).not.toContain(Buffer.from(value).toString('base64'));
      }
    }

    // Retrievable: CreateApiKey, GetApiKey includeValue, GetApiKeys includeValues, GetUsagePlanKeys.
    expect(created.value).toBe(given);
    await expect(cp.client.send(new GetApiKeyCommand({ apiKey: created.id!, includeValue: true }))).resolves.toMatchObject({ value: given });
    await expect(cp.client.send(new GetApiKeyCommand({ apiKey: imported.ids![0], includeValue: true }))).resolves.toMatchObject({ value: importedValue });
    const listed = await cp.client.send(new GetApiKeysCommand({ nameQuery: 'at-rest-', includeValues: true }));
    expect(listed.items?.map((k) => k.value).sort()).toEqual([...values].sort());
    const plan = await cp.client.send(new CreateUsagePlanCommand({ name: 'at-rest' }));
    await cp.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: created.id!, keyType: 'API_KEY' }));
    await expect(cp.client.send(new GetUsagePlanKeysCommand({ usagePlanId: plan.id! }))).resolves.toMatchObject({ items: [{ id: created.id, value: given }] });
  });

  it('refuses a value already in use through the keyed hash: CreateApiKey 409, ImportApiKeys a warning', async () => {
    const value = 'at-rest-duplicate-0123456789';
    await cp.client.send(new CreateApiKeyCommand({ name: 'dup-1', value }));
    await expect(errorOf(cp.client.send(new CreateApiKeyCommand({ name: 'dup-2', value })))).resolves.toBeInstanceOf(ConflictException);
    const result = await cp.client.send(new ImportApiKeysCommand({ body: new TextEncoder().encode(`Name,Key\ndup-3,${value}\n`), format: 'csv' }));
    expect(result.ids).toEqual([]);
    expect(result.warnings).toEqual(['Line 2: API Key already exists']);
  });
});

describe('API key values an earlier version stored in clear', () => {
  let database: TestDatabase;
  const LEGACY_VALUE = 'legacy-clear-value-0123456789';

  beforeAll(async () => {
    database = await createTestDatabase();
    // The database as the version before encryption at rest left it: its migrations, and a key in clear.
    const previous = readMigrationFiles().filter((m) => m.name < '20261201213643_api_key_values_at_rest');
    await withClient(database.url, async (client) => {
      await applyMigrations(pgMigrationConnection(client), previous);
      await client.query(`INSERT INTO "ApiKey" ("id", "name", "value", "valueSha256", "enabled", "stageKeys") VALUES ($1, $2, $3, $4, true, '{}')`, [
        'legacykey1',
        'legacy',
        LEGACY_VALUE,
        sha256(LEGACY_VALUE),
      ]);
      await client.query(`INSERT INTO "UsagePlan" ("id", "name", "apiStages") VALUES ('legacyplan', 'legacy', '[]')`);
      await client.query(`INSERT INTO "UsagePlanKey" ("usagePlanId", "apiKeyId", "keyType") VALUES ('legacyplan', 'legacykey1', 'API_KEY')`);
    });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('seals them at start-up, idempotently, keeping them usable; a wrong master key refuses to start', async () => {
    const first = await startTestControlPlane({ databaseUrl: database.url, masterKey: MASTER_KEY });
    try {
      const [row] = await apiKeyRows(database.url);
      expect(row.value).toBeNull();
      expect(row.row).not.toContain(LEGACY_VALUE);
      expect(row.row).not.toContain(sha256(LEGACY_VALUE));
      await expect(first.client.send(new GetApiKeyCommand({ apiKey: 'legacykey1', includeValue: true }))).resolves.toMatchObject({ value: LEGACY_VALUE });
      // Still unique by value, and still matched by data planes through the keyed hash.
      await expect(errorOf(first.client.send(new CreateApiKeyCommand({ value: LEGACY_VALUE })))).resolves.toBeInstanceOf(ConflictException);
      const doc = configDocumentSchema.parse(
        await (await fetch(`${first.url}/internal/config`, { headers: { authorization: `Bearer ${first.config.dataPlaneToken}` } })).json(),
      );
      const hashKey = Buffer.from(doc.apiKeyHashKey!, 'base64url');
      expect(doc.apiKeys).toEqual([{ id: 'legacykey1', valueHash: createHmac('sha256', hashKey).update(LEGACY_VALUE).digest('hex'), enabled: true }]);
      expect(doc.apiKeys[0].valueHash).toBe(row.valueHash);
    } finally {
      await first.close();
    }

    // A second start finds nothing to seal and changes nothing.
    const before = await apiKeyRows(database.url);
    const second = await startTestControlPlane({ databaseUrl: database.url, masterKey: MASTER_KEY });
    try {
      expect(await apiKeyRows(database.url)).toEqual(before);
      await expect(second.client.send(new GetApiKeyCommand({ apiKey: 'legacykey1', includeValue: true }))).resolves.toMatchObject({ value: LEGACY_VALUE });
    } finally {
      await second.close();
    }

    // Another master key cannot open them: start-up fails with a clear message instead of 500s later.
    await expect(createControlPlane({ ...second.config, masterKey: randomBytes(32) }, { logger: false })).rejects.toThrow(
      /PORTICO_MASTER_KEY does not decrypt the stored API key values/,
    );
    expect(await apiKeyRows(database.url)).toEqual(before);
  });
});
