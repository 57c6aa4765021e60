import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFunctions, MISSING_FUNCTION_RECHECK_MS } from './local-functions.js';

describe('LocalFunctions lookup', () => {
  const directory = mkdtempSync(join(tmpdir(), 'portico-local-functions-'));
  let clock = 1_000_000;
  const functions = new LocalFunctions({ directory, region: 'us-east-1', accountId: '000000000000', now: () => clock });

  afterAll(async () => {
    await functions.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('remembers a missing function for a while, then finds one added meanwhile', () => {
    expect(functions.has('late')).toBe(false);
    mkdirSync(join(directory, 'late'));
    writeFileSync(join(directory, 'late', 'index.mjs'), 'export const handler = async () => ({ statusCode: 200 });\n');
    // Remote functions ask on every invocation: the answer is not a filesystem check each time.
    expect(functions.has('late')).toBe(false);
    clock += MISSING_FUNCTION_RECHECK_MS;
    expect(functions.has('late')).toBe(true);
  });
});
