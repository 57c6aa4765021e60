import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJsonFile, writeConfigCache } from './config-cache.js';

describe('config cache file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'portico-cache-spec-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates missing directories, replaces the previous document and leaves no temporary file', async () => {
    const path = join(dir, 'nested', 'cache.json');
    await writeConfigCache(path, { revision: 'one' });
    await writeConfigCache(path, { revision: 'two' });
    expect(await readJsonFile(path)).toEqual({ kind: 'document', body: { revision: 'two' } });
    expect(await readdir(join(dir, 'nested'))).toEqual(['cache.json']);
  });

  it('tells a missing file from an unreadable one', async () => {
    expect(await readJsonFile(join(dir, 'none.json'))).toEqual({ kind: 'missing' });
    await writeFile(join(dir, 'bad.json'), '{"revision":');
    expect(await readJsonFile(join(dir, 'bad.json'))).toMatchObject({ kind: 'error', message: expect.stringContaining('is not JSON') });
  });
});
