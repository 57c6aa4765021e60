// The stage cache end to end (issue 16, "Shown by"): data planes serving a config file with the stage cache on,
// sharing a real Redis, in front of a real backend that counts what reaches it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { deflateSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import { request } from 'undici';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Redis } from 'ioredis';
import { configDocumentSchema, contentHash, STAGE_CACHE_FLUSH_CHANNEL, type IamConfig } from '@portico/contracts';
import { deriveSigningKey } from '@portico/engine-sigv4';
import { redisSettings } from '@portico/redis';
import { metricValue, startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { startPrivateRedis, type PrivateRedis } from './support/redis-server.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `t-stage-cache-${randomBytes(4).toString('hex')}:`;
const API = 'cacheapi01';
const MARKER = 'plaintext-marker-7f3a';

/** A backend that counts requests per path and answers a body naming the request and its sequence number. */
interface CountingBackend {
  url: string;
  hits(path: string): number;
  close(): Promise<void>;
}

async function startCountingBackend(): Promise<CountingBackend> {
  const counts = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const n = (counts.get(url.pathname) ?? 0) + 1;
    counts.set(url.pathname, n);
    if (url.pathname.endsWith('/binary')) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.of(0, 255, 1, 2));
      return;
    }
    if (url.pathname.endsWith('/echo')) {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => res.end(JSON.stringify({ received: Buffer.concat(chunks).toString('utf8'), encoding: req.headers['content-encoding'] ?? null })));
      return;
    }
    req.resume();
    const body = JSON.stringify({ path: url.pathname, query: url.search, n, marker: MARKER, pad: 'x'.repeat(400) });
    if (url.pathname.endsWith('/chunked')) {
      // No Content-Length: a streamed answer of unknown size.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(body.slice(0, 100));
      setTimeout(() => res.end(body.slice(100)), 20);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: (path) => counts.get(path) ?? 0,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

// IAM: alice may invalidate the cache, bob may only invoke. Keys for yesterday, today and tomorrow (UTC).
const alice = { accessKeyId: 'AKIAALICECACHE000001', secretAccessKey: 'alice-secret-cache-alice-secret-cache-00' };
const bob = { accessKeyId: 'AKIABOBCACHE00000001', secretAccessKey: 'bob-secret-cache-bob-secret-cache-bob-000' };
const days = [-1, 0, 1].map((d) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10).replace(/-/g, ''));
const keysFor = (secret: string) => Object.fromEntries(days.map((d) => [d, deriveSigningKey(secret, d, 'us-east-1', 'execute-api').toString('hex')]));
const principal = (name: string, actions: string[]) => ({
  arn: `arn:aws:iam::000000000000:user/${name}`,
  principalArn: `arn:aws:iam::000000000000:user/${name}`,
  accountId: '000000000000',
  userId: `AIDA${name.toUpperCase()}`,
  type: 'User' as const,
  username: name,
  tags: {},
  policies: [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: `arn:aws:execute-api:*:*:${API}/*` }] })],
});
const iam: IamConfig = {
  principals: {
    'arn:aws:iam::000000000000:user/alice': principal('alice', ['execute-api:Invoke', 'execute-api:InvalidateCache']),
    'arn:aws:iam::000000000000:user/bob': principal('bob', ['execute-api:Invoke']),
  },
  credentials: [
    { accessKeyId: alice.accessKeyId, principal: 'arn:aws:iam::000000000000:user/alice', signingKeys: keysFor(alice.secretAccessKey) },
    { accessKeyId: bob.accessKeyId, principal: 'arn:aws:iam::000000000000:user/bob', signingKeys: keysFor(bob.secretAccessKey) },
  ],
  vpcEndpoints: [],
};

