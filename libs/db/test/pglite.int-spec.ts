// openDatabase without a DATABASE_URL: embedded PGlite persisted in a data directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDatabase, openDatabase } from '../src/index.js';

describe('openDatabase on embedded PGlite', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'portico-pglite-')), 'nested', 'pglite');
  }, 180_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates the data directory, migrates, persists rows across restarts, and re-migrating is a no-op', async () => {
    const first = await openDatabase({ dataDir });
    try {
      expect(first.kind).toBe('pglite');
      expect(await checkDatabase(first)).toEqual({ reachable: true, migrationsApplied: true });
      await first.prisma.restApi.create({
        data: {
          id: 'pglite0001',
          name: 'embedded',
          binaryMediaTypes: ['*/*'],
          endpointConfiguration: { types: ['EDGE'] },
          rootResourceId: 'root',
        },
      });
    } finally {
      await first.close();
    }

    const second = await openDatabase({ dataDir });
    try {
      expect(await checkDatabase(second)).toEqual({ reachable: true, migrationsApplied: true });
      const api = await second.prisma.restApi.findUniqueOrThrow({ where: { id: 'pglite0001' } });
      expect(api.binaryMediaTypes).toEqual(['*/*']);
      expect(api.endpointConfiguration).toEqual({ types: ['EDGE'] });
      const recorded = await second.prisma.$queryRawUnsafe<{ n: number }[]>('SELECT count(*)::int AS n FROM "_portico_migrations"');
      expect(recorded[0]?.n).toBeGreaterThan(0);
    } finally {
      await second.close();
    }
  }, 180_000);
});
