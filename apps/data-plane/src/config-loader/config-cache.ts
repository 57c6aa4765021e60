import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The last-known-good document on disk. Written to a temporary file and renamed over the old one, so a crash
 * mid-write never leaves a truncated cache: a reader sees the old document or the new one.
 */
export async function writeConfigCache(path: string, document: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(tmp, JSON.stringify(document), { mode: 0o600 });
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

export type ReadResult = { kind: 'document'; body: unknown } | { kind: 'missing' } | { kind: 'error'; message: string };

/** Reads a JSON document file (the cache, or the standalone config file). */
export async function readJsonFile(path: string): Promise<ReadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'error', message: `cannot read ${path}: ${(error as Error).message}` };
  }
  try {
    return { kind: 'document', body: JSON.parse(text) as unknown };
  } catch (error) {
    return { kind: 'error', message: `${path} is not JSON: ${(error as Error).message}` };
  }
}
