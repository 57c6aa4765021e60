// `node bench/websocket.mjs`: WebSocket APIs on two standalone data-plane replicas sharing one Redis.
//
//   idle        heap and RSS of replica A per idle connection, at --connections (10,000) open connections
//   echo        round trips/s of --clients (50) clients, each sending the next message when its answer arrives,
//               through a two-way route to a local Lambda function (AWS_PROXY)
//   post        PostToConnection calls/s and p50/p99 latency from replica B to connections held by replica A
//               (SigV4-signed by the SDK's signer, --concurrency 20 calls in flight on keep-alive connections),
//               i.e. through the Redis registry; then at half that rate (open loop), p50/p99 again. (The full SDK
//               client costs ~10 ms of CPU per call in the load generator itself, which would measure the client;
//               the requests are signed once per connection before the clock starts, for the same reason.)
//
//   node bench/websocket.mjs [--connections 10000] [--clients 50] [--concurrency 20] [--duration 10]
// or, in the bench's run, `npm run bench` (the default set) / `node bench/run.mjs --case websocket`: run.mjs calls
// `runWebSocketBench` below. Needs a built tree (`npm run build`) and Redis at REDIS_URL (default
// redis://127.0.0.1:6379). Loopback only.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { Pool } from 'undici';
import { deriveSigningKey } from '@portico/engine-sigv4';
import WebSocket from 'ws';

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

async function startReplicaIn(dir, functions, name) {
  const [port, statusPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, [join(root, 'apps/data-plane/dist/main.js')], {
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
    stdio: ['ignore', 'ignore', 'inherit'],
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

/**
 * The three WebSocket cases on two fresh replicas; prints one line per figure (through `print`) and returns them.
 * Options are numbers: connections (idle), clients (echo and post targets), concurrency (post), duration (s).
 */
export async function runWebSocketBench({ connections = 10_000, clients: clientCount = 50, concurrency = 20, duration: seconds = 10, print = console.log } = {}) {
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
    await settle();
    const before = await memory(a.statusPort);
    const idle = await openMany(a.port, n);
    await settle();
    const after = await memory(a.statusPort);
    figures.idleHeapKBPerConnection = (after.heap - before.heap) / n / 1024;
    print(`idle: ${n} connections on replica A: heap +${mb(after.heap - before.heap)} MB (${((after.heap - before.heap) / n / 1024).toFixed(2)} KB/connection), rss +${mb(after.rss - before.rss)} MB (${((after.rss - before.rss) / n / 1024).toFixed(2)} KB/connection), heap total ${mb(after.heap)} MB`);
    for (const ws of idle) ws.terminate();
    await settle();

    // echo
    const duration = seconds * 1000;
    const clients = await openMany(a.port, clientCount);
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

    // post across replicas
    const postPort = process.env.POST_VIA_A ? a.port : b.port;
    const pool = new Pool(`http://127.0.0.1:${postPort}`, { connections: concurrency });
    const signer = new SignatureV4({ service: 'execute-api', region: 'us-east-1', credentials: key, sha256: Sha256 });
    const data = '{"message":"hello"}';
    // One signed request per connection, signed before the clock starts (valid within the 5-minute clock skew).
    const signedFor = new Map();
    const sign = async (connectionId) => {
      const path = `/prod/%40connections/${encodeURIComponent(connectionId)}`;
      const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: HOST, path, headers: { host: HOST, 'content-type': 'application/json' }, body: data });
      signedFor.set(connectionId, { method: 'POST', path, headers: signed.headers, body: data });
    };
    const post = async (connectionId) => {
      const res = await pool.request(signedFor.get(connectionId));
      await res.body.text();
      if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
    };
    const ids = await Promise.all(
      clients.map(
        (ws) =>
          new Promise((resolve) => {
            ws.removeAllListeners('message');
            ws.once('message', (data) => resolve(data.toString()));
            ws.send('whoami');
          }),
      ),
    );
    for (const id of ids) await sign(id);
    let delivered = 0;
    for (const ws of clients) ws.on('message', () => delivered++);
    const latencies = [];
    const postEnd = Date.now() + duration;
    let failed = 0;
    let next = 0;
    const workers = Array.from({ length: concurrency }, async () => {
      while (Date.now() < postEnd) {
        const started = performance.now();
        try {
          await post(ids[next++ % ids.length]);
        } catch {
          failed++;
        }
        latencies.push(performance.now() - started);
      }
    });
    await Promise.all(workers);
    latencies.sort((x, y) => x - y);
    // Half load: calls started at a fixed pace (half the rate above), each timed on its own.
    const rate = latencies.length / (duration / 1000);
    const half = [];
    const interval = 1000 / (rate / 2);
    const halfEnd = Date.now() + duration;
    const inFlight = [];
    for (let due = performance.now(); Date.now() < halfEnd; due += interval) {
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const started = performance.now();
      inFlight.push(post(ids[next++ % ids.length]).then(() => half.push(performance.now() - started), () => failed++));
    }
    await Promise.all(inFlight);
    half.sort((x, y) => x - y);
    await new Promise((r) => setTimeout(r, 500));
    await pool.close();
    Object.assign(figures, { postPerSecond: rate, postP50Ms: percentile(latencies, 50), postP99Ms: percentile(latencies, 99), halfLoadPerSecond: rate / 2, halfP50Ms: percentile(half, 50), halfP99Ms: percentile(half, 99), failed });
    print(`post: ${(latencies.length / (duration / 1000)).toFixed(0)} calls/s from replica B to connections on A, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, ${failed} failed, ${delivered} frames delivered`);
    print(`post at half load (${(rate / 2).toFixed(0)} calls/s): p50 ${percentile(half, 50).toFixed(1)} ms, p99 ${percentile(half, 99).toFixed(1)} ms`);
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
    },
  });
  await runWebSocketBench({ connections: Number(args.connections), clients: Number(args.clients), concurrency: Number(args.concurrency), duration: Number(args.duration) });
}
