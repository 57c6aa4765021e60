import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { Agent, request } from 'undici';
import { configDocument, serveGateway, type Served } from './support/pipeline-fixtures.js';

/**
 * Shows that HTTP_PROXY streams rather than buffers: each side sees the other's first bytes while the body is
 * still open.
 */
const API = 'streamapi1';
const agent = new Agent();
let server: Server;
let served: Served;
let pendingResponse: ServerResponse | undefined;
let onUploadChunk: ((chunk: string) => void) | undefined;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/download') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first;');
      pendingResponse = res;
      req.resume();
      return;
    }
    let received = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      received += chunk;
      onUploadChunk?.(chunk);
    });
    req.on('end', () => res.end(received));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const backendUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  served = await serveGateway(
    configDocument({
      apiId: API,
      resources: { '/{proxy+}': { ANY: { methodIntegration: { type: 'HTTP_PROXY', httpMethod: 'ANY', uri: `${backendUrl}/{proxy}` } } } },
    }),
  );
});

afterAll(async () => {
  await served.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await agent.close();
});

const headers = { host: `${API}.execute-api.localhost` };

it('streams the response: the client reads the first chunk before the backend has finished', async () => {
  const response = await request(`${served.url}/test/download`, { dispatcher: agent, headers });
  const chunks = response.body[Symbol.asyncIterator]();
  const first = await chunks.next();
  expect(Buffer.from(first.value as Uint8Array).toString()).toBe('first;');
  pendingResponse?.end('last');
  let rest = '';
  for (let next = await chunks.next(); !next.done; next = await chunks.next()) rest += Buffer.from(next.value as Uint8Array).toString();
  expect(rest).toBe('last');
});

it('streams the request: the backend reads the first chunk before the client has finished sending', async () => {
  const body = new PassThrough();
  const firstSeen = new Promise<string>((resolve) => (onUploadChunk = resolve));
  const answer = request(`${served.url}/test/upload`, { dispatcher: agent, method: 'POST', headers, body });
  body.write('part-1;');
  expect(await firstSeen).toBe('part-1;');
  onUploadChunk = undefined;
  body.end('part-2');
  const response = await answer;
  expect(response.statusCode).toBe(200);
  expect(await response.body.text()).toBe('part-1;part-2');
});
