import { execFile } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SDK_VERSION } from '../src/index.js';

const run = promisify(execFile);
const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));
const sdkManifest = JSON.parse(readFileSync(join(workspaceRoot, 'libs', 'plugin-sdk', 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  devDependencies?: Record<string, string>;
};
const rootLock = JSON.parse(readFileSync(join(workspaceRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
const locked = (name: string) => rootLock.packages[`node_modules/${name}`]?.version as string;

// The plugin guide (libs/plugin-sdk/README.md) without a registry: `npm pack` the SDK from this workspace (after
// `npm run build`, which `npm test` runs first), install the tarball into a fresh project outside the workspace as
// the guide's step 1 does, and build the example plugin (examples/hmac-authorizer) against it with the guide's
// package.json and tsconfig; then load the result and run the SDK's conformance checks on it, all from the tarball.
describe('@portico/plugin-sdk as a package', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'portico-sdk-pack-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('declares its version once: the package version is the SDK version hosts check plugins against', () => {
    expect(sdkManifest.version).toBe(SDK_VERSION);
    expect(sdkManifest.devDependencies).toBeUndefined();
  });

  it('packs to built output and the README only, and an example plugin builds and passes conformance against the tarball', async () => {
    const packed = await run('npm', ['pack', '--workspace', sdkManifest.name, '--pack-destination', dir, '--json'], { cwd: workspaceRoot, maxBuffer: 8 * 1024 * 1024 });
    const [info] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
    const files = info.files.map((f) => f.path).sort();
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/testing/index.js', 'dist/testing/index.d.ts']));
    for (const file of files) expect(file).toMatch(/^(package\.json|README\.md|dist\/.*\.(js|d\.ts|js\.map|d\.ts\.map))$/);
    expect(files.some((f) => f.includes('.spec.') || f.endsWith('tsbuildinfo'))).toBe(false);
    const tarball = join(dir, info.filename);

    // Step 1 of the guide, with the tarball where the registry would be (typescript and @types/node at the
    // workspace's versions, from npm's cache when it has them).
    const project = join(dir, 'portico-hmac-authorizer');
    cpSync(join(workspaceRoot, 'examples', 'hmac-authorizer', 'src'), join(project, 'src'), {
      recursive: true,
      filter: (source) => !source.endsWith('.spec.ts'),
    });
    const npm = (args: string[]) => run('npm', args, { cwd: project, env: { ...process.env, npm_config_prefer_offline: 'true', npm_config_fund: 'false', npm_config_audit: 'false' }, maxBuffer: 8 * 1024 * 1024 });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'portico-hmac-authorizer', version: '1.0.0' }));
    await npm(['pkg', 'set', 'type=module']);
    await npm(['install', '--save-dev', tarball, `typescript@${locked('typescript')}`, `@types/node@${locked('@types/node')}`]);
    await npm(['pkg', 'set', `peerDependencies.@portico/plugin-sdk=^${SDK_VERSION}`]);
    const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect((manifest.devDependencies as Record<string, string>)['@portico/plugin-sdk']).toMatch(/^file:/);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ ...manifest, exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } }, files: ['dist', '!dist/**/*.test.*'], scripts: { build: 'tsc' } }, null, 2),
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, declaration: true, outDir: 'dist', rootDir: 'src', skipLibCheck: true, types: ['node'] },
        include: ['src'],
      }),
    );
    // The plugin's own TypeScript, resolving @portico/plugin-sdk's types from the installed tarball.
    await npm(['run', 'build']);
    const resolved = await run(process.execPath, ['--input-type=module', '-e', "console.log(import.meta.resolve('@portico/plugin-sdk/testing'))"], { cwd: project });
    expect(resolved.stdout.trim()).toBe(`file://${join(project, 'node_modules', '@portico', 'plugin-sdk', 'dist', 'testing', 'index.js')}`);

    // Load it as a host would and run the conformance checks, with the SDK from the tarball.
    const check = `
      import { checkPlugin } from '@portico/plugin-sdk';
      import { buildRequest, checkConformance } from '@portico/plugin-sdk/testing';
      import plugin from './dist/index.js';
      const loaded = checkPlugin(plugin);
      if (!loaded.ok) throw new Error(loaded.problems.join('; '));
      const results = await checkConformance(plugin, { config: { secret: 'correct-horse-battery-staple-0123456789' }, deniedRequests: [buildRequest({ headers: { 'x-portico-signature': 'nope' } })] });
      console.log(JSON.stringify({ name: plugin.name, results }));
    `;
    const out = await run(process.execPath, ['--input-type=module', '-e', check], { cwd: project });
    const report = JSON.parse(out.stdout) as { name: string; results: { name: string; ok: boolean; problem?: string }[] };
    expect(report.name).toBe('hmac-authorizer');
    expect(report.results.length).toBeGreaterThan(0);
    expect(report.results.filter((r) => !r.ok)).toEqual([]);
  }, 180_000);
});