function document(backendUrl: string) {
  const proxy = (path: string, extra: Record<string, unknown> = {}) => ({ type: 'HTTP_PROXY', httpMethod: 'ANY', uri: `${backendUrl}${path}`, ...extra });
  const method = (verb: string, integration: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    httpMethod: verb,
    authorizationType: 'NONE',
    methodIntegration: integration,
    ...extra,
  });
  const resources: Record<string, Record<string, unknown>> = {
    '/items': {
      GET: method('GET', proxy('/items', { cacheKeyParameters: ['method.request.querystring.type'] }), { requestParameters: { 'method.request.querystring.type': false } }),
      POST: method('POST', proxy('/items-post')),
    },
    '/short': { GET: method('GET', proxy('/short')) },
    '/post': { POST: method('POST', proxy('/post')) },
    '/open': { GET: method('GET', proxy('/open')) },
    '/quiet': { GET: method('GET', proxy('/quiet')) },
    '/fail': { GET: method('GET', proxy('/fail')) },
    '/secret': { GET: method('GET', proxy('/secret')) },
    '/plain': { GET: method('GET', proxy('/plain')) },
    '/iam': { GET: method('GET', proxy('/iam'), { authorizationType: 'AWS_IAM' }) },
    '/chunked': { GET: method('GET', proxy('/chunked')) },
    '/echo': {
      POST: method('POST', { type: 'HTTP', httpMethod: 'POST', uri: `${backendUrl}/echo`, integrationResponses: { '200': { statusCode: '200' } } }),
    },
    '/echo-proxy': { POST: method('POST', proxy('/echo')) },
    '/bin-mock': {
      GET: method('GET', {
        type: 'MOCK',
        requestTemplates: { 'application/json': '{"statusCode": 200}' },
        integrationResponses: { '200': { statusCode: '200', contentHandling: 'CONVERT_TO_BINARY', responseTemplates: { 'application/json': Buffer.from('hello binary').toString('base64') } } },
      }),
    },
    '/bin-mock-bad': {
      GET: method('GET', {
        type: 'MOCK',
        requestTemplates: { 'application/json': '{"statusCode": 200}' },
        integrationResponses: { '200': { statusCode: '200', contentHandling: 'CONVERT_TO_BINARY', responseTemplates: { 'application/json': 'not base64!' } } },
      }),
    },
    '/bin-http': {
      GET: method('GET', { type: 'HTTP', httpMethod: 'GET', uri: `${backendUrl}/binary`, integrationResponses: { '200': { statusCode: '200', contentHandling: 'CONVERT_TO_TEXT' } } }),
    },
    '/bin-in': {
      POST: method('POST', {
        type: 'HTTP',
        httpMethod: 'POST',
        uri: `${backendUrl}/echo`,
        contentHandling: 'CONVERT_TO_TEXT',
        requestTemplates: { 'application/octet-stream': '{"b64": "$input.body"}' },
        integrationResponses: { '200': { statusCode: '200' } },
      }),
    },
    '/tiny': {
      GET: method('GET', {
        type: 'MOCK',
        requestTemplates: { 'application/json': '{"statusCode": 200}' },
        integrationResponses: { '200': { statusCode: '200', responseTemplates: { 'application/json': '{"tiny": true}' } } },
      }),
    },
    '/mock': {
      GET: method('GET', {
        type: 'MOCK',
        requestTemplates: { 'application/json': '{"statusCode": 200}' },
        integrationResponses: { '200': { statusCode: '200', responseTemplates: { 'application/json': `{"mock": "${'m'.repeat(300)}"}` } } },
      }),
    },
  };
  const body = {
    schemaVersion: 1,
    region: 'us-east-1',
    accountId: '000000000000',
    stages: [
      {
        restApiId: API,
        stageName: 'prod',
        deploymentId: 'depcache01',
        cacheClusterEnabled: true,
        cacheClusterSize: '0.5',
        methodSettings: {
          'short/GET': { cacheTtlInSeconds: 1 },
          'post/POST': { cachingEnabled: true },
          'open/GET': { requireAuthorizationForCacheControl: false },
          'quiet/GET': { unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITHOUT_RESPONSE_HEADER' },
          'fail/GET': { unauthorizedCacheControlHeaderStrategy: 'FAIL_WITH_403' },
          'secret/GET': { cacheDataEncrypted: true },
        },
        lastUpdatedDate: 1_700_000_000,
      },
      // Same deployment, compression on, cache off: compression alone.
      { restApiId: API, stageName: 'nocache', deploymentId: 'depcache01', lastUpdatedDate: 1_700_000_000 },
    ],
    deployments: {
      depcache01: {
        schemaVersion: 1,
        restApiId: API,
        deploymentId: 'depcache01',
        createdDate: 1_700_000_000,
        api: { name: 'cached', endpointConfiguration: { types: ['REGIONAL'] }, minimumCompressionSize: 200, binaryMediaTypes: ['application/octet-stream'] },
        resources: Object.entries(resources).map(([path, methods], i) => ({ id: `res${String(i).padStart(3, '0')}`, path, resourceMethods: methods })),
      },
    },
    stageCacheKey: randomBytes(32).toString('base64url'),
    iam,
  };
  const parsed = configDocumentSchema.parse({ ...body, revision: '' });
  const { revision: _r, ...rest } = parsed;
  return { ...parsed, revision: contentHash(rest) };
}

