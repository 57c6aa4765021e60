// `node bench/instructions.mjs`: instructions per request, counted by valgrind's callgrind — the A/B measure that
// holds on a loaded machine. CPU time and requests per second on a box shared by several builds spread ±30 %
// from round to round; an instruction count does not depend on what else runs (`perf stat` is not available
// here, callgrind is).
//
// Each target (the lean proxy of lean-proxy.mjs, then one standalone data plane per case of cases.mjs) runs alone
// under `valgrind --tool=callgrind --instr-atstart=no`: start-up and a warm-up of --warmup requests run
// uninstrumented (so the JIT has settled, and quickly), then instrumentation is switched on (callgrind_control -i
// on), counters zeroed, --requests requests sent over --connections keep-alive connections from this process (not
// instrumented), and the totals dumped. Time-driven work (timers, lease syncs) runs many times more often per
// request under valgrind's ~50× slow-down than at full speed, so an idle stretch is counted after the run and
// its rate × the run's duration is taken off. Every target gets the same request count and warm-up, since the
// JIT makes counts depend on both. Every answer must be 200. One connection by default: with several requests in
// flight, how many arrive per event-loop turn (and so how the per-turn work is shared) depends on the machine's
// load, which made counts of 8 connections spread ±6 % between two rounds; one at a time, every request takes the
// same path through the loop.
//
//   node bench/instructions.mjs [--requests 20000] [--warmup 5000] [--connections 1] [--rounds 1] [--parallel]
//                               [--idle-seconds 5] [--case http-proxy ...] [--compare-with CHECKOUT]
//                               [--keep DIR (keeps the callgrind files, for callgrind_annotate)]
//
// With --rounds 2 or more every target is started afresh each round (rounds interleaved) and the spread between
// rounds is printed: that is the check of repeatability.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { cases as allCases } from './cases.mjs';
import { configDocument, dataPlaneEnv, firstLine, freePorts, get, waitReady, withHeaders } from './harness.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    warmup: { type: 'string', default: '5000' },
    connections: { type: 'string', default: '1' },
    parallel: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '1' },
    'idle-seconds': { type: 'string', default: '5' },
    case: { type: 'string', multiple: true },
    'compare-with': { type: 'string' },
    keep: { type: 'string' },
  },
});
const requests = Number(args.requests);
const warmup = Number(args.warmup);
const connections = Number(args.connections);
const rounds = Number(args.rounds);
const idleSeconds = Number(args['idle-seconds']);
const cases = args.case ? allCases.filter((c) => args.case.includes(c.name)) : allCases.filter((c) => c.name !== 'lambda-proxy');
if (cases.length === 0) throw new Error(`no such case: ${args.case.join(', ')} (have ${allCases.map((c) => c.name).join(', ')})`);
if (spawnSync('valgrind', ['--version'], { stdio: 'ignore' }).status !== 0) throw new Error('valgrind is not installed (apt-get install valgrind)');

const work = mkdtempSync(join(tmpdir(), 'portico-instructions-'));
const outDir = args.keep ? resolve(args.keep) : join(work, 'callgrind');
mkdirSync(outDir, { recursive: true });
const children = [];
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});
process.on('SIGINT', () => process.exit(130));

