// End to end through a real node:http server: what node hands a handler (req.url as sent, lower-cased and
// OWS-trimmed headers, the body bytes) verifies for requests signed by @smithy/signature-v4 and sent over TCP.
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature, type VerifyResult } from '../src/index.js';

const signer = new SignatureV4({
  credentials: { accessKeyId: 'AKIANODEHTTPTEST0001', secretAccessKey: 'node-http-secret' },
  region: 'eu-central-1',
  service: 'execute-api',
  sha256: Sha256,
});

let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const result = verifySignature(
        { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: body.length > 0 ? body : undefined },
        {
          service: 'execute-api',
          region: 'eu-central-1',
          lookup: (id) => (id === 'AKIANODEHTTPTEST0001' ? { secretAccessKey: 'node-http-secret' } : undefined),
        },
      );
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(result));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
});

function send(req: HttpRequest): Promise<VerifyResult> {
  const qs = Object.entries(req.query)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v ?? '']).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(x)}`))
    .join('&');
  return new Promise((resolve, reject) => {
    const out = httpRequest(
      { host: '127.0.0.1', port, method: req.method, path: qs ? `${req.path}?${qs}` : req.path, headers: req.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as VerifyResult));
      },
    );
    out.on('error', reject);
    out.end(req.body as string | undefined);
  });
}

function build(init: { method?: string; path: string; query?: Record<string, string | string[]>; headers?: Record<string, string>; body?: string }): HttpRequest {
  return new HttpRequest({
    method: init.method ?? 'GET',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port,
    path: init.path,
    query: init.query ?? {},
    headers: { host: `127.0.0.1:${port}`, ...init.headers },
    body: init.body,
  });
}

describe('verifySignature behind node:http', () => {
  it('verifies a header-signed POST with query, unicode path and body', async () => {
    const signed = await signer.sign(
      build({
        method: 'POST',
        path: '/prod/orders/%C3%A9t%C3%A9/items',
        query: { expand: ['lines', 'customer'], note: 'a b&c' },
        headers: { 'content-type': 'application/json', 'x-trace-tag': '  padded   value ' },
        body: JSON.stringify({ qty: 2, sku: 'ÅB-1' }),
      }),
    );
    expect(await send(signed as HttpRequest)).toMatchObject({ ok: true, presigned: false, accessKeyId: 'AKIANODEHTTPTEST0001' });
  });

  it('verifies a presigned GET', async () => {
    const signed = await signer.presign(build({ path: '/prod/download/report.csv', query: { v: '2' } }), { expiresIn: 120 });
    expect(await send(signed as HttpRequest)).toMatchObject({ ok: true, presigned: true });
  });

  it('rejects an unsigned request and a request whose body changed on the way', async () => {
    expect(await send(build({ path: '/prod/x' }))).toMatchObject({ ok: false, errorType: 'MissingAuthenticationTokenException' });
    const signed = (await signer.sign(build({ method: 'PUT', path: '/prod/x', body: 'original' }))) as HttpRequest;
    signed.body = 'replaced';
    expect(await send(signed)).toMatchObject({ ok: false, errorType: 'InvalidSignatureException' });
  });
});
