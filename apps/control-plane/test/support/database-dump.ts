import pg from 'pg';

/**
 * A full, order-independent dump of a test database: every table of the public schema, every row as JSON,
 * rows sorted. Two dumps are equal exactly when no row was added, removed or changed in between.
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
        const rows = await client.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM "${tablename}" t`);
        dump[tablename] = rows.rows.map((r) => r.row).sort();
      }
      return dump;
    },
    close: () => client.end(),
  };
}
