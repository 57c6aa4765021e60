import pg from 'pg';

/**
 * A full, order-independent dump of a test database: every table of the public schema, every row as JSON,
 * rows sorted. Two dumps are equal exactly when no row was added, removed or changed in between — except that
 * the config-change bookkeeping ("ConfigChange" and "ConfigRevision") appears as the stored revision it adds up
 * to (epoch, folded + rows): the control plane's pruner folds rows in the background without changing it, while
 * any committed write to a table the config document is built from still changes it.
 */
export interface DatabaseDumper {
  dump(): Promise<Record<string, string[]>>;
  close(): Promise<void>;
}

export async function openDatabaseDumper(url: string): Promise<DatabaseDumper> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  return {
    async dump() {
      const tables = await client.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
      const dump: Record<string, string[]> = {};
      for (const { tablename } of tables.rows) {
        if (tablename === 'ConfigChange' || tablename === 'ConfigRevision') continue;
        const rows = await client.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM "${tablename}" t`);
        dump[tablename] = rows.rows.map((r) => r.row).sort();
      }
      const revision = await client.query<{ row: string }>(
        'SELECT "epoch" || \'.\' || ("folded" + (SELECT count(*) FROM "ConfigChange"))::text AS row FROM "ConfigRevision"',
      );
      dump['(stored config revision)'] = revision.rows.map((r) => r.row);
      return dump;
    },
    close: () => client.end(),
  };
}
