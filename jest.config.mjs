// One Jest run for the whole workspace, one Jest project per Nx project (selectable with --selectProjects).
// TypeScript is compiled by SWC as ESM, with decorator metadata for NestJS; `@portico/*` imports resolve to the
// libraries' sources, so tests never need a build.
import { join } from 'node:path';
import { listProjects, workspaceRoot } from './scripts/workspace-projects.mjs';

const projects = listProjects();

// Projects whose tests load the control plane (NestJS): see scripts/jest-nest-preload.mjs.
const NEST_PROJECTS = new Set(['control-plane']);

const moduleNameMapper = { '^(\\.{1,2}/.*)\\.js$': '$1' };
for (const p of projects) {
  if (!p.packageName || !p.exports) continue;
  for (const [subpath, target] of Object.entries(p.exports)) {
    const source = typeof target === 'object' ? target['@portico/source'] : undefined;
    if (!source) continue;
    const spec = subpath === '.' ? p.packageName : `${p.packageName}/${subpath.slice(2)}`;
    moduleNameMapper[`^${spec.replace(/[/.]/g, '\\$&')}$`] = join(workspaceRoot, p.root, source);
  }
}

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

export default {
  projects: projects.map((p) => ({
    displayName: p.name,
    rootDir: join(workspaceRoot, p.root),
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.int-spec.ts'],
    extensionsToTreatAsEsm: ['.ts'],
    transform: { '^.+\\.ts$': swc },
    moduleNameMapper,
    ...(NEST_PROJECTS.has(p.name) ? { setupFiles: [join(workspaceRoot, 'scripts', 'jest-nest-preload.mjs')] } : {}),
  })),
  // Generous: a timeout only bounds a hang; a loaded machine may take minutes where a quiet one takes seconds.
  testTimeout: 300_000,
  // A worker whose heap grows past this after a test file is replaced: each suite file starts servers and clients.
  workerIdleMemoryLimit: '2GB',
  globalSetup: join(workspaceRoot, 'scripts', 'jest-global-setup.mjs'),
  globalTeardown: join(workspaceRoot, 'scripts', 'jest-global-teardown.mjs'),
};
