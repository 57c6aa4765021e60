import { createServer, request as httpRequest, type ClientRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestRecord } from '@portico/gateway-rest';
import { configDocument, serveGateway, testClient, type Served } from './support/pipeline-fixtures.js';

/**
 * HTTP_PROXY under a slow or vanishing client: the gateway holds the backend back instead of buffering its answer
 * (back-pressure), and a client that goes away aborts the backend request, before or after the answer started.
 */
const API = 'flowapi001';
const host = `${API}.execute-api.localhost`;
const FLOOD_BYTES = 96 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 1);
/** Well below undici's 29 s header/body timeouts, which would close a forgotten backend request eventually. */
const ABORT_TEST_TIMEOUT_MS = 15_000;

let server: Server;
let served: Served;
const client = testClient();
const records: RequestRecord[] = [];
/** Bytes the flooding backend has handed to its socket so far. */
let floodSent = 0;
/** The backend's side of held requests, by path: resolved when the request arrives and when it closes. */
const held = new Map<string, { arrived: Promise<void>; closed: Promise<void>; arrive: () => void; close: () => void }>();

function expectHeld(path: string) {
  let arrive!: () => void;
  let close!: () => void;
  const entry = { arrived: new Promise<void>((r) => (arrive = r)), closed: new Promise<void>((r) => (close = r)), arrive: () => arrive(), close: () => close() };
  held.set(path, entry);
  return entry;
}

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    if (req.url === '/flood') {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': FLOOD_BYTES });
      const pump = () => {
        while (floodSent < FLOOD_BYTES) {
          floodSent += CHUNK.length;
          if (!res.write(CHUNK)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
      return;
    }
    const entry = held.get(req.url ?? '');
    if (!entry) return void res.writeHead(200).end('ok');
    res.on('close', entry.close);
    entry.arrive();
    // /hold-body starts its answer and never finishes it; /hold-head never answers at all.
    if (req.url === '/hold-body') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first;');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const backendUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  served = await serveGateway(
    configDocument({
      apiId: API,
      resources: { '/{proxy+}': { ANY: { methodIntegration: { type: 'HTTP_PROXY', httpMethod: 'ANY', uri: `${backendUrl}/{proxy}` } } } },
    }),
    { observe: (record) => records.push(record) },
  );
});

afterAll(async () => {
  await served.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await client.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function get(path: string): { req: ClientRequest; response: Promise<IncomingMessage> } {
  const req = httpRequest(`${served.url}/test${path}`, { headers: { host }, agent: false });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.on('response', resolve);
    req.on('error', reject);
  });
  req.end();
  return { req, response };
}

it('holds a fast backend back while the client does not read, then delivers every byte', async () => {
  const { response } = get('/flood');
  const res = await response;
  res.pause();
  // Wait until the backend can hand over no more (its writes stopped draining), for at least a second.
  const started = Date.now();
  let last = -1;
  let still = 0;
  while (still < 3 || Date.now() - started < 1000) {
    await sleep(200);
    still = floodSent === last ? still + 1 : 0;
    last = floodSent;
  }
  // Socket buffers on both hops hold a few MB; a gateway that buffered the answer would have taken all of it.
  expect(floodSent).toBeLessThan(FLOOD_BYTES / 2);
  let received = 0;
  res.on('data', (chunk: Buffer) => (received += chunk.length));
  const ended = new Promise((resolve) => res.on('end', resolve));
  res.resume();
  await ended;
  expect(received).toBe(FLOOD_BYTES);
  expect(floodSent).toBe(FLOOD_BYTES);
});

it('aborts the backend request when the client goes away after the answer started', async () => {
  const backendSide = expectHeld('/hold-body');
  const { req, response } = get('/hold-body');
  const res = await response;
  const first = await new Promise<string>((resolve) => res.once('data', (chunk: Buffer) => resolve(chunk.toString())));
  expect(first).toBe('first;');
  req.destroy();
  // Without the abort the backend's request stays open until undici's body timeout (the integration's 29 s),
  // past this test's own timeout.
  await backendSide.closed;
  expect((await client.send(`${served.url}/test/other`, { headers: { host } })).status).toBe(200);
}, ABORT_TEST_TIMEOUT_MS);

it('aborts the backend request when the client goes away before the answer started', async () => {
  const backendSide = expectHeld('/hold-head');
  const before = records.length;
  const { req, response } = get('/hold-head');
  response.catch(() => undefined);
  await backendSide.arrived;
  req.destroy();
  await backendSide.closed;
  // The request is recorded like any other, and the gateway keeps serving.
  const recorded = () => records.slice(before).some((r) => r.contextValue?.('path') === '/test/hold-head');
  for (let i = 0; i < 250 && !recorded(); i++) await sleep(20);
  expect(recorded()).toBe(true);
  expect((await client.send(`${served.url}/test/other`, { headers: { host } })).status).toBe(200);
}, ABORT_TEST_TIMEOUT_MS);
