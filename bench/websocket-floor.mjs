// The floor of bench/websocket.mjs's `post` case: the same path with nothing of Portico on it. Two processes on the
// same Redis, as the two replicas: B answers `POST /{stage}/@connections/{id}` by publishing the body to A's
// channel; A writes it to the connection as one `ws` frame and publishes the reply; B answers 200 on the reply.
// No SigV4, no policy, no registry lookup: what two Node processes, Redis pub/sub, `ws` and the load generator cost
// on this machine. The bench loads it at the same rate as Portico and prints its p99 beside Portico's.
//
//   startFloor(redisUrl, freePort) -> { aPort, bPort, pids, stop() }   (the bench's API)
//   node bench/websocket-floor.mjs a|b PORT REDIS_URL CHANNEL_PREFIX   (one process of it)
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { WebSocketServer } from 'ws';

async function serveA(port, redisUrl, prefix) {
  const commands = new Redis(redisUrl);
  const subscriber = new Redis(redisUrl);
  const sockets = new Map();
  let next = 0;
  const server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server, perMessageDeflate: false, clientTracking: false });
  wss.on('connection', (ws) => {
    const id = `floor${next++}`;
    sockets.set(id, ws);
    ws.on('message', () => ws.send(id));
    ws.on('close', () => sockets.delete(id));
  });
  subscriber.on('message', (_channel, text) => {
    const { rid, id, data } = JSON.parse(text);
    const ws = sockets.get(id);
    if (ws) ws.send(data);
    commands.publish(`${prefix}b`, JSON.stringify({ rid, ok: ws !== undefined }));
  });
  await subscriber.subscribe(`${prefix}a`);
  server.listen(port, '127.0.0.1', () => process.send?.('ready'));
}

async function serveB(port, redisUrl, prefix) {
  const commands = new Redis(redisUrl);
  const subscriber = new Redis(redisUrl);
  const pending = new Map();
  let next = 0;
  subscriber.on('message', (_channel, text) => {
    const { rid, ok } = JSON.parse(text);
    const res = pending.get(rid);
    pending.delete(rid);
    res?.writeHead(ok ? 200 : 410, { 'content-length': 0 }).end();
  });
  await subscriber.subscribe(`${prefix}b`);
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const rid = next++;
      pending.set(rid, res);
      const id = decodeURIComponent(req.url.split('/')[3] ?? '');
      commands.publish(`${prefix}a`, JSON.stringify({ rid, id, data: Buffer.concat(chunks).toString() }));
    });
  });
  server.listen(port, '127.0.0.1', () => process.send?.('ready'));
}

/** Starts A and B on free ports (children of this process), ready to serve. */
export async function startFloor(redisUrl, freePort) {
  const [aPort, bPort] = [await freePort(), await freePort()];
  const prefix = `ws-floor-${process.pid}:`;
  const file = fileURLToPath(import.meta.url);
  const children = ['a', 'b'].map((role) => spawn(process.execPath, [file, role, String(role === 'a' ? aPort : bPort), redisUrl, prefix], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }));
  await Promise.all(children.map((child) => new Promise((resolve, reject) => (child.once('message', resolve), child.once('exit', () => reject(new Error('floor process exited')))))));
  return { aPort, bPort, pids: children.map((child) => child.pid), stop: () => children.forEach((child) => child.kill('SIGTERM')) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [role, port, redisUrl, prefix] = process.argv.slice(2);
  await (role === 'a' ? serveA : serveB)(Number(port), redisUrl, prefix);
}