let dir: string;
let file: string;
let backend: CountingBackend;
let replicas: TestDataPlane[];
let redis: Redis;

const settings = () => redisSettings({ REDIS_URL: redisUrl, PORTICO_REDIS_KEY_PREFIX: prefix });

beforeAll(async () => {
  backend = await startCountingBackend();
  dir = await mkdtemp(join(tmpdir(), 'portico-stage-cache-'));
  file = join(dir, 'config.json');
  await writeFile(file, JSON.stringify(document(backend.url)));
  replicas = await Promise.all([1, 2].map(() => startTestDataPlane({ source: { kind: 'file', path: file }, redisUrl, redis: settings() })));
  redis = new Redis(redisUrl);
});

afterAll(async () => {
  await Promise.all((replicas ?? []).map((r) => r.close()));
  await backend?.close();
  if (redis) {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
  await rm(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

async function call(replica: TestDataPlane, path: string, init: RequestInit = {}, stage = 'prod'): Promise<Answer> {
  const res = await fetch(`${replica.invokeUrl}/restapis/${API}/${stage}/_user_request_${path}`, init);
  return { status: res.status, headers: res.headers, body: await res.text() };
}

async function signed(replica: TestDataPlane, path: string, key: { accessKeyId: string; secretAccessKey: string }, headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(`${replica.invokeUrl}/restapis/${API}/prod/_user_request_${path}`);
  const signer = new SignatureV4({ credentials: key, region: 'us-east-1', service: 'execute-api', sha256: Sha256 });
  const request = await signer.sign(
    new HttpRequest({ method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, headers: { host: url.host, ...headers } }),
  );
  return call(replica, path, { headers: request.headers });
}

const n = (answer: Answer) => (JSON.parse(answer.body) as { n: number }).n;
/** Writes settle after the answer: give the shared store a moment before another replica looks. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('hit and miss', () => {
  it('keys entries by the cache key parameters only, and answers hits without the backend', async () => {
    const first = await call(replicas[0], '/items?type=a&dept=1');
    expect(first.status).toBe(200);
    expect(backend.hits('/items')).toBe(1);
    const again = await call(replicas[0], '/items?type=a&dept=1');
    expect(again.body).toBe(first.body);
    expect(again.headers.get('x-amzn-requestid')).not.toBe(first.headers.get('x-amzn-requestid'));
    // `dept` is not a key parameter: the entry of type=a answers it.
    expect((await call(replicas[0], '/items?type=a&dept=2')).body).toBe(first.body);
    expect(backend.hits('/items')).toBe(1);
    const other = await call(replicas[0], '/items?type=b');
    expect(n(other)).toBe(2);
    expect(backend.hits('/items')).toBe(2);
  });

  it('caches GET by default and other verbs only when their method settings enable it', async () => {
    await call(replicas[0], '/items', { method: 'POST', body: '{}' });
    await call(replicas[0], '/items', { method: 'POST', body: '{}' });
    expect(backend.hits('/items-post')).toBe(2);
    await call(replicas[0], '/post', { method: 'POST', body: '{}' });
    await call(replicas[0], '/post', { method: 'POST', body: '{}' });
    expect(backend.hits('/post')).toBe(1);
  });

  it('expires entries after the TTL', async () => {
    await call(replicas[0], '/short');
    await call(replicas[0], '/short');
    expect(backend.hits('/short')).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await call(replicas[0], '/short');
    expect(backend.hits('/short')).toBe(2);
  });

  it('shares entries between replicas through Redis', async () => {
    const filled = await call(replicas[0], '/plain');
    await settle();
    const other = await call(replicas[1], '/plain');
    expect(other.body).toBe(filled.body);
    expect(backend.hits('/plain')).toBe(1);
  });

  it('counts CacheHitCount and CacheMissCount', async () => {
    const metrics = await (await fetch(`${replicas[0].statusUrl}/metrics`)).text();
    expect(metricValue(metrics, 'apigateway_CacheHitCount', { api_id: API, stage: 'prod' })).toBeGreaterThanOrEqual(3);
    expect(metricValue(metrics, 'apigateway_CacheMissCount', { api_id: API, stage: 'prod' })).toBeGreaterThanOrEqual(3);
  });
});

describe('Cache-Control: max-age=0', () => {
  const fresh = { 'cache-control': 'max-age=0' };

  it('refetches and replaces the entry when the method does not require authorization', async () => {
    const first = await call(replicas[0], '/open');
    const refreshed = await call(replicas[0], '/open', { headers: fresh });
    expect(n(refreshed)).toBe(n(first) + 1);
    await settle();
    // The replacement is what both replicas now serve.
    expect((await call(replicas[0], '/open')).body).toBe(refreshed.body);
    expect((await call(replicas[1], '/open')).body).toBe(refreshed.body);
    expect(backend.hits('/open')).toBe(2);
  });

  it('SUCCEED_WITH_RESPONSE_HEADER (the default): an unauthorised caller is served the entry with a Warning header', async () => {
    const first = await call(replicas[0], '/items?type=w');
    const ignored = await call(replicas[0], '/items?type=w', { headers: fresh });
    expect(ignored.body).toBe(first.body);
    expect(ignored.headers.get('warning')).toMatch(/^199 /);
  });

  it('SUCCEED_WITHOUT_RESPONSE_HEADER: served the entry, no header', async () => {
    const first = await call(replicas[0], '/quiet');
    const ignored = await call(replicas[0], '/quiet', { headers: fresh });
    expect(ignored.body).toBe(first.body);
    expect(ignored.headers.get('warning')).toBeNull();
    expect(backend.hits('/quiet')).toBe(1);
  });

  it('FAIL_WITH_403: refused', async () => {
    await call(replicas[0], '/fail');
    const refused = await call(replicas[0], '/fail', { headers: fresh });
    expect(refused.status).toBe(403);
    expect(backend.hits('/fail')).toBe(1);
  });

  it('a caller allowed execute-api:InvalidateCache refetches; one allowed only Invoke is served the entry', async () => {
    const first = await signed(replicas[0], '/iam', bob);
    expect(first.status).toBe(200);
    const bobs = await signed(replicas[0], '/iam', bob, fresh);
    expect(bobs.body).toBe(first.body);
    expect(bobs.headers.get('warning')).toMatch(/^199 /);
    const alices = await signed(replicas[0], '/iam', alice, fresh);
    expect(n(alices)).toBe(n(first) + 1);
    expect(backend.hits('/iam')).toBe(2);
  });

  it('authorization still runs on a hit: an unsigned request to the cached AWS_IAM method is refused', async () => {
    await signed(replicas[0], '/iam', bob);
    const unsigned = await call(replicas[0], '/iam');
    expect(unsigned.status).toBe(403);
    expect(unsigned.body).not.toContain(MARKER);
  });
});

describe('entries in Redis', () => {
  it('are sealed for methods with cacheDataEncrypted (no plaintext in Redis) and clear otherwise', async () => {
    await call(replicas[0], '/secret');
    await call(replicas[0], '/plain');
    await settle();
    const keys = (await redis.keys(`${prefix}portico:stage-cache:{${API}:prod}:*`)).filter((k) => !/:(index|sizes|bytes)$/.test(k));
    const values = await Promise.all(keys.map((k) => redis.getBuffer(k)));
    const withMarker = values.filter((v) => v?.includes(MARKER));
    const secretPath = values.filter((v) => v?.includes('/secret'));
    // The /plain entry (and the others) carry the backend's body in clear; none mentions /secret in clear.
    expect(withMarker.length).toBeGreaterThan(0);
    expect(secretPath).toHaveLength(0);
    // …and the encrypted entry is served to the other replica, which opens it with the same key.
    expect((await call(replicas[1], '/secret')).status).toBe(200);
    expect(backend.hits('/secret')).toBe(1);
  });

  it('FlushStageCache (the control plane deletes the stage keys and announces the stage) empties both layers', async () => {
    await call(replicas[0], '/quiet');
    await call(replicas[1], '/quiet');
    const before = backend.hits('/quiet');
    // What StageCacheService does: delete the stage's keys, then publish the stage on the flush channel.
    const keys = await redis.keys(`${prefix}portico:stage-cache:{${API}:prod}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.publish(`${prefix}${STAGE_CACHE_FLUSH_CHANNEL}`, JSON.stringify({ restApiId: API, stageName: 'prod' }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await call(replicas[0], '/quiet');
    await settle();
    await call(replicas[1], '/quiet');
    expect(backend.hits('/quiet')).toBe(before + 1);
  });
});

describe('response compression (minimumCompressionSize 200)', () => {
  const raw = async (path: string, acceptEncoding: string | undefined, stage = 'nocache') => {
    const res = await request(`${replicas[0].invokeUrl}/restapis/${API}/${stage}/_user_request_${path}`, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });
    return { status: res.statusCode, encoding: res.headers['content-encoding'], body: Buffer.from(await res.body.arrayBuffer()) };
  };

  it('gzips by Accept-Encoding and the result decompresses to the uncompressed answer', async () => {
    const plain = await raw('/plain?c=1', undefined);
    expect(plain.encoding).toBeUndefined();
    const gz = await raw('/plain?c=1', 'gzip');
    expect(gz.encoding).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.body).toString()).path).toBe('/plain');
    expect(gz.body.length).toBeLessThan(plain.body.length);
  });

  it('follows q-values: deflate ranked over gzip, identity or an unsupported coding first means none', async () => {
    const df = await raw('/mock', 'gzip;q=0.5, deflate');
    expect(df.encoding).toBe('deflate');
    expect(JSON.parse(inflateSync(df.body).toString()).mock).toHaveLength(300);
    expect((await raw('/mock', 'br, gzip;q=0.8')).encoding).toBeUndefined();
    expect((await raw('/mock', 'identity, gzip;q=0.5')).encoding).toBeUndefined();
    expect((await raw('/mock', 'gzip;q=0')).encoding).toBeUndefined();
  });

  it('compresses streamed answers of unknown length', async () => {
    const gz = await raw('/chunked', 'gzip');
    expect(gz.status).toBe(200);
    expect(gz.encoding).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.body).toString()).path).toBe('/chunked');
  });

  it('leaves bodies under the threshold alone', async () => {
    const small = await raw('/tiny', 'gzip');
    expect(small.status).toBe(200);
    expect(small.encoding).toBeUndefined();
    expect(JSON.parse(small.body.toString())).toEqual({ tiny: true });
    // An error answer of the gateway is short: a route miss's 403 is not compressed.
    const miss = await raw('/no-such-route', 'gzip');
    expect(miss.status).toBe(403);
    expect(miss.encoding).toBeUndefined();
  });

  it('a cached entry is kept uncompressed: a gzip client and an identity client both get the same answer', async () => {
    const gz = await raw('/chunked', 'gzip', 'prod');
    const plain = await raw('/chunked', undefined, 'prod');
    const gz2 = await raw('/chunked', 'gzip', 'prod');
    expect(gz.encoding).toBe('gzip');
    expect(plain.encoding).toBeUndefined();
    expect(gunzipSync(gz.body).toString()).toBe(plain.body.toString());
    expect(gunzipSync(gz2.body).toString()).toBe(plain.body.toString());
  });
});

describe('compressed request bodies', () => {
  const post = (path: string, body: Buffer, encoding: string) =>
    call(replicas[0], path, { method: 'POST', body, headers: { 'content-encoding': encoding, 'content-type': 'application/json' } }, 'nocache');
  const payload = JSON.stringify({ hello: 'world', pad: 'y'.repeat(500) });

  it('are decompressed for a mapped (HTTP) integration, gzip and deflate', async () => {
    for (const [encoding, bytes] of [
      ['gzip', gzipSync(payload)],
      ['deflate', deflateSync(payload)],
    ] as const) {
      const answer = await post('/echo', bytes, encoding);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body).received).toBe(payload);
    }
  });

  it('pass through a proxy integration as they came', async () => {
    const answer = await post('/echo-proxy', gzipSync(payload), 'gzip');
    expect(JSON.parse(answer.body)).toMatchObject({ encoding: 'gzip' });
    expect(JSON.parse(answer.body).received).not.toContain('hello');
  });

  it('a zip bomb (11 MB of zeros in 11 KB) is 413, a body that does not decode is 400', async () => {
    const bomb = gzipSync(Buffer.alloc(11 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const bombed = await post('/echo', bomb, 'gzip');
    expect(`${bombed.status} ${bombed.body}`).toBe('413 {"message":"Request Too Long"}');
    const corrupt = await post('/echo', Buffer.from('not gzip at all'), 'gzip');
    expect(corrupt.status).toBe(400);
    expect(JSON.parse(corrupt.body)).toEqual({ message: 'Invalid request body: it does not decode with its Content-Encoding' });
  });
});

describe('contentHandling on HTTP and MOCK integration responses', () => {
  const get = async (path: string) => {
    const res = await request(`${replicas[0].invokeUrl}/restapis/${API}/nocache/_user_request_${path}`);
    return { status: res.statusCode, body: Buffer.from(await res.body.arrayBuffer()) };
  };

  it('CONVERT_TO_BINARY decodes a MOCK template’s base64 (500 when it is not base64)', async () => {
    expect((await get('/bin-mock')).body.toString()).toBe('hello binary');
    expect((await get('/bin-mock-bad')).status).toBe(500);
  });

  it('integration CONVERT_TO_TEXT hands the request template a binary body (binaryMediaTypes) base64-encoded', async () => {
    const res = await request(`${replicas[0].invokeUrl}/restapis/${API}/nocache/_user_request_/bin-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.of(0, 255, 1, 2),
    });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(JSON.parse(await res.body.text()).received)).toEqual({ b64: Buffer.of(0, 255, 1, 2).toString('base64') });
  });

  it('CONVERT_TO_TEXT base64-encodes an HTTP backend’s binary answer', async () => {
    const answer = await get('/bin-http');
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe(Buffer.of(0, 255, 1, 2).toString('base64'));
  });
});

describe('Redis down', () => {
  let privateRedis: PrivateRedis;
  let replica: TestDataPlane;

  beforeAll(async () => {
    privateRedis = await startPrivateRedis();
    replica = await startTestDataPlane({ source: { kind: 'file', path: file }, redisUrl: privateRedis.url, redis: redisSettings({ REDIS_URL: privateRedis.url, PORTICO_REDIS_KEY_PREFIX: prefix }) });
  });

  afterAll(async () => {
    await replica?.close();
    await privateRedis?.stop();
  });

  it('passes through to the backend, never a 5xx', async () => {
    expect((await call(replica, '/items?type=down')).status).toBe(200);
    await privateRedis.stop();
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await call(replica, `/items?type=down-${i % 4}`)).status);
    statuses.push((await call(replica, '/open', { headers: { 'cache-control': 'max-age=0' } })).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
  });
});
