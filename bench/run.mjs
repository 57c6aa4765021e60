// `npm run bench`: the data plane against the strongest yardsticks we have, same backend, same load, same run.
//
// Starts a backend (100-byte answers) and, in front of it:
//   lean proxy       the yardstick every ratio is taken against: node:http + undici `Pool.dispatch` with a handler
//                    that writes the client response as the answer arrives (lean-proxy.mjs)
//   nginx            with upstream keep-alive, when `nginx` is installed (the outside limit; `apt-get install
//                    nginx-light`)
//   pipeline proxy   node:http + undici `request` + `stream.pipeline`, the usual way (the bench's yardstick before
//                    issue 17, kept to show what the forwarding mechanism alone costs)
//   one standalone data plane per case in bench/cases.mjs (apps/data-plane/dist, config written to a temp file)
//   with --peers: Express Gateway 1.16 with key-auth + rate-limit (bench/peers, its own lock file; installed with
//                    `npm ci --prefix bench/peers` on first use)
// Every request carries realistic headers (request-headers.mjs). Each target is loaded over loopback with wrk
// (autocannon when wrk is missing): keep-alive connections, interleaved rounds, medians. With two or more cores
// the proxy under test is pinned to core 0 and the load generator and backend to core 1 (taskset). CPU time per
// request is read from /proc. Then, at half the lean proxy's throughput (autocannon at a fixed rate), p99 latency.
//
//   node bench/run.mjs [--duration 10] [--rounds 3] [--connections 50] [--warmup 2] [--case http-proxy ...]
//                      [--peers] [--half-load-rounds N (default: --rounds; 0 skips)] [--load-generator wrk|autocannon]
//                      [--cpu-prof DIR (the Node targets write V8 CPU profiles there on exit)]
//                      [--lean-only (no nginx or pipeline proxy rows: quicker A/B runs)]
//                      [--compare-with CHECKOUT (another built checkout: each case runs on its data plane too, as
//                       "<case> @base", to measure a change in one run)]
// The WebSocket cases (bench/websocket.mjs: idle memory per connection, echo round trips, cross-replica
// @connections POSTs) run last, once the HTTP targets are stopped: in the default set, or alone with
// `--case websocket` (needs Redis at REDIS_URL).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cases as allCases } from './cases.mjs';
import { configDocument, dataPlaneEnv, firstLine, freePorts, get, waitReady, withHeaders } from './harness.mjs';
import { printSummaries, summarise } from './profile-summary.mjs';
import { realisticHeaders } from './request-headers.mjs';
import { runWebSocketBench } from './websocket.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '2' },
    case: { type: 'string', multiple: true },
    peers: { type: 'boolean', default: false },
    'half-load-rounds': { type: 'string' },
    'load-generator': { type: 'string' },
    'cpu-prof': { type: 'string' },
    'compare-with': { type: 'string' },
    'lean-only': { type: 'boolean', default: false },
  },
});
const duration = Number(args.duration);
const rounds = Number(args.rounds);
const connections = Number(args.connections);
const warmup = Number(args.warmup);
const halfLoadRounds = Number(args['half-load-rounds'] ?? rounds);
const cpuProfDir = args['cpu-prof'] && resolve(args['cpu-prof']);
const withWebSocket = !args.case || args.case.includes('websocket');
const httpCaseNames = args.case?.filter((name) => name !== 'websocket');
if (httpCaseNames?.length === 0) {
  await runWebSocketCases();
  process.exit(0);
}
const cases = httpCaseNames ? allCases.filter((c) => httpCaseNames.includes(c.name)) : allCases;
if (cases.length === 0) throw new Error(`no such case: ${args.case.join(', ')} (have ${allCases.map((c) => c.name).join(', ')}, websocket)`);
const has = (command, versionArgs) => spawnSync(command, versionArgs, { stdio: 'ignore' }).status === 0;
const installed = (command) => spawnSync(command, ['-v'], { stdio: 'ignore' }).error === undefined;
const loadGenerator = args['load-generator'] ?? (installed('wrk') ? 'wrk' : 'autocannon');
if (loadGenerator === 'wrk' && !installed('wrk')) throw new Error('--load-generator wrk: wrk is not installed');
const withNginx = !args['lean-only'] && installed('nginx');

