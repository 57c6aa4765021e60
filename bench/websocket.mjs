// `node bench/websocket.mjs`: WebSocket APIs on two standalone data-plane replicas sharing one Redis.
//
//   idle        heap and RSS of replica A per idle connection, at --connections (10,000) open connections
//   echo        round trips/s of --clients (50) clients, each sending the next message when its answer arrives,
//               through a two-way route to a local Lambda function (AWS_PROXY)
//   post        PostToConnection calls/s and p50/p99 latency from replica B to connections held by replica A
//               (SigV4-signed by the SDK's signer, --concurrency 20 calls in flight on keep-alive connections),
//               i.e. through the Redis registry; then at half that rate (open loop), p50/p99 again — the goal's
//               figure: from a call's start to its 200, which B sends once A has written the frame. Beside it:
//               the frame's arrival at the WebSocket client, each replica's event-loop delay and CPU per call, and
//               the floor (websocket-floor.mjs: the same path, two processes on the same Redis, no Portico) loaded
//               at the same half rate in the same round. After a warm-up (not counted), --rounds (3) rounds of the
//               three; each round is printed, then the medians of the rounds.
//               (The full SDK client costs ~10 ms of CPU per call in the load generator itself, which would
//               measure the client; the requests are signed once per connection before the clock starts.)
//
//   node bench/websocket.mjs [--connections 10000] [--clients 50] [--concurrency 20] [--duration 10] [--rounds 3]
//                            [--case idle --case echo --case post (default: all three)]
//   WS_BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/p --cpu-prof-name={name}.cpuprofile' (or --trace-gc): for
//   the replicas; WS_BENCH_DATA_PLANE=<other checkout>/apps/data-plane/dist/main.js compares a change in one sitting.
// or, in the bench's run, `npm run bench` (the default set) / `node bench/run.mjs --case websocket`: run.mjs calls
// `runWebSocketBench` below. Needs a built tree (`npm run build`) and Redis at REDIS_URL (default
// redis://127.0.0.1:6379). Loopback only.
//
// Where the half-load tail comes from (session 6, 2 cores shared by the load generator, both replicas, Redis and
// other work; figures in README "WebSocket APIs"): mostly the machine — the floor, with nothing of Portico, missed
// 5 ms in the same rounds, and a replica's 10 ms timer ran 5–40 ms late at p99. What is Portico's: B's scavenges
// (the 16 MB young generation every ~0.7 s: ≈ 16 KB allocated per call, of which node:http ≈ 5 KB, SigV4 ≈ 3.5 KB,
// the registry ≈ 3.5 KB; pauses of 5–70 ms under that load), and
// ~1.3× the floor's CPU per call (socket writes dominate; SigV4 ≈ 50 µs). Nagle is off on every socket on the path
// (node:http's noDelay default, `ws`, undici and ioredis all set TCP_NODELAY); a frame is one writev; the 200 is one
// write. ioredis auto-pipelining of the registry's PUBLISHes was tried: +60–100 µs of CPU per call, not kept.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { Pool } from 'undici';
import { deriveSigningKey } from '@portico/engine-sigv4';
import WebSocket from 'ws';
import { startFloor } from './websocket-floor.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const API = 'wsbench001';
const HOST = `${API}.execute-api.us-east-1.amazonaws.com`;
const key = { accessKeyId: 'AKIABENCHWEBSOCKET01', secretAccessKey: 'bench-websocket-secret-bench-websocket-0' };
const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');

