import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PostgresDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, uniquely named database on DATABASE_URL's server (the local one by default) for a control plane
 * started by a test; the control plane migrates it at start. Created with `psql` because the data plane's
 * module boundaries keep database clients (and `@portico/db`) out of it, tests included.
 */
export async function createPostgresDatabase(): Promise<PostgresDatabase> {
  const serverUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
  const name = `portico_dp_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const psql = (sql: string) => run('psql', [serverUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql]);
  await psql(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => void (await psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}
