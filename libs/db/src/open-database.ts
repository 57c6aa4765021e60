// Opens Portico's store: PostgreSQL when a DATABASE_URL is given, otherwise an embedded PGlite persisted on disk
// (a single-process default so that `npm start` needs no database server). Pending migrations are applied before
// the client is handed out, so callers never see a half-migrated schema.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { redactDatabaseUrl } from './database-url.js';
import { PrismaClient } from './generated/prisma/client.js';
import { readMigrationFiles } from './migration-files.js';
import { applyMigrations, migrationsUpToDate, pgliteMigrationConnection, pgMigrationConnection, type MigrationConnection } from './migrate.js';

export interface Database {
  prisma: PrismaClient;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL URL; when absent, embedded PGlite under dataDir is used. */
  databaseUrl?: string;
  /** PGlite data directory (default `.portico/pglite`, relative to the working directory). */
  dataDir?: string;
}

export const DEFAULT_PGLITE_DIR = '.portico/pglite';

// Without a timeout, an unreachable server would hang start-up and readiness checks instead of failing them.
const CONNECT_TIMEOUT_MS = 10_000;

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir ?? DEFAULT_PGLITE_DIR);
}

async function openPostgres(databaseUrl: string): Promise<Database> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // A connection lost mid-migration rejects the pending query; without a listener the same loss would also be
  // raised as an unhandled 'error' event and kill the process before that rejection is reported.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new Error(`@portico/db: cannot connect to PostgreSQL at ${redactDatabaseUrl(databaseUrl)}: ${describe(error)}`, {
      cause: error,
    });
  }
  try {
    await applyMigrations(pgMigrationConnection(client));
  } finally {
    await client.end();
  }
  const prisma = new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS }),
  });
  return {
    prisma,
    kind: 'postgres',
    close: () => prisma.$disconnect(),
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dir);
  } catch (error) {
    throw new Error(`@portico/db: cannot open the embedded PGlite database in ${dir}: ${describe(error)}`, { cause: error });
  }
  try {
    await applyMigrations(pgliteMigrationConnection(pglite));
  } catch (error) {
    await pglite.close();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    prisma,
    kind: 'pglite',
    async close() {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

export interface DatabaseHealth {
  reachable: boolean;
  migrationsApplied: boolean;
}

/** For readiness probes: never throws; an unreachable database is reported, not raised. */
export async function checkDatabase(db: Database): Promise<DatabaseHealth> {
  const conn = prismaMigrationConnection(db.prisma);
  try {
    await conn.query('SELECT 1');
  } catch {
    return { reachable: false, migrationsApplied: false };
  }
  try {
    return { reachable: true, migrationsApplied: await migrationsUpToDate(conn, readMigrationFiles()) };
  } catch {
    return { reachable: true, migrationsApplied: false };
  }
}

function prismaMigrationConnection(prisma: PrismaClient): MigrationConnection {
  return {
    query: <Row>(sql: string, params: unknown[] = []) => prisma.$queryRawUnsafe<Row[]>(sql, ...params),
    async exec(sql: string) {
      await prisma.$executeRawUnsafe(sql);
    },
  };
}

// Duck-typed rather than instanceof: errors may come from another realm (Jest's VM contexts, PGlite's worker).
function describe(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { errors, message, name } = error as { errors?: unknown; message?: unknown; name?: unknown };
  // pg reports a host that resolves to several addresses as an AggregateError with an empty message.
  if (Array.isArray(errors) && errors.length > 0) return errors.map(describe).join('; ');
  if (typeof message === 'string' && message !== '') return message;
  return typeof name === 'string' ? name : String(error);
}