const canPin = availableParallelism() >= 2 && has('taskset', ['-V']);
const PROXY_CORE = 0;
const LOAD_CORE = 1;
const pinned = (core, command, commandArgs) => (canPin ? ['taskset', ['-c', String(core), command, ...commandArgs]] : [command, commandArgs]);

const children = [];
const work = mkdtempSync(join(tmpdir(), 'portico-bench-'));
let exiting = false;
function cleanup() {
  exiting = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

function start(name, core, command, commandArgs, env = {}) {
  const [cmd, cmdArgs] = pinned(core, command, commandArgs);
  const child = spawn(cmd, cmdArgs, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  child.on('exit', (code, signal) => {
    // Any exit before the bench's own end is news, a clean one too: its target would answer "connection refused".
    if (!exiting) console.error(`${name} exited with ${code ?? signal}\n${stderr}`);
  });
  return { child, stderr: () => stderr };
}
const startNode = (name, core, script, env, nodeArgs = []) => start(name, core, process.execPath, [...nodeArgs, script], env);

// --- load generators: each returns { requestsPerSecond, p50, p99 (ms), total, non2xx, errors, timeouts } ---

function wrkMs(text) {
  const m = /^([\d.]+)(us|ms|s)$/.exec(text);
  if (!m) return NaN;
  return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
}

function wrkLoad(url, request, seconds) {
  // wrk sends its own `Host` unless given one under that exact spelling (a second one makes nginx answer 400).
  const headerArgs = Object.entries(request.headers).flatMap(([name, value]) => ['-H', `${name === 'host' ? 'Host' : name}: ${value}`]);
  const wrkArgs = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', ...headerArgs, url + request.path];
  const [command, commandArgs] = pinned(LOAD_CORE, 'wrk', wrkArgs);
  const r = spawnSync(command, commandArgs, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`wrk failed: ${r.stderr}${r.stdout}`);
  const out = r.stdout;
  const num = (re) => Number(re.exec(out)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    requestsPerSecond: num(/Requests\/sec:\s+([\d.]+)/),
    p50: wrkMs(/\n\s+50%\s+(\S+)/.exec(out)?.[1] ?? ''),
    p99: wrkMs(/\n\s+99%\s+(\S+)/.exec(out)?.[1] ?? ''),
    total: num(/(\d+) requests in/),
    non2xx: num(/Non-2xx or 3xx responses: (\d+)/),
    errors: socket ? Number(socket[1]) + Number(socket[2]) + Number(socket[3]) : 0,
    timeouts: socket ? Number(socket[4]) : 0,
  };
}

function autocannonLoad(url, request, seconds, overallRate) {
  const opts = { url: url + request.path, method: request.method ?? 'GET', headers: request.headers, connections, duration: seconds, overallRate };
  const [command, commandArgs] = pinned(LOAD_CORE, process.execPath, [join(root, 'bench/load.mjs'), JSON.stringify(opts)]);
  const r = spawnSync(command, commandArgs, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`load generator failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const load = (url, request, seconds) => (loadGenerator === 'wrk' ? wrkLoad(url, request, seconds) : autocannonLoad(url, request, seconds));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// CPU time (user + system) a process and its threads have used, from /proc: with two cores the load generator
// can be the bottleneck, and then CPU per request says more about the proxy than requests per second do.
// (Under taskset the pid is taskset's exec'd image, i.e. the proxy itself.)
const TICKS_PER_SECOND = 100;
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

// --- targets ---

const backend = startNode('backend', LOAD_CORE, join(root, 'bench/backend.mjs'), {});
const backendUrl = `http://127.0.0.1:${(await firstLine(backend)).port}`;
const yardstickRequest = withHeaders((cases.find((c) => c.name === 'http-proxy') ?? allCases[0]).request);

const targets = [];
if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true });
const profileArgs = (name) => (cpuProfDir ? ['--cpu-prof', '--cpu-prof-interval=250', `--cpu-prof-dir=${cpuProfDir}`, `--cpu-prof-name=${name.replace(/ /g, '-')}.cpuprofile`] : []);
async function addNodeProxy(name, describe, script) {
  const proc = startNode(name, PROXY_CORE, join(root, script), { BACKEND_URL: backendUrl }, profileArgs(name));
  const { port } = await firstLine(proc);
  targets.push({ name, describe, url: `http://127.0.0.1:${port}`, request: yardstickRequest, pid: proc.child.pid, runs: [], halfRuns: [] });
}
await addNodeProxy('lean proxy', 'node:http + undici Pool.dispatch, a handler writing the answer as it arrives (the yardstick)', 'bench/lean-proxy.mjs');

if (withNginx) {
  const [port] = await freePorts(1);
  const conf = join(work, 'nginx.conf');
  writeFileSync(
    conf,
    `daemon off;
master_process off;
worker_processes 1;
pid ${work}/nginx.pid;
error_log ${work}/nginx-error.log error;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${work}/nginx-body;
  proxy_temp_path ${work}/nginx-proxy;
  fastcgi_temp_path ${work}/nginx-fastcgi;
  uwsgi_temp_path ${work}/nginx-uwsgi;
  scgi_temp_path ${work}/nginx-scgi;
  keepalive_requests 1000000;
  keepalive_timeout 65s;
  upstream backend {
    server ${backendUrl.slice('http://'.length)};
    keepalive 256;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`,
  );
  const proc = start('nginx', PROXY_CORE, 'nginx', ['-p', work, '-c', conf]);
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url + yardstickRequest.path, proc, yardstickRequest.headers);
  targets.push({ name: 'nginx', describe: 'nginx, one worker, upstream keep-alive (the outside limit)', url, request: yardstickRequest, pid: proc.child.pid, runs: [], halfRuns: [] });
}

if (!args['lean-only']) await addNodeProxy('pipeline proxy', 'node:http + undici Pool.request + stream.pipeline (the usual way; the old yardstick)', 'bench/pipeline-proxy.mjs');

const dataPlanes = [{ suffix: '', main: join(root, 'apps/data-plane/dist/main.js') }];
if (args['compare-with']) dataPlanes.push({ suffix: ' @base', main: join(resolve(args['compare-with']), 'apps/data-plane/dist/main.js') });
for (const c of cases) {
  const file = join(work, `${c.name}.json`);
  writeFileSync(file, JSON.stringify(configDocument(c, backendUrl)));
  for (const { suffix, main } of dataPlanes) {
    const name = c.name + suffix;
    const [port, statusPort] = await freePorts(2);
    const proc = startNode(`data plane (${name})`, PROXY_CORE, main, dataPlaneEnv(c, { file, port, statusPort, backendUrl }), profileArgs(name));
    await waitReady(`http://127.0.0.1:${statusPort}/health/ready`, proc);
    targets.push({ name, describe: c.describe, url: `http://127.0.0.1:${port}`, request: withHeaders(c.request), pid: proc.child.pid, runs: [], halfRuns: [] });
  }
}

if (args.peers) {
  const peers = join(root, 'bench/peers');
  if (!existsSync(join(peers, 'node_modules/express-gateway'))) {
    console.log('installing bench/peers (npm ci --prefix bench/peers) …');
    const r = spawnSync('npm', ['ci', '--prefix', peers, '--no-audit', '--no-fund', '--ignore-scripts'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('npm ci in bench/peers failed');
  }
  const redis = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
  const proc = startNode('express-gateway', PROXY_CORE, join(peers, 'express-gateway.mjs'), { BACKEND_URL: backendUrl, REDIS_HOST: redis.hostname, REDIS_PORT: redis.port || '6379' });
  const { port, apiKey } = await firstLine(proc);
  const request = { path: '/bench/hello', headers: { ...realisticHeaders, host: `127.0.0.1:${port}`, 'x-api-key': apiKey } };
  targets.push({ name: 'express-gateway', describe: 'Express Gateway 1.16: key-auth (x-api-key) + rate-limit per key (Redis) + proxy', url: `http://127.0.0.1:${port}`, request, pid: proc.child.pid, runs: [], halfRuns: [] });
}

// Every target must answer 200 before it is measured: a fast 404 would be a flattering benchmark.
// A usage-plan case may answer 429 for a moment: on a Redis run it has not seen counted, quotas wait for the
// re-seed (≥ 2 s, see README "Quotas under Redis faults").
for (const t of targets) {
  let answer = await get(t.url + t.request.path, t.request.headers);
  for (let deadline = Date.now() + 15_000; answer.status === 429 && Date.now() < deadline; answer = await get(t.url + t.request.path, t.request.headers)) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (answer.status !== 200) throw new Error(`${t.name} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
}

const load1 = loadavg()[0];
console.log(
  `portico bench: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ${loadGenerator} with ${connections} connections, ` +
    `${duration}s × ${rounds} interleaved rounds (warm-up ${warmup}s), ` +
    (canPin ? `proxy on core ${PROXY_CORE}, load generator + backend on core ${LOAD_CORE}` : 'no CPU pinning (taskset or a second core missing)') +
    `; load average ${load1.toFixed(1)} at start`,
);
const nowMicros = () => Number(process.hrtime.bigint() / 1000n);
/** Runs one load against `t`, noting when (for --cpu-prof) and how many requests it served. */
function timed(t, run) {
  const start = nowMicros();
  const r = run();
  (t.windows ??= []).push([start, nowMicros()]);
  t.served = (t.served ?? 0) + r.total;
  return r;
}
if (warmup > 0) for (const t of targets) timed(t, () => load(t.url, t.request, warmup));
const fmt = (r) =>
  `${r.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms` +
  (r.cpuMicros !== undefined ? `  ${r.cpuMicros.toFixed(0)} µs CPU/req` : '') +
  (r.non2xx + r.errors + r.timeouts ? `  (${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts)` : '');
function measure(t, run) {
  const cpuBefore = cpuSeconds(t.pid);
  const r = timed(t, run);
  const cpuAfter = cpuSeconds(t.pid);
  r.cpuMicros = cpuBefore !== undefined && cpuAfter !== undefined && r.total > 0 ? ((cpuAfter - cpuBefore) * 1e6) / r.total : undefined;
  return r;
}
// Odd rounds run the targets in order, even ones in reverse: no target is always measured right after the same
// neighbour (the row after the pipeline proxy measured dearer than rows doing more work, session 7).
const roundOrder = (round) => (round % 2 === 1 ? targets : [...targets].reverse());
for (let round = 1; round <= rounds; round++) {
  for (const t of roundOrder(round)) {
    const r = measure(t, () => load(t.url, t.request, duration));
    t.runs.push(r);
    console.log(`  round ${round} ${t.name.padEnd(32)} ${fmt(r)}`);
  }
}

const failuresOf = (runs) => runs.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0);
const cpuOf = (runs) => (runs.every((r) => r.cpuMicros !== undefined) ? median(runs.map((r) => r.cpuMicros)) : undefined);
const summary = targets.map((t) => ({
  name: t.name,
  describe: t.describe,
  target: t,
  rps: median(t.runs.map((r) => r.requestsPerSecond)),
  p50: median(t.runs.map((r) => r.p50)),
  p99: median(t.runs.map((r) => r.p99)),
  failures: failuresOf(t.runs),
  cpu: cpuOf(t.runs),
}));
const byName = new Map(summary.map((s) => [s.name, s]));
const lean = byName.get('lean proxy');
const nginx = byName.get('nginx');
// Ratios are medians of the ratios within each round (the rounds are interleaved, so a target and its yardstick
// ran minutes apart at most): steadier on a shared machine than the ratio of two medians.
function versus(s, ref, field) {
  if (!ref) return undefined;
  const ratios = s.target.runs.map((r, i) => r[field] / ref.target.runs[i][field]).filter(Number.isFinite);
  return ratios.length === s.target.runs.length ? median(ratios) : undefined;
}
/** Half-load p99 minus the lean proxy's, median over rounds. */
const halfP99Delta = (s) => (s.target.halfRuns.length > 0 ? median(s.target.halfRuns.map((r, i) => r.p99 - lean.target.halfRuns[i].p99)) : undefined);

// p99 at half load: every target at the same fixed rate, half of what the lean proxy sustained (autocannon, which
// paces requests; wrk cannot).
const halfRate = Math.round(lean.rps / 2);
if (halfLoadRounds > 0) {
  console.log(`\nhalf load: ${halfRate} req/s (half the lean proxy's), autocannon, ${duration}s × ${halfLoadRounds} interleaved rounds`);
  for (let round = 1; round <= halfLoadRounds; round++) {
    for (const t of roundOrder(round)) {
      const r = measure(t, () => autocannonLoad(t.url, t.request, duration, halfRate));
      t.halfRuns.push(r);
      console.log(`  round ${round} ${t.name.padEnd(32)} ${fmt(r)}`);
    }
  }
  for (const [i, t] of targets.entries()) {
    summary[i].halfP50 = median(t.halfRuns.map((r) => r.p50));
    summary[i].halfP99 = median(t.halfRuns.map((r) => r.p99));
    summary[i].halfCpu = t.halfRuns.every((r) => r.cpuMicros !== undefined) ? median(t.halfRuns.map((r) => r.cpuMicros)) : undefined;
    summary[i].failures += failuresOf(t.halfRuns);
  }
}

const ratio = (value) => (value === undefined ? '–' : value.toFixed(2));
const cell = (value, width, digits = 0) => (value === undefined ? '–' : value.toFixed(digits)).padStart(width);
console.log(`\nmedians (load average ${loadavg()[0].toFixed(1)} at the end)`);
console.log(
  `  ${'target'.padEnd(32)} ${'req/s'.padStart(7)} ${'÷ lean'.padStart(6)} ${'÷ nginx'.padStart(7)}  ${'p50 ms'.padStart(6)} ${'p99 ms'.padStart(6)}` +
    `  ${'µs CPU/req'.padStart(10)} ${'CPU ÷ lean'.padStart(10)} ${'CPU ÷ nginx'.padStart(11)}` +
    (halfLoadRounds > 0 ? `  ${'½-load p99'.padStart(10)} ${'Δ lean ms'.padStart(9)}` : '') +
    `  failures`,
);
for (const s of summary) {
  console.log(
    `  ${s.name.padEnd(32)} ${cell(s.rps, 7)} ${ratio(versus(s, lean, 'requestsPerSecond')).padStart(6)} ${ratio(versus(s, nginx, 'requestsPerSecond')).padStart(7)}  ${cell(s.p50, 6, 2)} ${cell(s.p99, 6, 2)}` +
      `  ${cell(s.cpu, 10)} ${ratio(versus(s, lean, 'cpuMicros')).padStart(10)} ${ratio(versus(s, nginx, 'cpuMicros')).padStart(11)}` +
      (halfLoadRounds > 0 ? `  ${cell(s.halfP99, 10, 2)} ${cell(halfP99Delta(s), 9, 2)}` : '') +
      `  ${String(s.failures).padStart(8)}`,
  );
}
console.log('');
for (const s of summary) console.log(`  ${s.name} — ${s.describe}`);

// Issue 17's goals, for the cases that ran.
const goals = [
  ['http-proxy', 'CPU/req ÷ lean', (s) => versus(s, lean, 'cpuMicros'), '≤', 1.1],
  ['http-proxy', 'req/s ÷ lean', (s) => versus(s, lean, 'requestsPerSecond'), '≥', 0.9],
  ['usage-plan-lease', 'CPU/req ÷ lean', (s) => versus(s, lean, 'cpuMicros'), '≤', 1.2],
  ['cognito-jwt', 'CPU/req ÷ lean', (s) => versus(s, lean, 'cpuMicros'), '≤', 1.2],
  ['aws-iam', 'CPU/req ÷ lean', (s) => versus(s, lean, 'cpuMicros'), '≤', 1.35],
  ['usage-plan-lease', 'req/s ÷ express-gateway', (s) => versus(s, byName.get('express-gateway'), 'requestsPerSecond'), '≥', 6],
  ['http-proxy', 'half-load p99 − lean (ms)', halfP99Delta, '≤', 1],
  // Issue 13: an HTTP API pass-through costs no more CPU than the REST one; its JWT route keeps ≥ 0.85 of its rate.
  ['http-api-proxy', 'CPU/req ÷ http-proxy', (s) => versus(s, byName.get('http-proxy'), 'cpuMicros'), '≤', 1],
  ['http-api-jwt', 'req/s ÷ http-api-proxy', (s) => versus(s, byName.get('http-api-proxy'), 'requestsPerSecond'), '≥', 0.85],
];
const checked = goals
  .map(([name, what, value, op, limit]) => ({ name, what, op, limit, value: byName.has(name) ? value(byName.get(name)) : undefined }))
  .filter((g) => g.value !== undefined && Number.isFinite(g.value));
if (checked.length > 0) {
  console.log('\ngoals (issue 17)');
  for (const g of checked) {
    const met = g.op === '≤' ? g.value <= g.limit : g.value >= g.limit;
    console.log(`  ${met ? 'met    ' : 'not met'}  ${g.name} ${g.what}: ${g.value.toFixed(2)} (goal ${g.op} ${g.limit})`);
  }
}

// --cpu-prof: the Node targets write their profiles when they exit; then, per request, where the time went.
if (cpuProfDir) {
  exiting = true;
  await Promise.all(
    children.map((child) => (child.exitCode === null ? new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))) : undefined)),
  );
  const profiled = targets
    .map((t) => ({ t, file: join(cpuProfDir, `${t.name.replace(/ /g, '-')}.cpuprofile`) }))
    .filter(({ file }) => existsSync(file))
    .map(({ t, file }) => ({ name: t.name, summary: summarise(file, t.served, t.windows) }));
  if (profiled.length > 1 && profiled[0].name === 'lean proxy') printSummaries(profiled);
}
if (withWebSocket) {
  exiting = true;
  await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))) : undefined)));
  await runWebSocketCases();
}
process.exit(0);

/** Issue 14's WebSocket cases, with its goals: 10,000 idle connections in ≤ 200 MB of heap, half-load p99 ≤ 5 ms. */
async function runWebSocketCases() {
  console.log(`\nwebsocket (bench/websocket.mjs, two data-plane replicas on Redis; load average ${loadavg()[0].toFixed(1)} at start)`);
  const connections = 10_000;
  const figures = await runWebSocketBench({ connections, duration: Number(args.duration), print: (line) => console.log(`  ${line}`) });
  const idleMB = (figures.idleHeapKBPerConnection * connections) / 1024;
  console.log(`  ${idleMB <= 200 ? 'met    ' : 'not met'}  idle heap at ${connections} connections: ${idleMB.toFixed(0)} MB (goal ≤ 200)`);
  console.log(`  ${figures.halfP99Ms <= 5 ? 'met    ' : 'not met'}  @connections POST p99 at half load: ${figures.halfP99Ms.toFixed(1)} ms (goal ≤ 5; the floor, without Portico: ${figures.floorP99Ms.toFixed(1)} ms)`);
}
