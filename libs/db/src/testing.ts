// Test support: each test file gets its own freshly created database on the test server, so files run in
// parallel without sharing rows. `openDatabase({ databaseUrl: url })` migrates it.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { redactDatabaseUrl, withDatabaseName } from './database-url.js';

export const DEFAULT_TEST_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** A URL of the server to create the database on (its own database is only used to connect). Default:
   *  DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/test. */
  serverUrl?: string;
}

export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = options.serverUrl ?? process.env['DATABASE_URL'] ?? DEFAULT_TEST_DATABASE_URL;
  const name = `portico_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    url: withDatabaseName(serverUrl, name),
    name,
    async drop() {
      await withAdminClient(serverUrl, async (client) => {
        // Pools left open by a test would make DROP DATABASE fail; end their sessions first.
        await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
          name,
        ]);
        await client.query(`DROP DATABASE IF EXISTS "${name}"`);
      });
    },
  };
}

async function withAdminClient<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined); // a lost connection also rejects the pending query, which is what we report
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`@portico/db/testing: cannot connect to PostgreSQL at ${redactDatabaseUrl(serverUrl)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
