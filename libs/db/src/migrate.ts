// Applies pending migration folders at start-up, over PostgreSQL (`pg`) or embedded PGlite alike. Each migration
// runs in its own transaction together with its row in _portico_migrations, so a failure leaves nothing half
// applied. A session-level advisory lock serialises concurrent starters (two control planes booting at once):
// the second waits, then finds nothing pending.
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { planMigrations, readMigrationFiles, type AppliedMigration, type MigrationFile } from './migration-files.js';

export const MIGRATIONS_TABLE = '_portico_migrations';

// Arbitrary but fixed: every Portico process must use the same key.
const ADVISORY_LOCK_KEY = 7_020_514_101;

/** The few operations the runner needs, implemented over a pg client and over PGlite. */
export interface MigrationConnection {
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs a script of several statements (simple-query protocol). */
  exec(sql: string): Promise<void>;
}

export function pgMigrationConnection(client: pg.Client | pg.PoolClient): MigrationConnection {
  return {
    async query<Row>(sql: string, params?: unknown[]) {
      return (await client.query(sql, params)).rows as Row[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

export function pgliteMigrationConnection(db: PGlite): MigrationConnection {
  return {
    async query<Row>(sql: string, params?: unknown[]) {
      return (await db.query<Row>(sql, params)).rows;
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
  };
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

export async function readAppliedMigrations(conn: MigrationConnection): Promise<AppliedMigration[] | undefined> {
  const [exists] = await conn.query<{ exists: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS "exists"`, [
    `public."${MIGRATIONS_TABLE}"`,
  ]);
  if (!exists?.exists) return undefined;
  return conn.query<AppliedMigration>(`SELECT name, checksum FROM "${MIGRATIONS_TABLE}" ORDER BY name`);
}

export async function applyMigrations(
  conn: MigrationConnection,
  migrations: MigrationFile[] = readMigrationFiles(),
): Promise<MigrateResult> {
  await conn.query(`SELECT pg_advisory_lock($1)`, [ADVISORY_LOCK_KEY]);
  try {
    await conn.exec(
      `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (
         name TEXT PRIMARY KEY,
         checksum TEXT NOT NULL,
         applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
       )`,
    );
    const applied = (await readAppliedMigrations(conn)) ?? [];
    const plan = planMigrations(migrations, applied);
    if (plan.edited.length > 0) {
      throw new Error(
        `@portico/db: migration(s) ${plan.edited.join(', ')} changed after being applied to this database; ` +
          'restore the original files or recreate the database',
      );
    }
    for (const migration of plan.pending) {
      await conn.exec('BEGIN');
      try {
        await conn.exec(migration.sql);
        await conn.query(`INSERT INTO "${MIGRATIONS_TABLE}" (name, checksum) VALUES ($1, $2)`, [
          migration.name,
          migration.checksum,
        ]);
        await conn.exec('COMMIT');
      } catch (error) {
        // A failed ROLLBACK (connection lost) must not hide the migration's own error.
        await conn.exec('ROLLBACK').catch(() => undefined);
        throw new Error(`@portico/db: migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
    }
    return {
      applied: plan.pending.map((m) => m.name),
      alreadyApplied: applied.map((m) => m.name),
    };
  } finally {
    await conn.query(`SELECT pg_advisory_unlock($1)`, [ADVISORY_LOCK_KEY]);
  }
}

/** True when every migration in the folder is recorded with its current checksum. */
export async function migrationsUpToDate(
  conn: MigrationConnection,
  migrations: MigrationFile[] = readMigrationFiles(),
): Promise<boolean> {
  const applied = await readAppliedMigrations(conn);
  if (!applied) return migrations.length === 0;
  const plan = planMigrations(migrations, applied);
  return plan.pending.length === 0 && plan.edited.length === 0;
}
