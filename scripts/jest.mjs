// Runs Jest with native ESM support and writes a machine-readable summary (reports/jest.json) that .ci/run reads.
//
// Jest runs on Node >= 24.9: from that release Jest can `require()` ESM from CommonJS (node:vm's synchronous
// module linking), which @nestjs/throttler (CommonJS) needs to load the ESM-only NestJS 12 inside a test. The
// machine's Node may be older (this project's machines have Node 20): then the Node binary that the `node`
// devDependency installs (the official build, as an npm package) runs Jest instead. `npm start` and the image do
// not depend on it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { workspaceRoot } from './workspace-projects.mjs';

const MINIMUM = [24, 9];

const require = createRequire(import.meta.url);
const jestBin = join(require.resolve('jest/package.json'), '..', 'bin', 'jest.js');
mkdirSync(join(workspaceRoot, 'reports'), { recursive: true });
const args = [
  // The suite grew past V8's default heap (~4 GB) in one process: CI died of 'heap out of memory' at 893 s. Jest's
  // workers inherit these flags.
  '--max-old-space-size=8192',
  '--experimental-vm-modules',
  '--no-warnings=ExperimentalWarning',
  jestBin,
  '--json',
  `--outputFile=${join(workspaceRoot, 'reports', 'jest.json')}`,
  ...process.argv.slice(2),
];
const result = spawnSync(jestNode(), args, { stdio: 'inherit', cwd: workspaceRoot });
process.exit(result.status ?? 1);

/** This Node when it is recent enough, else the `node` devDependency's binary; says what to do when neither is. */
function jestNode() {
  if (atLeast(process.versions.node)) return process.execPath;
  let packaged;
  try {
    const root = dirname(require.resolve('node/package.json'));
    packaged = [join(root, 'bin', 'node'), join(root, 'bin', 'node.exe')].find((file) => existsSync(file));
  } catch {
    // not installed (e.g. `npm ci --omit=dev`)
  }
  const version = packaged ? spawnSync(packaged, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim() : '';
  if (packaged && atLeast(version)) return packaged;
  console.error(
    `Jest needs Node >= ${MINIMUM.join('.')} (this is ${process.versions.node}) and the \`node\` devDependency ` +
      `${packaged ? `is ${version || 'not runnable'}` : 'is not installed'}: run \`npm ci\` (it installs Node 24 as a package) or use Node 24.`,
  );
  process.exit(1);
}

function atLeast(version) {
  const [major, minor] = version.split('.').map(Number);
  return major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1]);
}
