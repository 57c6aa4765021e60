// Runs Jest with native ESM support and writes a machine-readable summary (reports/jest.json) that .ci/run reads.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { workspaceRoot } from './workspace-projects.mjs';

const require = createRequire(import.meta.url);
const jestBin = join(require.resolve('jest/package.json'), '..', 'bin', 'jest.js');
mkdirSync(join(workspaceRoot, 'reports'), { recursive: true });
const args = [
  '--experimental-vm-modules',
  '--no-warnings=ExperimentalWarning',
  jestBin,
  '--json',
  `--outputFile=${join(workspaceRoot, 'reports', 'jest.json')}`,
  ...process.argv.slice(2),
];
const result = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: workspaceRoot });
process.exit(result.status ?? 1);
