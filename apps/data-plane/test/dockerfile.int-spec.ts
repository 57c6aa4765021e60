import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { createPostgresDatabase, type PostgresDatabase } from './support/postgres.js';
import { freePorts, trackProcess, waitForOk, workspaceRoot, type NodeProcess } from './support/processes.js';

const run = promisify(execFile);

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  from: string;
  name: string;
  instructions: Instruction[];
}

/** The Dockerfile as stages of instructions (continuation lines joined, comments dropped). */
function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op, rest] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    if (op === 'FROM') {
      const [, from, name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest) ?? [];
      stages.push({ from, name, instructions: [] });
    } else if (op === 'ARG' && stages.length === 0) {
      const [name, value] = rest.split('=');
      args[name] = value;
    } else if (op) {
      stages.at(-1)?.instructions.push({ op, args: rest });
    }
  }
  return { args, stages };
}

/** COPY [--from=stage] src… dest, with the source stage. */
function copyOf(instruction: Instruction): { from?: string; sources: string[]; dest: string } {
  const words = instruction.args.split(/\s+/);
  const from = words[0].startsWith('--from=') ? words.shift()?.slice('--from='.length) : undefined;
  const dest = words.pop() as string;
  return { from, sources: words, dest };
}

// Every workspace package of the lock file: the manifests the image must copy before `npm ci`.
const lock = JSON.parse(readFileSync(join(workspaceRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
const workspaces = Object.keys(lock.packages).filter((p) => p !== '' && !p.includes('node_modules'));

// The image cannot be built here (no registry for base images), so this checks the layer order the Dockerfile
// promises and then carries out its runtime stage on this machine: the manifests stage's copies, the production
// install exactly as the Dockerfile runs it, the built output the runtime stage copies from the build — and
// starts both planes from that tree alone. A file the runtime needs but the Dockerfile leaves out fails here.
describe('Dockerfile', () => {
  const { args, stages } = parseDockerfile(readFileSync(join(workspaceRoot, 'Dockerfile'), 'utf8'));
  const stage = (name: string) => {
    const found = stages.find((s) => s.name === name);
    if (!found) throw new Error(`no stage ${name}`);
    return found;
  };
  let dir: string;
  let database: PostgresDatabase;
  const processes: NodeProcess[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'portico-image-'));
    database = await createPostgresDatabase();
  });

  afterAll(async () => {
    for (const p of processes.reverse()) await p.stop();
    await database?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('builds on Node 24 with OpenSSL, and installs from the manifests before the sources are copied', () => {
    expect(args.NODE_IMAGE).toMatch(/^node:24-/);
    expect(stage('base').from).toBe('${NODE_IMAGE}');
    expect(stage('base').instructions.find((i) => i.op === 'RUN')?.args).toMatch(/apt-get install .*\bopenssl\b/);

    const manifests = stage('manifests').instructions.filter((i) => i.op === 'COPY').flatMap((i) => copyOf(i).sources);
    expect(manifests).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', ...workspaces.map((w) => `${w}/package.json`)]));
    for (const source of manifests) expect(source).toMatch(/(^|\/)package(-lock)?\.json$/);

    const build = stage('build').instructions;
    const install = build.findIndex((i) => i.op === 'RUN' && /\bnpm ci\b/.test(i.args));
    const sources = build.findIndex((i) => i.op === 'COPY' && i.args === '. .');
    expect(install).toBeGreaterThan(-1);
    expect(sources).toBeGreaterThan(install);
    // What postinstall needs before the sources arrive: only libs/db's schema and scripts.
    for (const i of build.slice(0, install)) expect(copyOf(i).sources[0]).toMatch(/^libs\/db\/(prisma|scripts)$/);
  });

  it('gives the runtime stage production dependencies and built output only', () => {
    const install = stage('production-dependencies').instructions.find((i) => i.op === 'RUN')?.args ?? '';
    expect(install).toMatch(/npm ci .*--omit=dev/);
    const runtime = stage('runtime');
    expect(runtime.from).toBe('base');
    const copies = runtime.instructions.filter((i) => i.op === 'COPY').map(copyOf);
    for (const copy of copies) {
      expect(copy.sources).not.toContain('.');
      if (copy.from === 'build') for (const source of copy.sources) expect(source).toMatch(/\/(dist|prisma\/migrations)$/);
    }
    expect(copies.find((c) => c.from === 'production-dependencies')?.sources).toEqual(['/app']);
    // Every workspace that builds something has its dist/ in the image.
    const built = new Set(copies.filter((c) => c.from === 'build').flatMap((c) => c.sources));
    for (const workspace of workspaces) {
      if (existsSync(join(workspaceRoot, workspace, 'dist'))) expect(built).toContain(`/app/${workspace}/dist`);
    }
    expect(runtime.instructions.find((i) => i.op === 'USER')?.args).toBe('node');
  });

  it("runs both planes from the runtime stage's files alone", async () => {
    // manifests stage: its copies from the build context.
    for (const instruction of stage('manifests').instructions.filter((i) => i.op === 'COPY')) {
      const { sources, dest } = copyOf(instruction);
      for (const source of sources) cpSync(join(workspaceRoot, source), join(dir, dest.endsWith('/') ? join(dest, source.split('/').pop() as string) : dest));
    }
    // production-dependencies stage: its RUN, as written (BuildKit's cache mount is npm's cache here).
    const install = (stage('production-dependencies').instructions.find((i) => i.op === 'RUN')?.args ?? '').replace(/^--mount=\S+\s+/, '');
    const [program, ...installArgs] = install.split(/\s+/);
    expect(program).toBe('npm');
    await run('npm', installArgs, { cwd: dir, env: { ...process.env, npm_config_prefer_offline: 'true' }, maxBuffer: 16 * 1024 * 1024 });
    // runtime stage: built output from the build stage (this worktree, built by `npm test`) and the context.
    for (const instruction of stage('runtime').instructions.filter((i) => i.op === 'COPY')) {
      const { from, sources, dest } = copyOf(instruction);
      if (from === 'production-dependencies') continue;
      for (const source of sources) {
        const origin = from === 'build' ? join(workspaceRoot, relative('/app', source)) : join(workspaceRoot, source);
        expect(existsSync(origin)).toBe(true);
        cpSync(origin, join(dir, dest), { recursive: true });
      }
    }
    // No sources in the image: outside node_modules every .ts file is a declaration.
    const sourcesLeft = walk(dir).filter((f) => !f.includes(`${join(dir, 'node_modules')}`) && f.endsWith('.ts') && !f.endsWith('.d.ts'));
    expect(sourcesLeft).toEqual([]);

    const [cpPort, dpPort, statusPort] = await freePorts(3);
    const secrets = {
      PORTICO_ADMIN_ACCESS_KEY_ID: 'AKIAPORTICOIMAGETEST',
      PORTICO_ADMIN_SECRET_ACCESS_KEY: 'portico-image-test-secret-access-key',
      PORTICO_DATA_PLANE_TOKEN: 'portico-image-test-data-plane-token',
    };
    const cp = startIn(dir, ['apps/control-plane/dist/main.js'], {
      ...secrets,
      NODE_ENV: 'production',
      PORTICO_MASTER_KEY: 'cd'.repeat(32),
      DATABASE_URL: database.url,
      PORTICO_CONTROL_PLANE_PORT: String(cpPort),
      PORTICO_CONTROL_PLANE_HOST: '127.0.0.1',
    });
    processes.push(cp);
    await waitForOk(`http://127.0.0.1:${cpPort}/health/ready`, cp, 60_000);
    const dp = startIn(dir, ['apps/data-plane/dist/main.js'], {
      NODE_ENV: 'production',
      PORTICO_DATA_PLANE_TOKEN: secrets.PORTICO_DATA_PLANE_TOKEN,
      PORTICO_CONTROL_PLANE_URL: `http://127.0.0.1:${cpPort}`,
      PORTICO_DATA_PLANE_PORT: String(dpPort),
      PORTICO_STATUS_PORT: String(statusPort),
      PORTICO_HOST: '127.0.0.1',
      PORTICO_FUNCTIONS_DIR: join(dir, 'examples', 'functions'),
      // A package directory, as an operator would list a plugin (resolved through its package.json).
      PORTICO_PLUGINS: join(dir, 'examples', 'hmac-authorizer'),
    });
    processes.push(dp);
    await waitForOk(`http://127.0.0.1:${statusPort}/health/ready`, dp, 30_000);
    expect((await fetch(`http://127.0.0.1:${dpPort}/restapis/none/prod/_user_request_/`)).status).toBe(403);
  }, 240_000);
});

function walk(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return [];
    return stat.isDirectory() && !path.endsWith('node_modules') ? walk(path) : [path];
  });
}

/** `node <args>` with `cwd` (the image's WORKDIR), PATH/HOME and `env` only; output kept for failures. */
function startIn(cwd: string, args: string[], env: Record<string, string>): NodeProcess {
  const base: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR']) if (process.env[name] !== undefined) base[name] = process.env[name] as string;
  return trackProcess(spawn(process.execPath, args, { cwd, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
}

