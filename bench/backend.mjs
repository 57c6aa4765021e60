// The benchmark's backend: node:http answering every request with the same 100 bytes. Prints its port.
// It is also the OTLP receiver of the traced case: an export (POST /v1/traces) gets an empty JSON answer.
import { createServer } from 'node:http';

const body = Buffer.from('x'.repeat(99) + '\n');
const server = createServer((req, res) => {
  req.resume();
  if (req.url === '/v1/traces') {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 }).end('{}');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(JSON.stringify({ port: server.address().port }));
});
process.on('SIGTERM', () => process.exit(0));
