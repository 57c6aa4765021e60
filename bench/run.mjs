// `npm run bench`: the data plane against a bare Node proxy, same backend, same load, same run.
//
// Starts a backend (100-byte answers), the bare proxy (node:http + undici Pool) and one standalone data plane per
// case in bench/cases.mjs (from apps/data-plane/dist, config document written to a temp file), then loads each
// with autocannon over loopback: keep-alive connections, interleaved rounds, medians. With two or more cores the
// proxy under test is pinned to core 0 and the load generator and backend to core 1 (taskset), so the numbers
// measure the proxy's CPU, not contention with the load generator.
//
//   node bench/run.mjs [--duration 10] [--rounds 3] [--connections 50] [--warmup 2] [--case http-proxy ...]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { contentHash } from '@portico/contracts';
import { cases as allCases } from './cases.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '2' },
    case: { type: 'string', multiple: true },
  },
});
const duration = Number(args.duration);
const rounds = Number(args.rounds);
const connections = Number(args.connections);
const warmup = Number(args.warmup);
const cases = args.case ? allCases.filter((c) => args.case.includes(c.name)) : allCases;
if (cases.length === 0) throw new Error(`no such case: ${args.case.join(', ')} (have ${allCases.map((c) => c.name).join(', ')})`);

const canPin = availableParallelism() >= 2 && spawnSync('taskset', ['-V']).status === 0;
const PROXY_CORE = 0;
const LOAD_CORE = 1;
const pinned = (core, command, commandArgs) => (canPin ? ['taskset', ['-c', String(core), command, ...commandArgs]] : [command, commandArgs]);

