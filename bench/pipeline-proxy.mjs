// The proxy the bench used as its yardstick until issue 17, kept as a row for comparison: node:http in front of an
// undici Pool through `Pool.request` and `stream.pipeline(body, res)` — a promise and two streams per request, so
// about twice the CPU of the lean proxy (lean-proxy.mjs). Hop-by-hop headers dropped, bodies streamed. Prints its port.
import { createServer } from 'node:http';
import { pipeline } from 'node:stream';
import { Pool } from 'undici';

const target = process.env.BACKEND_URL;
if (!target) throw new Error('BACKEND_URL is required');
const pool = new Pool(target, { connections: 256, pipelining: 1, keepAliveTimeout: 60_000 });
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host']);

const server = createServer((req, res) => {
  const headers = {};
  for (const [name, value] of Object.entries(req.headers)) if (!hopByHop.has(name)) headers[name] = value;
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  pool.request({ method: req.method, path: req.url, headers, body: hasBody ? req : null }).then(
    ({ statusCode, headers: upstream, body }) => {
      const out = {};
      for (const [name, value] of Object.entries(upstream)) if (!hopByHop.has(name)) out[name] = value;
      // The client may be gone by now (wrk closes its connections at the end of a run): since Node 24, piping
      // into a destroyed response throws instead of failing the pipeline.
      if (res.destroyed) return void body.dump().catch(() => {});
      res.writeHead(statusCode, out);
      pipeline(body, res, () => {});
    },
    () => {
      if (res.destroyed) return;
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end('{"message":"Bad Gateway"}');
    },
  );
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(JSON.stringify({ port: server.address().port }));
});
process.on('SIGTERM', () => server.close(() => pool.close().then(() => process.exit(0))));
