// `npm start`: the whole of Portico on one machine with embedded defaults — the control plane (embedded PGlite
// under .portico/ unless DATABASE_URL is set) and one data plane pointed at it (Redis change events when
// REDIS_URL is set, polling otherwise). `--build` (what `npm start` passes) builds the workspace first; without
// it, run `npm run build` before. Every variable of README.md still applies; unset ones get the development
// defaults printed below. Ctrl-C (SIGINT) or SIGTERM stops both gracefully.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { workspaceRoot } from './workspace-projects.mjs';

const say = (line) => console.log(`portico: ${line}`);

const DEVELOPMENT = {
  accessKeyId: 'AKIAPORTICODEVELOPER',
  secretAccessKey: 'portico-development-secret-access-key',
  dataPlaneToken: 'portico-development-data-plane-token',
};

const env = process.env;
const set = (name) => env[name] !== undefined && env[name].trim() !== '';
const controlPlanePort = set('PORTICO_CONTROL_PLANE_PORT') ? env.PORTICO_CONTROL_PLANE_PORT : '8081';
const dataPlanePort = set('PORTICO_DATA_PLANE_PORT') ? env.PORTICO_DATA_PLANE_PORT : '8080';
const statusPort = set('PORTICO_STATUS_PORT') ? env.PORTICO_STATUS_PORT : '8082';
const accessKeyId = set('PORTICO_ADMIN_ACCESS_KEY_ID') ? env.PORTICO_ADMIN_ACCESS_KEY_ID : DEVELOPMENT.accessKeyId;
const secretAccessKey = set('PORTICO_ADMIN_SECRET_ACCESS_KEY') ? env.PORTICO_ADMIN_SECRET_ACCESS_KEY : DEVELOPMENT.secretAccessKey;
const dataPlaneToken = set('PORTICO_DATA_PLANE_TOKEN') ? env.PORTICO_DATA_PLANE_TOKEN : DEVELOPMENT.dataPlaneToken;
const dataDir = set('PORTICO_DATA_DIR') ? env.PORTICO_DATA_DIR : '.portico';
// Without Redis there are no change events: poll every second so a deployment shows within about a second.
const pollMs = set('PORTICO_CONFIG_POLL_INTERVAL_MS') ? env.PORTICO_CONFIG_POLL_INTERVAL_MS : set('REDIS_URL') ? '5000' : '1000';

const entry = (app) => join(workspaceRoot, 'apps', app, 'dist', 'main.js');

if (process.argv.includes('--build')) {
  // tsc -b prints nothing while it works; a first build takes a couple of minutes, later ones only rebuild what changed.
  const first = !existsSync(entry('control-plane')) || !existsSync(entry('data-plane'));
  say(`building the workspace (tsc -b)${first ? ': the first build takes about two minutes' : ', only what changed'}…`);
  const started = Date.now();
  const tsc = join(createRequire(import.meta.url).resolve('typescript/package.json'), '..', 'bin', 'tsc');
  let build = spawnSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], { cwd: workspaceRoot, stdio: 'inherit' });
  // The web console (static files the control plane serves under /console), a few seconds with Vite.
  if (build.status === 0) {
    const vite = join(createRequire(import.meta.url).resolve('vite/package.json'), '..', 'bin', 'vite.js');
    build = spawnSync(process.execPath, [vite, 'build', '--config', 'apps/console/vite.config.ts', '--logLevel', 'warn'], { cwd: workspaceRoot, stdio: 'inherit' });
  }
  if (build.status !== 0) {
    console.error('portico: the build failed (errors above); nothing was started.');
    process.exit(1);
  }
  say(`built in ${Math.round((Date.now() - started) / 1000)} s.`);
}

for (const app of ['control-plane', 'data-plane']) {
  if (!existsSync(entry(app))) {
    console.error(`${entry(app)} is missing: run \`npm run build\` first (\`npm start\` does).`);
    process.exit(1);
  }
}

// A port already taken would otherwise show up late and confusingly: the readiness check would be answered by
// whatever holds the port (another Portico, say) and the plane itself would die with EADDRINUSE. Check first.
async function portTaken(port, host) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error) => resolve(error.code === 'EADDRINUSE' || error.code === 'EACCES' ? error.code : undefined));
    server.listen({ port: Number(port), host, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}
const wanted = [
  [controlPlanePort, env.PORTICO_CONTROL_PLANE_HOST || '0.0.0.0', 'PORTICO_CONTROL_PLANE_PORT', 'the control plane (admin API)'],
  [dataPlanePort, env.PORTICO_HOST || '0.0.0.0', 'PORTICO_DATA_PLANE_PORT', 'the data plane (invoke)'],
  [statusPort, env.PORTICO_HOST || '0.0.0.0', 'PORTICO_STATUS_PORT', 'the data plane (status: health and metrics)'],
];
const taken = [];
for (const [port, host, variable, what] of wanted) {
  if (Number(port) === 0) continue;
  const code = await portTaken(port, host);
  if (code) taken.push(`  port ${port} (${variable}, for ${what}) ${code === 'EACCES' ? 'needs privileges' : 'is already in use'}`);
}
if (taken.length > 0) {
  console.error(
    ['portico: cannot start:', ...taken, 'Stop what holds it (another `npm start`?) or set the variable to a free port.'].join('\n'),
  );
  process.exit(1);
}

const children = new Map();
let stopping = false;

function start(name, app, childEnv) {
  const child = spawn(process.execPath, [entry(app)], { cwd: workspaceRoot, env: { ...env, ...childEnv }, stdio: 'inherit' });
  children.set(name, child);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      console.error(`portico: the ${name} exited (${signal ?? `code ${code}`}); stopping.`);
      stop('SIGTERM', 1);
    } else if (children.size === 0) {
      process.exit(exitCode);
    }
  });
  return child;
}