const children = [];
const work = mkdtempSync(join(tmpdir(), 'portico-bench-'));
function cleanup() {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

function start(name, core, script, env) {
  const [command, commandArgs] = pinned(core, process.execPath, [script]);
  const child = spawn(command, commandArgs, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  child.on('exit', (code) => {
    if (code !== 0 && code !== null && !exiting) console.error(`${name} exited with ${code}\n${stderr}`);
  });
  return { child, stderr: () => stderr };
}

// The helpers print {"port":N} on their first stdout line.
function portOf({ child }) {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve(JSON.parse(line).port);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before listening`)));
  });
}

// Distinct free ports: all held open until every one is known, so the two listeners never get the same port.
async function freePorts(n) {
  const servers = Array.from({ length: n }, () => createServer());
  const ports = await Promise.all(
    servers.map((s) => new Promise((resolve, reject) => {
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => resolve(s.address().port));
    })),
  );
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

async function waitReady(url, proc) {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (proc.child.exitCode !== null) throw new Error(`data plane exited:\n${proc.stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ready: ${url}\n${proc.stderr()}`);
}

function configDocument(c, backendUrl) {
  const { restApiId, stageName, variables = {}, methodSettings = {}, ...snapshot } = c.api({ backendUrl });
  const deploymentId = 'benchdep01';
  const body = {
    schemaVersion: 1,
    region: 'us-east-1',
    accountId: '000000000000',
    stages: [{ restApiId, stageName, deploymentId, variables, methodSettings, tracingEnabled: false, lastUpdatedDate: 0 }],
    deployments: { [deploymentId]: { schemaVersion: 1, restApiId, deploymentId, createdDate: 0, authorizers: [], gatewayResponses: {}, ...snapshot } },
    // AWS's default account limit (10,000 rps) would answer 429s at bench rates: raised, so every case measures
    // serving the request (a case's own `document` may set it again).
    account: { throttleSettings: { burstLimit: 1_000_000_000, rateLimit: 1_000_000_000 } },
    ...c.document,
    ...(c.iam && { iam: c.iam }),
  };
  return { ...body, revision: contentHash(body) };
}

function load(url, request, seconds) {
  const opts = { url: url + request.path, method: request.method ?? 'GET', headers: request.headers ?? {}, connections, duration: seconds };
  const [command, commandArgs] = pinned(LOAD_CORE, process.execPath, [join(root, 'bench/load.mjs'), JSON.stringify(opts)]);
  const r = spawnSync(command, commandArgs, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`load generator failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// CPU time (user + system) a process and its threads have used, from /proc: with two cores the load generator
// can be the bottleneck, and then CPU per request says more about the proxy than requests per second do.
// (When the proxy runs under taskset, the pid is taskset's exec'd image, i.e. the proxy itself.)
const TICKS_PER_SECOND = 100;
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

let exiting = false;
const backend = start('backend', LOAD_CORE, join(root, 'bench/backend.mjs'), {});
const backendUrl = `http://127.0.0.1:${await portOf(backend)}`;

const targets = [];
const bare = start('bare proxy', PROXY_CORE, join(root, 'bench/bare-proxy.mjs'), { BACKEND_URL: backendUrl });
targets.push({ name: 'bare proxy', describe: 'node:http + undici Pool', url: `http://127.0.0.1:${await portOf(bare)}`, request: cases[0].request, pid: bare.child.pid, runs: [] });

for (const c of cases) {
  const file = join(work, `${c.name}.json`);
  writeFileSync(file, JSON.stringify(configDocument(c, backendUrl)));
  const [port, statusPort] = await freePorts(2);
  const proc = start(`data plane (${c.name})`, PROXY_CORE, join(root, 'apps/data-plane/dist/main.js'), {
    PORTICO_CONFIG_FILE: file,
    PORTICO_DATA_PLANE_PORT: String(port),
    PORTICO_STATUS_PORT: String(statusPort),
    PORTICO_HOST: '127.0.0.1',
    PORTICO_CONFIG_POLL_INTERVAL_MS: '60000',
    PORTICO_CONTROL_PLANE_URL: '',
    REDIS_URL: '',
    ...(typeof c.env === 'function' ? c.env({ backendUrl }) : c.env),
  });
  await waitReady(`http://127.0.0.1:${statusPort}/health/ready`, proc);
  targets.push({ name: `data plane: ${c.name}`, describe: c.describe, url: `http://127.0.0.1:${port}`, request: c.request, pid: proc.child.pid, runs: [] });
}

// Every target must answer 200 before it is measured: a fast 404 would be a flattering benchmark.
// (node:http, not fetch: fetch does not let a caller set Host, and the data plane routes on it.)
// A usage-plan case may answer 429 for a moment: on a Redis run it has not seen counted, quotas wait for the
// re-seed (≥ 2 s, see README "Quotas under Redis faults").
for (const t of targets) {
  const ask = () =>
    new Promise((resolve, reject) => {
      const req = httpRequest(t.url + t.request.path, { method: t.request.method ?? 'GET', headers: t.request.headers }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode, text: body }));
      });
      req.on('error', reject);
      req.end();
    });
  let answer = await ask();
  for (let deadline = Date.now() + 15_000; answer.status === 429 && Date.now() < deadline; answer = await ask()) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (answer.status !== 200) throw new Error(`${t.name} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
}

console.log(
  `portico bench: ${connections} connections, ${duration}s × ${rounds} interleaved rounds (warm-up ${warmup}s), ` +
    (canPin ? `proxy on core ${PROXY_CORE}, load generator + backend on core ${LOAD_CORE}` : 'no CPU pinning (taskset or a second core missing)'),
);
if (warmup > 0) for (const t of targets) load(t.url, t.request, warmup);
for (let round = 1; round <= rounds; round++) {
  for (const t of targets) {
    const cpuBefore = cpuSeconds(t.pid);
    const r = load(t.url, t.request, duration);
    const cpuAfter = cpuSeconds(t.pid);
    r.cpuMicros = cpuBefore !== undefined && cpuAfter !== undefined && r.total > 0 ? ((cpuAfter - cpuBefore) * 1e6) / r.total : undefined;
    t.runs.push(r);
    const bad = r.non2xx + r.errors + r.timeouts;
    console.log(
      `  round ${round} ${t.name.padEnd(28)} ${r.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms` +
        (r.cpuMicros !== undefined ? `  ${r.cpuMicros.toFixed(0)} µs CPU/req` : '') +
        (bad ? `  (${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts)` : ''),
    );
  }
}

const summary = targets.map((t) => ({
  name: t.name,
  describe: t.describe,
  rps: median(t.runs.map((r) => r.requestsPerSecond)),
  p50: median(t.runs.map((r) => r.p50)),
  p99: median(t.runs.map((r) => r.p99)),
  failures: t.runs.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0),
  cpu: t.runs.every((r) => r.cpuMicros !== undefined) ? median(t.runs.map((r) => r.cpuMicros)) : undefined,
}));
const base = summary[0];
console.log('\nmedians');
console.log(`  ${'target'.padEnd(28)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)}  ÷ bare   p99 Δ ms  failures  µs CPU/req  CPU ÷ bare`);
for (const s of summary) {
  console.log(
    `  ${s.name.padEnd(28)} ${s.rps.toFixed(0).padStart(8)} ${String(s.p50).padStart(7)} ${String(s.p99).padStart(7)}  ` +
      `${(s.rps / base.rps).toFixed(2).padStart(5)}  ${(s.p99 - base.p99).toFixed(2).padStart(8)}  ${String(s.failures).padStart(8)}` +
        (s.cpu !== undefined && base.cpu !== undefined ? `  ${s.cpu.toFixed(0).padStart(10)}  ${(s.cpu / base.cpu).toFixed(2).padStart(10)}` : ''),
  );
}
console.log('');
for (const s of summary) console.log(`  ${s.name} — ${s.describe}`);
exiting = true;
process.exit(0);
