// openDatabase over a real PostgreSQL server: each test gets its own fresh database from createTestDatabase.
import pg from 'pg';
import { applyMigrations, checkDatabase, MIGRATIONS_TABLE, openDatabase, pgMigrationConnection, type Database } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from '../src/testing.js';
import { migrationChecksum, readMigrationFiles } from '../src/migration-files.js';

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('openDatabase on PostgreSQL', () => {
  const created: TestDatabase[] = [];
  const opened: Database[] = [];

  async function freshDatabase(): Promise<TestDatabase> {
    const db = await createTestDatabase();
    created.push(db);
    return db;
  }

  async function open(url: string): Promise<Database> {
    const db = await openDatabase({ databaseUrl: url });
    opened.push(db);
    return db;
  }

  afterAll(async () => {
    for (const db of opened) await db.close();
    for (const db of created) await db.drop();
  });

  it('applies every migration folder and records it', async () => {
    const { url } = await freshDatabase();
    const db = await open(url);
    expect(db.kind).toBe('postgres');
    expect(await checkDatabase(db)).toEqual({ reachable: true, migrationsApplied: true });

    const rows = await withClient(url, async (c) => (await c.query(`SELECT name, checksum, applied_at FROM "${MIGRATIONS_TABLE}" ORDER BY name`)).rows);
    const files = readMigrationFiles();
    expect(rows.map((r) => [r.name, r.checksum])).toEqual(files.map((f) => [f.name, f.checksum]));
    expect(rows[0].applied_at).toBeInstanceOf(Date);
  });

  it('re-applying is a no-op', async () => {
    const { url } = await freshDatabase();
    await open(url);
    const result = await withClient(url, (c) => applyMigrations(pgMigrationConnection(c)));
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied).toEqual(readMigrationFiles().map((f) => f.name));
    const reopened = await open(url);
    expect(await checkDatabase(reopened)).toEqual({ reachable: true, migrationsApplied: true });
  });

  it('two processes opening a fresh database at once both succeed, and migrations run once', async () => {
    const { url } = await freshDatabase();
    const [a, b] = await Promise.all([openDatabase({ databaseUrl: url }), openDatabase({ databaseUrl: url })]);
    opened.push(a, b);
    expect(await checkDatabase(a)).toEqual({ reachable: true, migrationsApplied: true });
    expect(await checkDatabase(b)).toEqual({ reachable: true, migrationsApplied: true });
    const count = await withClient(url, async (c) => (await c.query(`SELECT count(*)::int AS n FROM "${MIGRATIONS_TABLE}"`)).rows[0].n);
    expect(count).toBe(readMigrationFiles().length);
  });

  it('round-trips rows through Prisma, Json and String[] columns included', async () => {
    const { url } = await freshDatabase();
    const { prisma } = await open(url);
    await prisma.restApi.create({
      data: {
        id: 'a1b2c3d4e5',
        name: 'pets',
        binaryMediaTypes: ['image/png', 'application/octet-stream'],
        endpointConfiguration: { types: ['REGIONAL'], ipAddressType: 'ipv4' },
        tags: { team: 'core', 'cost-center': '42' },
        rootResourceId: 'root000001',
        resources: { create: { id: 'root000001', path: '/' } },
      },
    });
    await prisma.method.create({
      data: {
        resourceId: 'root000001',
        httpMethod: 'GET',
        authorizationType: 'NONE',
        authorizationScopes: ['read', 'write'],
        requestParameters: { 'method.request.querystring.q': true, nested: { list: [1, null, 'x'] } },
      },
    });

    const api = await prisma.restApi.findUniqueOrThrow({ where: { id: 'a1b2c3d4e5' }, include: { resources: { include: { methods: true } } } });
    expect(api.binaryMediaTypes).toEqual(['image/png', 'application/octet-stream']);
    expect(api.endpointConfiguration).toEqual({ types: ['REGIONAL'], ipAddressType: 'ipv4' });
    expect(api.tags).toEqual({ team: 'core', 'cost-center': '42' });
    expect(api.apiKeySource).toBe('HEADER');
    expect(api.createdDate).toBeInstanceOf(Date);
    const [method] = api.resources[0].methods;
    expect(method.authorizationScopes).toEqual(['read', 'write']);
    expect(method.requestParameters).toEqual({ 'method.request.querystring.q': true, nested: { list: [1, null, 'x'] } });
    expect(method.requestModels).toEqual({});

    await prisma.restApi.delete({ where: { id: 'a1b2c3d4e5' } });
    expect(await prisma.method.count()).toBe(0);
  });

  it('reports migrationsApplied: false when a migration is missing from the database', async () => {
    const { url } = await freshDatabase();
    const db = await open(url);
    await withClient(url, (c) => c.query(`DELETE FROM "${MIGRATIONS_TABLE}"`));
    expect(await checkDatabase(db)).toEqual({ reachable: true, migrationsApplied: false });
  });

  it('reports reachable: false once the database is gone, without throwing', async () => {
    const testDb = await createTestDatabase();
    const db = await openDatabase({ databaseUrl: testDb.url });
    opened.push(db);
    expect(await checkDatabase(db)).toEqual({ reachable: true, migrationsApplied: true });
    await testDb.drop();
    expect(await checkDatabase(db)).toEqual({ reachable: false, migrationsApplied: false });
  });

  it('refuses to start on a database migrated with a different version of an applied migration', async () => {
    const { url } = await freshDatabase();
    await open(url);
    const edited = readMigrationFiles().map((f) => ({ ...f, sql: `${f.sql}\n-- edited`, checksum: migrationChecksum(`${f.sql}\n-- edited`) }));
    await expect(withClient(url, (c) => applyMigrations(pgMigrationConnection(c), edited))).rejects.toThrow(/changed after being applied/);
  });

  it('rolls a failing migration back whole, leaving it pending', async () => {
    const { url } = await freshDatabase();
    const broken = [{ name: '20990101000000_broken', sql: 'CREATE TABLE "half" (id int); SELECT no_such_function();', checksum: 'x' }];
    await expect(withClient(url, (c) => applyMigrations(pgMigrationConnection(c), broken))).rejects.toThrow(/migration 20990101000000_broken failed/);
    const state = await withClient(url, async (c) => ({
      half: (await c.query(`SELECT to_regclass('public.half') AS t`)).rows[0].t,
      recorded: (await c.query(`SELECT count(*)::int AS n FROM "${MIGRATIONS_TABLE}"`)).rows[0].n,
    }));
    expect(state).toEqual({ half: null, recorded: 0 });
  });

  it('fails start-up with a clear message naming the server when PostgreSQL is unreachable', async () => {
    await expect(openDatabase({ databaseUrl: 'postgresql://portico:hunter2@127.0.0.1:1/portico' })).rejects.toThrow(
      'cannot connect to PostgreSQL at postgresql://portico:***@127.0.0.1:1/portico: connect ECONNREFUSED 127.0.0.1:1',
    );
  });
});