let exitCode = 0;
function stop(signal, code = 0) {
  if (stopping) return;
  stopping = true;
  exitCode = code;
  if (children.size === 0) process.exit(exitCode);
  for (const child of children.values()) child.kill(signal);
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

async function waitReady(url, name, timeoutMs) {
  const started = Date.now();
  const deadline = started + timeoutMs;
  let nextNote = started + 10_000;
  while (Date.now() < deadline) {
    if (stopping) return false;
    if (Date.now() >= nextNote) {
      say(`still waiting for the ${name} to become ready (${Math.round((Date.now() - started) / 1000)} s)…`);
      nextNote += 10_000;
    }
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  console.error(`portico: the ${name} did not become ready at ${url} within ${timeoutMs / 1000} s`);
  stop('SIGTERM', 1);
  return false;
}

// The example functions make the quick start's AWS_PROXY method and TestInvokeAuthorizer work out of the box.
const functionsDir = set('PORTICO_FUNCTIONS_DIR') ? env.PORTICO_FUNCTIONS_DIR : join(workspaceRoot, 'examples', 'functions');
// PORTICO_DEVELOPMENT: this is a laptop, so the control plane may use the public development secrets.
const shared = { PORTICO_DEVELOPMENT: set('PORTICO_DEVELOPMENT') ? env.PORTICO_DEVELOPMENT : 'true', PORTICO_DATA_PLANE_TOKEN: dataPlaneToken, PORTICO_ADMIN_ACCESS_KEY_ID: accessKeyId, PORTICO_ADMIN_SECRET_ACCESS_KEY: secretAccessKey };
say(
  set('DATABASE_URL')
    ? 'starting the control plane on PostgreSQL (DATABASE_URL); migrations apply at start-up…'
    : `starting the control plane on the embedded database (PGlite in ${dataDir}/pglite): ` +
        (existsSync(resolve(workspaceRoot, dataDir, 'pglite')) ? 'opening it…' : 'creating and migrating it, the first start takes a few seconds longer…'),
);
start('control plane', 'control-plane', { ...shared, PORTICO_CONTROL_PLANE_PORT: controlPlanePort, PORTICO_DATA_DIR: dataDir, PORTICO_FUNCTIONS_DIR: functionsDir });
const controlPlaneUrl = `http://127.0.0.1:${controlPlanePort}`;
// Generous: a first PGlite start with its migrations took over 60 s on a starved machine (load 40 on 2 cores).
if (await waitReady(`${controlPlaneUrl}/health/ready`, 'control plane', 180_000)) {
  say(`control plane ready; starting the data plane…`);
  start('data plane', 'data-plane', {
    ...shared,
    PORTICO_CONTROL_PLANE_URL: controlPlaneUrl,
    PORTICO_DATA_PLANE_PORT: dataPlanePort,
    PORTICO_STATUS_PORT: statusPort,
    PORTICO_CONFIG_POLL_INTERVAL_MS: pollMs,
    PORTICO_CONFIG_CACHE: set('PORTICO_CONFIG_CACHE') ? env.PORTICO_CONFIG_CACHE : join(dataDir, 'data-plane-config.json'),
    PORTICO_FUNCTIONS_DIR: functionsDir,
  });
  if (await waitReady(`http://127.0.0.1:${statusPort}/health/ready`, 'data plane', 120_000)) {
    const dev = (name) => (set(name) ? '' : '   (development default)');
    console.log(
      [
        '',
        'Portico is running.',
        `  admin API (AWS SDK / CLI endpoint):  http://localhost:${controlPlanePort}`,
        `  console:  http://localhost:${controlPlanePort}/console/   (sign in with the access key pair below)`,
        `  invoke:   http://{restApiId}.execute-api.localhost:${dataPlanePort}/{stage}/{path}`,
        `            http://localhost:${dataPlanePort}/restapis/{restApiId}/{stage}/_user_request_/{path}`,
        `  status:   http://localhost:${statusPort}/health/ready   http://localhost:${statusPort}/metrics`,
        `  database: ${set('DATABASE_URL') ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${dataDir}/`}`,
        `  config changes: ${set('REDIS_URL') ? 'Redis events (REDIS_URL), polling as fallback' : `polled every ${pollMs} ms (set REDIS_URL for events)`}`,
        '',
        `  region:            ${env.PORTICO_REGION || 'us-east-1'}`,
        `  access key id:     ${accessKeyId}${dev('PORTICO_ADMIN_ACCESS_KEY_ID')}`,
        `  secret access key: ${secretAccessKey}${dev('PORTICO_ADMIN_SECRET_ACCESS_KEY')}`,
        `  data-plane token:  ${dataPlaneToken}${dev('PORTICO_DATA_PLANE_TOKEN')}`,
        '',
        `  aws apigateway get-rest-apis --endpoint-url http://localhost:${controlPlanePort} --region ${env.PORTICO_REGION || 'us-east-1'}`,
        '  (with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY set to the credentials above)',
        '',
        'Ctrl-C stops both.',
      ].join('\n'),
    );
  }
}