function start(command, commandArgs, env = {}) {
  const child = spawn(command, commandArgs, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  return { child, stderr: () => stderr };
}

/** A Node script under callgrind, instrumentation off until switched on. */
function startCounted(name, script, env) {
  const file = join(outDir, `${name.replace(/[ @]+/g, '-')}.%p.callgrind`);
  return start('valgrind', ['--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${file}`, process.execPath, script], env);
}

function control(pid, ...commandArgs) {
  const r = spawnSync('callgrind_control', [...commandArgs, String(pid)], { encoding: 'utf8' });
  if (r.status !== 0 || !/OK/.test(r.stdout)) throw new Error(`callgrind_control ${commandArgs.join(' ')} ${pid}: ${r.stdout}${r.stderr}`);
}

/** Zeroes the counters, runs `during`, dumps, and returns the instructions (Ir) counted meanwhile. */
async function counted(pid, during) {
  control(pid, '-z');
  const before = new Set(readdirSync(outDir));
  await during();
  control(pid, '-d');
  const dump = readdirSync(outDir).find((f) => !before.has(f) && f.includes(`.${pid}.`));
  if (!dump) throw new Error(`no callgrind dump from ${pid}`);
  const totals = /^totals:\s+(\d+)/m.exec(readFileSync(join(outDir, dump), 'utf8'));
  if (!totals) throw new Error(`no totals in ${dump}`);
  return Number(totals[1]);
}

/** `count` requests over `connections` keep-alive connections, each connection one request at a time. */
async function send(url, request, count) {
  const pool = new Pool(url, { connections, pipelining: 1, keepAliveTimeout: 600_000, headersTimeout: 600_000, bodyTimeout: 600_000 });
  const statuses = new Map();
  let left = count;
  const worker = async () => {
    while (left > 0) {
      left--;
      const { statusCode, body } = await pool.request({ path: request.path, method: request.method ?? 'GET', headers: request.headers });
      await body.dump();
      statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
    }
  };
  try {
    await Promise.all(Array.from({ length: connections }, worker));
  } finally {
    await pool.close();
  }
  const other = [...statuses].filter(([status]) => status !== 200);
  if (other.length > 0) throw new Error(`answers other than 200: ${other.map(([s, n]) => `${n} × ${s}`).join(', ')}`);
}

const backend = start(process.execPath, [join(root, 'bench/backend.mjs')]);
const backendUrl = `http://127.0.0.1:${(await firstLine(backend)).port}`;
const yardstickRequest = withHeaders((cases.find((c) => c.name === 'http-proxy') ?? allCases[0]).request);

// Each target: how to start it (under callgrind) and what to send it.
const targets = [{ name: 'lean proxy', request: yardstickRequest, launch: () => launchLean(), runs: [] }];
const dataPlanes = [{ suffix: '', main: join(root, 'apps/data-plane/dist/main.js') }];
if (args['compare-with']) dataPlanes.push({ suffix: ' @base', main: join(resolve(args['compare-with']), 'apps/data-plane/dist/main.js') });
for (const c of cases) {
  const file = join(work, `${c.name}.json`);
  writeFileSync(file, JSON.stringify(configDocument(c, backendUrl)));
  for (const { suffix, main } of dataPlanes) {
    const name = c.name + suffix;
    targets.push({ name, request: withHeaders(c.request), launch: () => launchDataPlane(name, c, file, main), runs: [] });
  }
}

async function launchLean() {
  const proc = startCounted('lean proxy', join(root, 'bench/lean-proxy.mjs'), { BACKEND_URL: backendUrl });
  const { port } = await firstLine(proc);
  return { proc, url: `http://127.0.0.1:${port}` };
}

async function launchDataPlane(name, c, file, main) {
  const [port, statusPort] = await freePorts(2);
  const proc = startCounted(name, main, dataPlaneEnv(c, { file, port, statusPort, backendUrl }));
  await waitReady(`http://127.0.0.1:${statusPort}/health/ready`, proc, undefined, 600);
  return { proc, url: `http://127.0.0.1:${port}` };
}

console.log(
  `portico instructions: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, valgrind callgrind; ` +
    `${requests} requests after ${warmup} uninstrumented, ${connections} keep-alive connections, ${rounds} round(s); load average ${loadavg()[0].toFixed(1)}`,
);
/** One round of one target: started afresh under callgrind, warmed up, counted, stopped. */
async function countTarget(t, round) {
  const { proc, url } = await t.launch();
  const pid = proc.child.pid;
  try {
    // A usage-plan case may answer 429 for a moment while its Redis buckets are first seeded.
    for (let deadline = Date.now() + 60_000; ; await new Promise((r) => setTimeout(r, 500))) {
      const answer = await get(url + t.request.path, t.request.headers);
      if (answer.status === 200) break;
      if (answer.status !== 429 || Date.now() > deadline) throw new Error(`${t.name} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
    }
    await send(url, t.request, warmup);
    control(pid, '-i', 'on');
    let seconds = 0;
    const busy = await counted(pid, async () => {
      const began = process.hrtime.bigint();
      await send(url, t.request, requests);
      seconds = Number(process.hrtime.bigint() - began) / 1e9;
    });
    const idle = await counted(pid, () => new Promise((r) => setTimeout(r, idleSeconds * 1000)));
    const idlePerSecond = idle / idleSeconds;
    const run = { perRequest: (busy - idlePerSecond * seconds) / requests, idlePerSecond, seconds };
    t.runs[round - 1] = run;
    console.log(
      `  round ${round} ${t.name.padEnd(28)} ${(run.perRequest / 1000).toFixed(1).padStart(8)} k instructions/request` +
        `   (${seconds.toFixed(0)} s; idle ${(idlePerSecond / 1e6).toFixed(2)} M/s taken off: ${((idlePerSecond * seconds) / requests / 1000).toFixed(1)} k/request)`,
    );
  } finally {
    await new Promise((r) => (proc.child.once('exit', r), proc.child.kill('SIGKILL')));
  }
}

for (let round = 1; round <= rounds; round++) {
  // --parallel: a round's targets run side by side (counts do not depend on it; the round takes less time).
  if (args.parallel) await Promise.all(targets.map((t) => countTarget(t, round)));
  else for (const t of targets) await countTarget(t, round);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const lean = targets[0];
const byName = new Map(targets.map((t) => [t.name, t]));
console.log(`\nmedians (load average ${loadavg()[0].toFixed(1)} at the end)`);
console.log(`  ${'target'.padEnd(28)} ${'k instr/req'.padStart(11)} ${'÷ lean'.padStart(7)}${rounds > 1 ? `  ${'spread'.padStart(7)}` : ''}${args['compare-with'] ? `  ${'÷ @base'.padStart(7)}` : ''}`);
for (const t of targets) {
  const value = median(t.runs.map((r) => r.perRequest));
  // Ratios within each round, then the median: a round's targets ran one after the other, same build of node.
  const ratio = median(t.runs.map((r, i) => r.perRequest / lean.runs[i].perRequest));
  const spread = (Math.max(...t.runs.map((r) => r.perRequest)) - Math.min(...t.runs.map((r) => r.perRequest))) / value;
  const base = byName.get(`${t.name} @base`);
  console.log(
    `  ${t.name.padEnd(28)} ${(value / 1000).toFixed(1).padStart(11)} ${ratio.toFixed(2).padStart(7)}` +
      (rounds > 1 ? `  ${`±${((spread / 2) * 100).toFixed(1)}%`.padStart(7)}` : '') +
      (base ? `  ${(value / median(base.runs.map((r) => r.perRequest))).toFixed(3).padStart(7)}` : ''),
  );
}
process.exit(0);
