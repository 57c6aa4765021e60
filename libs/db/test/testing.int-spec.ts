// createTestDatabase: unique databases that drop cleanly even while a connection is still open.
import pg from 'pg';
import { createTestDatabase } from '../src/testing.js';

async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}

const serverUrl = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test';

describe('createTestDatabase', () => {
  it('creates distinct databases and drops them, ending connections left open', async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    expect(a.name).not.toBe(b.name);
    expect(new URL(a.url).pathname).toBe(`/${a.name}`);

    const leftOpen = new pg.Client({ connectionString: a.url });
    leftOpen.on('error', () => undefined); // terminated by drop(), as intended
    await leftOpen.connect();
    expect((await leftOpen.query('SELECT current_database() AS db')).rows[0].db).toBe(a.name);

    await a.drop();
    await b.drop();
    expect(await databaseExists(serverUrl, a.name)).toBe(false);
    expect(await databaseExists(serverUrl, b.name)).toBe(false);
    await leftOpen.end().catch(() => undefined);
  });
});
