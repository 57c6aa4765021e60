import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultMigrationsDir, migrationChecksum, planMigrations, readMigrationFiles, type MigrationFile } from './migration-files.js';

function file(name: string, sql = `-- ${name}`): MigrationFile {
  return { name, sql, checksum: migrationChecksum(sql) };
}

describe('planMigrations', () => {
  it('lists the migrations not yet applied, in name order', () => {
    const plan = planMigrations([file('20260102_b'), file('20260101_a'), file('20260103_c')], [file('20260101_a')]);
    expect(plan.pending.map((m) => m.name)).toEqual(['20260102_b', '20260103_c']);
    expect(plan.edited).toEqual([]);
    expect(plan.unknown).toEqual([]);
  });

  it('has nothing pending once every migration is applied', () => {
    const all = [file('20260101_a'), file('20260102_b')];
    expect(planMigrations(all, all)).toEqual({ pending: [], edited: [], unknown: [] });
  });

  it('reports an applied migration whose file has changed since', () => {
    const plan = planMigrations([file('20260101_a', 'CREATE TABLE x ();')], [file('20260101_a', 'CREATE TABLE y ();')]);
    expect(plan.edited).toEqual(['20260101_a']);
    expect(plan.pending).toEqual([]);
  });

  it('reports applied migrations the folder does not know (a newer Portico migrated this database)', () => {
    const plan = planMigrations([file('20260101_a')], [file('20260101_a'), file('20260201_newer')]);
    expect(plan.unknown).toEqual(['20260201_newer']);
  });
});

describe('migrationChecksum', () => {
  it('is the hex SHA-256 of the SQL text', () => {
    expect(migrationChecksum('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(migrationChecksum('a')).not.toBe(migrationChecksum('a '));
  });
});

describe('readMigrationFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'portico-migrations-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads <name>/migration.sql folders in name order and ignores anything else', () => {
    for (const name of ['20260102_second', '20260101_first']) {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'migration.sql'), `-- ${name}\n`);
    }
    mkdirSync(join(dir, 'empty_folder'));
    writeFileSync(join(dir, 'migration_lock.toml'), 'provider = "postgresql"\n');
    const files = readMigrationFiles(dir);
    expect(files.map((f) => f.name)).toEqual(['20260101_first', '20260102_second']);
    expect(files[0]).toEqual({ name: '20260101_first', sql: '-- 20260101_first\n', checksum: migrationChecksum('-- 20260101_first\n') });
  });

  it('fails clearly when the folder is missing', () => {
    expect(() => readMigrationFiles(join(dir, 'nope'))).toThrow(/migrations directory not found/);
  });

  it('finds the migrations shipped with the package by default', () => {
    expect(defaultMigrationsDir()).toMatch(/libs[/\\]db[/\\]prisma[/\\]migrations$/);
    expect(readMigrationFiles().length).toBeGreaterThan(0);
  });
});