/** SHA-256 for the SDK's signer on node:crypto (the pure-JS one would make the load generator the bottleneck). */
class Sha256 {
  constructor(secret) {
    this.secret = secret;
    this.reset();
  }
  update(data) {
    this.hash.update(typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
  reset() {
    this.hash = this.secret === undefined ? createHash('sha256') : createHmac('sha256', typeof this.secret === 'string' ? this.secret : Buffer.from(this.secret));
  }
}

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

// Echoes the message; `whoami` answers the connection id (the post case needs ids of connections on replica A).
const ECHO_FUNCTION = "export const handler = async (event) => ({ statusCode: 200, body: event.body === 'whoami' ? event.requestContext.connectionId : event.body });\n";
const user = {
  arn: 'arn:aws:iam::000000000000:user/bench',
  principalArn: 'arn:aws:iam::000000000000:user/bench',
  accountId: '000000000000',
  userId: 'AIDABENCH',
  type: 'User',
  username: 'bench',
  tags: {},
  policies: [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:ManageConnections', Resource: '*' }] })],
};
const document = {
  schemaVersion: 2,
  revision: 'bench-1',
  region: 'us-east-1',
  accountId: '000000000000',
  iam: {
    principals: { [user.arn]: user },
    credentials: [{ accessKeyId: key.accessKeyId, principal: user.arn, signingKeys: { [day]: deriveSigningKey(key.secretAccessKey, day, 'us-east-1', 'execute-api').toString('hex') } }],
    vpcEndpoints: [],
  },
  apis: {
    [API]: {
      protocolType: 'WEBSOCKET',
      stages: [
        {
          schemaVersion: 1,
          api: { apiId: API, name: API, protocolType: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' },
          integrations: [{ integrationId: 'iecho', integrationType: 'AWS_PROXY', integrationUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:echo/invocations' }],
          routes: [{ routeId: 'r1', routeKey: '$default', target: 'integrations/iecho', routeResponseSelectionExpression: '$default', routeResponses: [{ routeResponseId: 'rr', routeResponseKey: '$default' }] }],
          stage: { stageName: 'prod', deploymentId: 'd1' },
        },
      ],
    },
  },
};

/**
 * `WS_BENCH_NODE_ARGS` (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof --cpu-prof-name={name}.cpuprofile`, `--trace-gc`)
 * for each replica, `{name}` becoming a or b; `WS_BENCH_DATA_PLANE` runs another checkout's built
 * `apps/data-plane/dist/main.js`, to compare a change in one sitting.
 */
const nodeArgs = (name) => (process.env.WS_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean).map((arg) => arg.replaceAll('{name}', name));

async function startReplicaIn(dir, functions, name) {
  const [port, statusPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, [...nodeArgs(name), process.env.WS_BENCH_DATA_PLANE ?? join(root, 'apps/data-plane/dist/main.js')], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      PORTICO_CONFIG_FILE: join(dir, 'config.json'),
      PORTICO_CONFIG_CACHE: join(dir, `cache-${name}.json`),
      PORTICO_FUNCTIONS_DIR: functions,
      PORTICO_DATA_PLANE_PORT: String(port),
      PORTICO_STATUS_PORT: String(statusPort),
      PORTICO_HOST: '127.0.0.1',
      PORTICO_LOG_LEVEL: 'warn',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      PORTICO_REDIS_KEY_PREFIX: `ws-bench-${process.pid}:`,
    },
    stdio: ['ignore', process.env.WS_BENCH_NODE_ARGS ? 'inherit' : 'ignore', 'inherit'],
  });
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${statusPort}/health/ready`)).ok) return { child, port, statusPort };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`replica ${name} did not start`);
}

async function memory(statusPort) {
  const text = await (await fetch(`http://127.0.0.1:${statusPort}/metrics`)).text();
  const read = (name) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN);
  return { heap: read('portico_nodejs_heap_size_used_bytes'), rss: read('portico_process_resident_memory_bytes') };
}

const open = (port) =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/prod`, { headers: { host: HOST }, perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });

async function openMany(port, n) {
  const sockets = [];
  for (let i = 0; i < n; i += 200) sockets.push(...(await Promise.all(Array.from({ length: Math.min(200, n - i) }, () => open(port)))));
  return sockets;
}

const settle = () => new Promise((r) => setTimeout(r, 3000));
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);

const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

/** Connection ids of `sockets`, in order: each answers `whoami` with its own (the echo function, or the floor's A). */
const idsOf = (sockets) =>
  Promise.all(
    sockets.map(
      (ws) =>
        new Promise((resolve) => {
          ws.removeAllListeners('message');
          ws.once('message', (data) => resolve(data.toString()));
          ws.send('whoami');
        }),
    ),
  );

/**
 * `POST @connections` to the `sockets` through the HTTP port `port`: resolves on the 200. Each call's start is
 * queued on its connection, so the frame's arrival at the WebSocket client is timed too (`sink` collects those
 * while set); frames to one connection arrive in order, and a round's calls to one connection are 50 calls apart.
 */
async function poster(port, sockets, concurrency, sign) {
  const ids = await idsOf(sockets);
  const signed = new Map();
  for (const id of ids) signed.set(id, await sign(id));
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: concurrency });
  const sent = new Map(ids.map((id) => [id, []]));
  const target = { ids, next: 0, sink: undefined, failed: 0, close: () => pool.close() };
  sockets.forEach((ws, i) => {
    const queue = sent.get(ids[i]);
    ws.on('message', () => {
      const started = queue.shift();
      if (target.sink && started !== undefined) target.sink.push(performance.now() - started);
    });
  });
  target.post = async () => {
    const id = ids[target.next++ % ids.length];
    sent.get(id).push(performance.now());
    const res = await pool.request(signed.get(id));
    await res.body.text();
    if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
  };
  return target;
}

/** `concurrency` calls in flight for `duration` ms: calls/s and the sorted latencies. */
async function closedLoop(target, concurrency, duration) {
  const latencies = [];
  const end = Date.now() + duration;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const started = performance.now();
        await target.post().catch(() => target.failed++);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return { rate: latencies.length / (duration / 1000), latencies: latencies.sort((x, y) => x - y) };
}

/**
 * Calls started at a fixed pace (open loop), each timed on its own from its start to its 200, and to its frame at
 * the client. The timer wakes at most every millisecond, so calls due meanwhile start together on waking (as
 * arrivals bunch in real traffic); the load generator's own event-loop delay is reported beside.
 */
async function openLoop(target, rate, duration) {
  const latencies = [];
  const deliveries = [];
  target.sink = deliveries;
  // How late a 1 ms timer ran in the load generator (the histogram counts the 1 ms itself, taken off below).
  const generatorDelay = monitorEventLoopDelay({ resolution: 1 });
  generatorDelay.enable();
  const interval = 1000 / rate;
  const end = Date.now() + duration;
  const inFlight = [];
  for (let due = performance.now(); Date.now() < end; due += interval) {
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const started = performance.now();
    inFlight.push(target.post().then(() => latencies.push(performance.now() - started), () => target.failed++));
  }
  await Promise.all(inFlight);
  await new Promise((r) => setTimeout(r, 100));
  generatorDelay.disable();
  target.sink = undefined;
  return { latencies: latencies.sort((x, y) => x - y), deliveries: deliveries.sort((x, y) => x - y), generatorDelayP99: generatorDelay.percentile(99) / 1e6 - 1 };
}

/** CPU time (user + system) a process has used, in ms, from /proc (NaN where there is none). */
function cpuMsOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/**
 * A replica's event-loop delay since its previous scrape (prom-client resets its histogram on each): the p99 of how
 * late its 10 ms timer ran, in ms (the histogram counts the 10 ms themselves).
 */
async function loopDelayP99(statusPort) {
  const text = await (await fetch(`http://127.0.0.1:${statusPort}/metrics`)).text();
  return Number(/^portico_nodejs_eventloop_lag_p99_seconds (\S+)/m.exec(text)?.[1] ?? NaN) * 1000 - 10;
}

/**
 * `post`: `rounds` rounds, each of full load (closed loop, `concurrency` in flight) and half of that rate (open
 * loop) through replica B to connections on replica A, then the floor (websocket-floor.mjs) at the same half rate.
 * Prints each round and the medians of the rounds.
 */
async function postCase({ a, b, clients, concurrency, duration, rounds, print }) {
  const signer = new SignatureV4({ service: 'execute-api', region: 'us-east-1', credentials: key, sha256: Sha256 });
  const data = '{"message":"hello"}';
  // One signed request per connection, signed before the clock starts (valid within the 5-minute clock skew).
  const sign = async (connectionId) => {
    const path = `/prod/%40connections/${encodeURIComponent(connectionId)}`;
    const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: HOST, path, headers: { host: HOST, 'content-type': 'application/json' }, body: data });
    return { method: 'POST', path, headers: signed.headers, body: data };
  };
  const portico = await poster(process.env.POST_VIA_A ? a.port : b.port, clients, concurrency, sign);
  const floor = await startFloor(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', freePort);
  const floorSockets = await openMany(floor.aPort, clients.length);
  const floorTarget = await poster(floor.bPort, floorSockets, concurrency, sign);
  const results = [];
  try {
    // Warm-up, not counted: a first round ran at a quarter of the later ones' rate (code not optimised yet).
    await closedLoop(portico, concurrency, Math.min(duration, 3000));
    await openLoop(floorTarget, 500, Math.min(duration, 3000));
    for (let round = 1; round <= rounds; round++) {
      const full = await closedLoop(portico, concurrency, duration);
      await Promise.all([loopDelayP99(a.statusPort), loopDelayP99(b.statusPort)]);
      const cpu = [cpuMsOf(a.child.pid), cpuMsOf(b.child.pid)];
      const half = await openLoop(portico, full.rate / 2, duration);
      const [loopA, loopB] = await Promise.all([loopDelayP99(a.statusPort), loopDelayP99(b.statusPort)]);
      const calls = half.latencies.length;
      const [cpuA, cpuB] = [(1000 * (cpuMsOf(a.child.pid) - cpu[0])) / calls, (1000 * (cpuMsOf(b.child.pid) - cpu[1])) / calls];
      const floorCpu = floor.pids.map(cpuMsOf);
      const base = await openLoop(floorTarget, full.rate / 2, duration);
      const floorCpuPerCall = (1000 * floor.pids.reduce((sum, pid, i) => sum + cpuMsOf(pid) - floorCpu[i], 0)) / base.latencies.length;
      const r = {
        postPerSecond: full.rate,
        postP50Ms: percentile(full.latencies, 50),
        postP99Ms: percentile(full.latencies, 99),
        halfLoadPerSecond: full.rate / 2,
        halfP50Ms: percentile(half.latencies, 50),
        halfP99Ms: percentile(half.latencies, 99),
        halfDeliveryP99Ms: percentile(half.deliveries, 99),
        floorP50Ms: percentile(base.latencies, 50),
        floorP99Ms: percentile(base.latencies, 99),
        floorDeliveryP99Ms: percentile(base.deliveries, 99),
        loopDelayP99A: loopA,
        loopDelayP99B: loopB,
        generatorDelayP99: half.generatorDelayP99,
        cpuMicrosPerCallA: cpuA,
        cpuMicrosPerCallB: cpuB,
        floorCpuMicrosPerCall: floorCpuPerCall,
        load: loadavg()[0],
      };
      results.push(r);
      print(
        `post round ${round}/${rounds} (load ${r.load.toFixed(1)}): full ${r.postPerSecond.toFixed(0)}/s p50 ${r.postP50Ms.toFixed(1)} p99 ${r.postP99Ms.toFixed(1)} ms; ` +
          `half ${r.halfLoadPerSecond.toFixed(0)}/s p50 ${r.halfP50Ms.toFixed(1)} p99 ${r.halfP99Ms.toFixed(1)} ms (frame at client p99 ${r.halfDeliveryP99Ms.toFixed(1)}); ` +
          `floor p50 ${r.floorP50Ms.toFixed(1)} p99 ${r.floorP99Ms.toFixed(1)} ms; ` +
          `event-loop delay p99 A ${loopA.toFixed(1)} B ${loopB.toFixed(1)} generator ${r.generatorDelayP99.toFixed(1)} ms; CPU per call A+B ${cpuA.toFixed(0)}+${cpuB.toFixed(0)} µs, floor ${floorCpuPerCall.toFixed(0)} µs`,
      );
    }
  } finally {
    await Promise.all([portico.close(), floorTarget.close()]);
    for (const ws of floorSockets) ws.terminate();
    floor.stop();
  }
  const figures = Object.fromEntries(Object.keys(results[0]).map((name) => [name, median(results.map((r) => r[name]))]));
  figures.failed = portico.failed;
  const f = (v) => v.toFixed(1);
  print(`post (median of ${rounds} rounds): ${figures.postPerSecond.toFixed(0)} calls/s from replica B to connections on A, p50 ${f(figures.postP50Ms)} ms, p99 ${f(figures.postP99Ms)} ms, ${portico.failed} failed`);
  print(`post at half load (${figures.halfLoadPerSecond.toFixed(0)} calls/s, median of ${rounds} rounds): p50 ${f(figures.halfP50Ms)} ms, p99 ${f(figures.halfP99Ms)} ms (frame at the client: p99 ${f(figures.halfDeliveryP99Ms)} ms), CPU per call A ${figures.cpuMicrosPerCallA.toFixed(0)} µs B ${figures.cpuMicrosPerCallB.toFixed(0)} µs`);
  print(`floor at the same rate (websocket-floor.mjs: the same path without Portico): p50 ${f(figures.floorP50Ms)} ms, p99 ${f(figures.floorP99Ms)} ms (frame at the client: p99 ${f(figures.floorDeliveryP99Ms)} ms), CPU per call ${figures.floorCpuMicrosPerCall.toFixed(0)} µs (both processes)`);
  return figures;
}

/**
 * The three WebSocket cases on two fresh replicas; prints one line per figure (through `print`) and returns them.
 * Options are numbers: connections (idle), clients (echo and post targets), concurrency (post), duration (s).
 */
export async function runWebSocketBench({ connections = 10_000, clients: clientCount = 50, concurrency = 20, duration: seconds = 10, rounds = 3, cases = ['idle', 'echo', 'post'], print = console.log } = {}) {
  cases = new Set(cases);
  const dir = mkdtempSync(join(tmpdir(), 'portico-ws-bench-'));
  const functions = join(dir, 'functions');
  mkdirSync(join(functions, 'echo'), { recursive: true });
  writeFileSync(join(functions, 'echo', 'index.mjs'), ECHO_FUNCTION);
  writeFileSync(join(dir, 'config.json'), JSON.stringify(document));
  const startReplica = (name) => startReplicaIn(dir, functions, name);
  const figures = {};
  const a = await startReplica('a');
  let b;
  try {
    b = await startReplica('b');
    // idle
    const n = connections;
    if (cases.has('idle')) {
    await settle();
    const before = await memory(a.statusPort);
    const idle = await openMany(a.port, n);
    await settle();
    const after = await memory(a.statusPort);
    figures.idleHeapKBPerConnection = (after.heap - before.heap) / n / 1024;
    print(`idle: ${n} connections on replica A: heap +${mb(after.heap - before.heap)} MB (${((after.heap - before.heap) / n / 1024).toFixed(2)} KB/connection), rss +${mb(after.rss - before.rss)} MB (${((after.rss - before.rss) / n / 1024).toFixed(2)} KB/connection), heap total ${mb(after.heap)} MB`);
    for (const ws of idle) ws.terminate();
    await settle();
    }

    // echo
    const duration = seconds * 1000;
    const clients = await openMany(a.port, clientCount);
    if (cases.has('echo')) {
    let trips = 0;
    const end = Date.now() + duration;
    await Promise.all(
      clients.map(
        (ws) =>
          new Promise((resolve) => {
            ws.on('message', () => {
              trips++;
              if (Date.now() < end) ws.send('{"action":"echo","n":1}');
              else resolve();
            });
            ws.send('{"action":"echo","n":1}');
          }),
      ),
    );
    figures.echoRoundTripsPerSecond = trips / (duration / 1000);
    print(`echo: ${(trips / (duration / 1000)).toFixed(0)} round trips/s (${clients.length} clients, two-way route to a local function)`);
    }

    // post across replicas, and the floor (websocket-floor.mjs) at the same rates
    if (cases.has('post')) Object.assign(figures, await postCase({ a, b, clients, concurrency, duration, rounds, print }));
    for (const ws of clients) ws.terminate();
  } finally {
    a.child.kill('SIGTERM');
    b?.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values: args } = parseArgs({
    options: {
      connections: { type: 'string', default: '10000' },
      clients: { type: 'string', default: '50' },
      concurrency: { type: 'string', default: '20' },
      duration: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '3' },
      case: { type: 'string', multiple: true },
    },
  });
  await runWebSocketBench({ connections: Number(args.connections), clients: Number(args.clients), concurrency: Number(args.concurrency), duration: Number(args.duration), rounds: Number(args.rounds), cases: args.case });
}
