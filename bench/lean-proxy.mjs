// The yardstick: the leanest Node reverse proxy we know how to write. node:http in front of an undici Pool,
// forwarding through `Pool.dispatch` with a handler that writes the client response as the backend's answer
// arrives — raw header arrays both ways, no intermediate stream, no promise. Hop-by-hop headers are dropped, the
// request body streams, back-pressure and an aborted client are honoured, so it is a proxy one could run, not a
// toy. No routing, metrics or logs. Prints its port.
import { createServer } from 'node:http';
import { Pool } from 'undici';

const target = process.env.BACKEND_URL;
if (!target) throw new Error('BACKEND_URL is required');
const pool = new Pool(target, { connections: 256, pipelining: 1, keepAliveTimeout: 60_000 });
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host']);
const HANDLER = Symbol('handler');

class ProxyHandler {
  constructor(res) {
    this.res = res;
    this.abort = null;
    this.resume = null;
  }

  onConnect(abort) {
    this.abort = abort;
  }

  onHeaders(statusCode, raw, resume) {
    const headers = [];
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i].toString('latin1');
      if (!HOP_BY_HOP.has(name.toLowerCase())) headers.push(name, raw[i + 1].toString('latin1'));
    }
    this.resume = resume;
    this.res.writeHead(statusCode, headers);
    return true;
  }

  onData(chunk) {
    if (this.res.write(chunk)) return true;
    this.res.once('drain', this.resume);
    return false;
  }

  onComplete() {
    this.res[HANDLER] = undefined;
    this.res.end();
  }

  onError() {
    const res = this.res;
    res[HANDLER] = undefined;
    if (res.headersSent) res.destroy();
    else res.writeHead(502, { 'content-type': 'application/json', 'content-length': 25 }).end('{"message":"Bad Gateway"}');
  }
}

// One shared listener: a client that goes away aborts the backend request.
function onClose() {
  const handler = this[HANDLER];
  if (handler) handler.abort?.(new Error('client closed'));
}

const server = createServer((req, res) => {
  const headers = [];
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) if (!HOP_BY_HOP.has(raw[i].toLowerCase())) headers.push(raw[i], raw[i + 1]);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const handler = new ProxyHandler(res);
  res[HANDLER] = handler;
  res.on('close', onClose);
  pool.dispatch({ method: req.method, path: req.url, headers, body: hasBody ? req : null }, handler);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(JSON.stringify({ port: server.address().port }));
});
process.on('SIGTERM', () => server.close(() => pool.close().then(() => process.exit(0))));
