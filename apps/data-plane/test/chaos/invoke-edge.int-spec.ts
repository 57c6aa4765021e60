import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { proxyDocument } from '../support/config-documents.js';
import { startTestDataPlane, type TestDataPlane } from '../support/data-plane-harness.js';
import { rawExchange, type RawResponse } from '../support/raw-http.js';

const BASE = '/restapis/testapi001/test/_user_request_';

/**
 * A backend that records every request it parses. Its parser is the lenient one (`insecureHTTPParser`), the
 * easiest to desynchronise: a request smuggled past the data plane would show up here as a request of its own.
 */
async function startRecordingBackend(): Promise<{ url: string; paths: string[]; close(): Promise<void> }> {
  const paths: string[] = [];
  const server: Server = createServer({ insecureHTTPParser: true }, (req, res) => {
    paths.push(req.url ?? '');
    req.resume();
    req.on('end', () => {
      const body = JSON.stringify({ backend: 'recording', path: req.url });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What every answer of the invoke listener carries; errors add their type and an AWS JSON body. */
function expectAwsShaped(response: RawResponse): void {
  expect(response.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
  if (response.status >= 400) {
    expect(response.headers['x-amzn-errortype']).toMatch(/^[A-Za-z]+Exception$/);
    expect(typeof (JSON.parse(response.body) as { message?: unknown }).message).toBe('string');
  }
}

const SMUGGLED = `GET ${BASE}/smuggled HTTP/1.1\r\nHost: x\r\n\r\n`;

// Each one the parser must refuse (HTTP/1.1, RFC 9112): answered AWS-shaped, then the connection closes.
const MALFORMED: [name: string, raw: string, status: number][] = [
  ['garbage request line', 'GARBAGE\r\n\r\n', 400],
  ['bad version', `GET ${BASE}/a HTTP/9.Z\r\nHost: x\r\n\r\n`, 400],
  ['space in target', `GET ${BASE}/a b HTTP/1.1\r\nHost: x\r\n\r\n`, 400],
  ['lower-case method', `get ${BASE}/a HTTP/1.1\r\nHost: x\r\n\r\n`, 400],
  ['space in header name', `GET ${BASE}/a HTTP/1.1\r\nHost: x\r\nX Y: 1\r\n\r\n`, 400],
  ['space before colon', `GET ${BASE}/a HTTP/1.1\r\nHost: x\r\nX-A : 1\r\n\r\n`, 400],
  ['header without colon', `GET ${BASE}/a HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n`, 400],
  ['NUL in value', `GET ${BASE}/a HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n`, 400],
  ['CR in value', `GET ${BASE}/a HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n`, 400],
  ['obs-fold', `GET ${BASE}/a HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n`, 400],
  ['bare LF line ends', `GET ${BASE}/a HTTP/1.1\nHost: x\n\n`, 400],
  ['missing Host', `GET ${BASE}/a HTTP/1.1\r\n\r\n`, 400],
  ['headers over 16 KB', `GET ${BASE}/a HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17_000)}\r\n\r\n`, 431],
  ['many headers over 16 KB', `GET ${BASE}/a HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 400 }, (_, i) => `X-H${i}: ${'b'.repeat(40)}\r\n`).join('')}\r\n`, 431],
  ['CL and TE', `POST ${BASE}/a HTTP/1.1\r\nHost: x\r\nContent-Length: ${5 + SMUGGLED.length}\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${SMUGGLED}`, 400],
  ['TE then CL', `POST ${BASE}/a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n${(SMUGGLED.length).toString(16)}\r\n${SMUGGLED}\r\n0\r\n\r\n`, 400],
  ['TE chunked, identity', `POST ${BASE}/a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n${SMUGGLED}`, 400],
  ['TE xchunked with CL', `POST ${BASE}/a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\nContent-Length: ${SMUGGLED.length}\r\n\r\n${SMUGGLED}`, 400],
  ['TE with tab and CL', `POST ${BASE}/a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\tchunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n${SMUGGLED}`, 400],
  ['TE folded', `POST ${BASE}/a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n${SMUGGLED}`, 400],
  ['TE name with space', `POST ${BASE}/a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\nContent-Length: ${SMUGGLED.length}\r\n\r\n${SMUGGLED}`, 400],
  ['TE gzip (not chunked last)', `POST ${BASE}/a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n${SMUGGLED}`, 400],
  ['duplicate CL', `POST ${BASE}/a HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: ${SMUGGLED.length}\r\n\r\n${SMUGGLED}`, 400],
  ['CL list', `POST ${BASE}/a HTTP/1.1\r\nHost: x\r\nContent-Length: 0, ${SMUGGLED.length}\r\n\r\n${SMUGGLED}`, 400],
  ['CL plus sign', `POST ${BASE}/a HTTP/1.1\r\nHost: x\r\nContent-Length: +${SMUGGLED.length}\r\n\r\n${SMUGGLED}`, 400],
  ['CL hex', `POST ${BASE}/a HTTP/1.1\r\nHost: x\r\nContent-Length: 0x10\r\n\r\n${SMUGGLED}`, 400],
  ['CL negative', `POST ${BASE}/a HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n${SMUGGLED}`, 400],
  ['bad chunk size', `POST ${BASE}/a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n${SMUGGLED}\r\n0\r\n\r\n`, 400],
  ['chunk size overflow', `POST ${BASE}/a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFF\r\n${SMUGGLED}\r\n0\r\n\r\n`, 400],
  ['chunk bare LF', `POST ${BASE}/a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\n\n${SMUGGLED}`, 400],
];

describe('invoke listener at the TCP level: malformed requests, smuggling, slow clients', () => {
  let backend: Awaited<ReturnType<typeof startRecordingBackend>>;
  let dp: TestDataPlane;
  let port: number;
  let dir: string;

  beforeAll(async () => {
    backend = await startRecordingBackend();
    dir = await mkdtemp(join(tmpdir(), 'portico-dp-edge-'));
    const file = join(dir, 'config.json');
    await writeFile(file, JSON.stringify(proxyDocument({ backendUrl: backend.url })));
    dp = await startTestDataPlane({
      source: { kind: 'file', path: file },
      invokeTimeouts: { headersTimeoutMs: 1500, requestTimeoutMs: 3000 },
    });
    port = Number(new URL(dp.invokeUrl).port);
  });

  afterAll(async () => {
    await dp?.close();
    await backend?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function expectStillServing(): Promise<void> {
    const res = await fetch(`${dp.invokeUrl}${BASE}/alive`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ backend: 'recording', path: '/alive' });
  }

  it.each(MALFORMED)('%s: AWS-shaped %d, connection closed, nothing reaches the backend', async (_name, raw, status) => {
    const before = backend.paths.length;
    const exchange = await rawExchange(port, [raw]);
    expect(exchange.responses.map((r) => r.status)).toEqual([status]);
    expectAwsShaped(exchange.responses[0]);
    expect(exchange.responses[0].headers.connection).toBe('close');
    expect(exchange.closedByServer).toBe(true);
    expect(backend.paths.slice(before).filter((p) => p.includes('smuggled'))).toEqual([]);
  });

  it('a malformed request after a good one on the same connection is answered too', async () => {
    const exchange = await rawExchange(port, [`GET ${BASE}/first HTTP/1.1\r\nHost: x\r\n\r\nGET ${BASE}/a HTTP/1.1\r\nHost: x\r\nX Y: 1\r\n\r\n`]);
    expect(exchange.responses.map((r) => r.status)).toEqual([200, 400]);
    for (const r of exchange.responses) expectAwsShaped(r);
    expect(exchange.closedByServer).toBe(true);
  });

  it('a malformed request behind two pipelined good ones waits for both answers (found by the fuzz below)', async () => {
    const before = backend.paths.length;
    const exchange = await rawExchange(port, [
      `GET * HTTP/1.1\r\nHost: other\r\n\r\nGET ${BASE}/second HTTP/1.1\r\nHost: x\r\n\r\nGET * HTTP/1.1 \r\n\r\n`,
    ]);
    expect(backend.paths.slice(before)).toEqual(['/second']);
    expect(exchange.responses.map((r) => r.status)).toEqual([exchange.responses[0].status, 200, 400]);
    expect(JSON.parse(exchange.responses[1].body)).toEqual({ backend: 'recording', path: '/second' });
    expect(exchange.closedByServer).toBe(true);
  });

  it('refuses a WebSocket upgrade for no WebSocket API AWS-shaped, request id included (found by the fuzz below)', async () => {
    const exchange = await rawExchange(port, ['GET * HTTP/1.1\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n\r\nGET ' + BASE + '/0 HTTP/1.1\r\n\r\n']);
    expect(exchange.responses).toHaveLength(1);
    expect(exchange.responses[0].status).toBeGreaterThanOrEqual(400);
    expectAwsShaped(exchange.responses[0]);
    expect(exchange.closedByServer || exchange.reset).toBe(true);
  });

  it('answers Expect: 100-continue on a request it refuses with the refusal alone, no interim 100 (found by the fuzz below)', async () => {
    const exchange = await rawExchange(port, ['GET * HTTP/1.1\r\nExpect: 100-continue\r\n\r\n0\r\n\r\n']);
    expect(exchange.responses.map((r) => r.status)).toEqual([400]);
    expectAwsShaped(exchange.responses[0]);
  });

  it('a request pipelined behind a refused one never reaches the backend', async () => {
    const exchange = await rawExchange(port, [`GET ${BASE}/no-host HTTP/1.1\r\n\r\nGET ${BASE}/behind-refused HTTP/1.1\r\nHost: x\r\n\r\n`]);
    expect(exchange.responses.map((r) => r.status)).toEqual([400]);
    expect(exchange.closedByServer).toBe(true);
    expect(backend.paths).not.toContain('/behind-refused');
  });

  it('refuses CONNECT with an answer', async () => {
    const exchange = await rawExchange(port, ['CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n']);
    expect(exchange.responses.map((r) => r.status)).toEqual([403]);
    expectAwsShaped(exchange.responses[0]);
    expect(exchange.closedByServer).toBe(true);
  });

  it('never lets a smuggled request reach the backend, and keeps serving', async () => {
    expect(backend.paths.filter((p) => p.includes('smuggled'))).toEqual([]);
    await expectStillServing();
  });

  it('cuts a client trickling one header line at a time: 408 before its headers end', async () => {
    // 40 lines one second apart would hold the connection for 40 s; the header timeout is 1.5 s.
    const pieces = [`GET ${BASE}/slow HTTP/1.1\r\nHost: x\r\n`, ...Array.from({ length: 40 }, (_, i) => `X-Trickle-${i}: 1\r\n`), '\r\n'];
    const exchange = await rawExchange(port, pieces, { gapMs: 1000, waitMs: 60_000 });
    expect(exchange.closedByServer || exchange.reset).toBe(true);
    expect(exchange.responses.map((r) => r.status)).toEqual([408]);
    expectAwsShaped(exchange.responses[0]);
    expect(backend.paths).not.toContain('/slow');
  });

  it('cuts a client trickling its body: 408 at the request timeout', async () => {
    const pieces = [`POST ${BASE}/slow-body HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\n\r\n`, ...Array.from({ length: 40 }, () => 'a')];
    const exchange = await rawExchange(port, pieces, { gapMs: 1000, waitMs: 60_000 });
    expect(exchange.closedByServer || exchange.reset).toBe(true);
    // The headers were complete, so the request had reached the gateway: the parser's 408 is still the one answer.
    expect(exchange.responses.map((r) => r.status)).toEqual([408]);
    expectAwsShaped(exchange.responses[0]);
    await expectStillServing();
  });

  it('fuzz: generated raw requests get only AWS-shaped answers, no 5xx, and the backend sees only what the gateway answered', async () => {
    const token = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,12}$/);
    const headerLine = fc.oneof(
      fc.tuple(token, fc.stringMatching(/^[ -~]{0,20}$/)).map(([n, v]) => `${n}: ${v}\r\n`),
      fc.constantFrom(
        'Transfer-Encoding: chunked\r\n',
        'Transfer-Encoding: identity\r\n',
        'Transfer-Encoding: chunked, gzip\r\n',
        'Transfer-Encoding:\tchunked\r\n',
        ' Transfer-Encoding: chunked\r\n',
        'Content-Length: 0\r\n',
        'Content-Length: 5\r\n',
        'Content-Length: 50\r\n',
        'Content-Length: 5, 5\r\n',
        'Content-Length: -3\r\n',
        'Expect: 100-continue\r\n',
        'Connection: close\r\n',
        'Connection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n',
        'Host: other\r\n',
        'X-Nul: a\0b\r\n',
        'X-Cr: a\rb\r\n',
        'X-Lf: a\nb\r\n',
        'X-Fold: a\r\n b\r\n',
        'Bad Name: v\r\n',
        ': empty-name\r\n',
      ),
    );
    const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'CONNECT', 'TRACE', 'FOO', 'get', 'G ET', '');
    const target = fc.oneof(
      fc.stringMatching(/^[a-z0-9]{1,8}$/).map((s) => `${BASE}/${s}`),
      fc.constantFrom('*', '/', 'http://example.com/x', `${BASE}/%ZZ`, `${BASE}/a\0b`, `${BASE}/a b`, '', `/restapis/unknown/test/_user_request_/x`),
    );
    const version = fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 ', 'http/1.1', '');
    const lineEnd = fc.constantFrom('\r\n', '\n', '\r');
    const body = fc.oneof(fc.constant(''), fc.constantFrom('0\r\n\r\n', '5\r\nhello\r\n0\r\n\r\n', 'zz\r\n', SMUGGLED, `0\r\n\r\n${SMUGGLED}`), fc.stringMatching(/^[ -~]{0,30}$/));
    const request = fc
      .record({ method, target, version, lineEnd, host: fc.boolean(), headers: fc.array(headerLine, { maxLength: 5 }), body })
      .map((r) => `${r.method} ${r.target} ${r.version}${r.lineEnd}${r.host ? 'Host: x\r\n' : ''}${r.headers.join('')}\r\n${r.body}`);

    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 2 }), async (requests) => {
        const before = backend.paths.length;
        // A last request asks the server to close after answering: in sync, the server answers it and closes; out
        // of sync (a body that swallows it), the request timeout closes the connection.
        const sentinel = `GET ${BASE}/sentinel HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`;
        const exchange = await rawExchange(port, [requests.join('') + sentinel], { waitMs: 10_000 });
        // An interim 100 Continue (RFC 9110 §15.2) is protocol, not an answer: the AWS shape is asked of final ones.
        for (const r of exchange.responses.filter((response) => response.status >= 200)) {
          expect(r.status).toBeLessThan(500);
          expectAwsShaped(r);
        }
        // Every request the backend parsed was answered to this client (the backend echoes its path): a
        // request the gateway did not see as one would be a request nobody here got an answer for.
        const echoed = exchange.responses.flatMap((r) => {
          try {
            const parsed = JSON.parse(r.body) as { backend?: string; path?: string };
            return parsed.backend === 'recording' && typeof parsed.path === 'string' ? [parsed.path] : [];
          } catch {
            return [];
          }
        });
        const received = backend.paths.slice(before);
        for (const path of received) expect(echoed).toContain(path);
      }),
      { numRuns: 100 },
    );
    await expectStillServing();
  }, 600_000);
});
