import { Readable } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OriginPools } from '@portico/engine-integrations';
import type { RequestRecord } from '@portico/gateway-rest';
import {
  closedPort,
  configDocument,
  echo,
  serveGateway,
  startBackend,
  testClient,
  type Backend,
  type MethodSpec,
  type Served,
} from './support/pipeline-fixtures.js';

const API = 'proxyapi01';
const host = `${API}.execute-api.localhost`;
const client = testClient();
const records: RequestRecord[] = [];
let backend: Backend;
let slow: Backend;
let big: Backend;
let reset: Backend;
let served: Served;
let deadPort: number;

const BIG_RESPONSE_BYTES = 24 * 1024 * 1024;

function proxy(uri: string, extra: Record<string, unknown> = {}): MethodSpec {
  return { methodIntegration: { type: 'HTTP_PROXY', httpMethod: 'ANY', uri, ...extra } };
}

beforeAll(async () => {
  backend = await startBackend(echo);
  // Never answers: the integration timeout has to fire.
  slow = await startBackend(() => undefined);
  // Streams a large body in chunks.
  big = await startBackend((_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': BIG_RESPONSE_BYTES });
    const chunk = Buffer.alloc(1024 * 1024, 7);
    let sent = 0;
    const pump = () => {
      while (sent < BIG_RESPONSE_BYTES) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  // Drops the connection without answering.
  reset = await startBackend((req: IncomingMessage) => req.socket.destroy());
  deadPort = await closedPort();
  served = await serveGateway(
    configDocument({
      apiId: API,
      resources: {
        '/{proxy+}': {
          ANY: proxy(`${backend.url}/{proxy}`, {
            requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
          }),
        },
        '/fixed': { GET: proxy(`${backend.url}/static/path?fromUri=1`) },
        '/mapped/{id}': {
          POST: proxy(`${backend.url}/items/{itemId}`, {
            httpMethod: 'PUT',
            requestParameters: {
              'integration.request.path.itemId': 'method.request.path.id',
              'integration.request.querystring.q': 'method.request.querystring.search',
              'integration.request.querystring.all': 'method.request.multivaluequerystring.tag',
              'integration.request.header.x-from-header': 'method.request.header.X-Client',
              'integration.request.header.x-static': "'fixed-value'",
              'integration.request.header.x-stage-var': 'stageVariables.color',
              'integration.request.header.x-request-id': 'context.requestId',
              'integration.request.header.x-multi': 'method.request.multivalueheader.X-Many',
            },
          }),
        },
        '/staged': { GET: proxy('http://${stageVariables.backendHost}/via-stage/${stageVariables.color}') },
        '/slow': { GET: proxy(`${slow.url}/`, { timeoutInMillis: 100 }) },
        '/dead': { GET: proxy(`http://127.0.0.1:${deadPort}/`) },
        '/big': { GET: proxy(`${big.url}/`) },
        '/reset': { GET: proxy(`${reset.url}/`) },
      },
      stages: [
        {
          stageName: 'test',
          variables: { color: 'blue', backendHost: backend.url.slice('http://'.length) },
          accessLogFormat: '$context.requestId $context.status',
        },
      ],
    }),
    { observe: (record) => records.push(record) },
  );
});

afterAll(async () => {
  await served.close();
  await Promise.all([backend.close(), slow.close(), big.close(), reset.close(), client.close()]);
});

interface Echo {
  method: string;
  url: string;
  headers: Record<string, string>;
  bodyLength: number;
  body: string;
}

describe('HTTP_PROXY', () => {
  it('forwards method, greedy path (raw), multi-value query and the backend status/body unchanged', async () => {
    const answer = await client.send(`${served.url}/test/a/b%2Bc/d?x=1&x=2&y=a+b`, {
      method: 'DELETE',
      headers: { host },
    });
    expect(answer.status).toBe(200);
    const seen = answer.json<Echo>();
    expect(seen.method).toBe('DELETE');
    expect(seen.url).toBe('/a/b%2Bc/d?x=1&x=2&y=a+b');
    expect(answer.headers['x-backend']).toBe('echo');
    expect(answer.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('drops hop-by-hop and listed headers, keeps the rest, adds X-Forwarded-* and the api id', async () => {
    const answer = await client.send(`${served.url}/test/h`, {
      headers: {
        host,
        'x-custom': 'kept',
        'content-md5': 'Q2hlY2sgSW50ZWdyaXR5IQ==',
        'max-forwards': '3',
        authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=00',
        'x-forwarded-for': '203.0.113.9',
      },
    });
    const seen = answer.json<Echo>().headers;
    expect(seen['x-custom']).toBe('kept');
    expect(seen['content-md5']).toBeUndefined();
    expect(seen['max-forwards']).toBeUndefined();
    expect(seen.authorization).toBeUndefined();
    expect(seen.host).toBe(backend.url.slice('http://'.length));
    expect(seen['x-forwarded-for']).toBe('203.0.113.9, 127.0.0.1');
    expect(seen['x-forwarded-proto']).toBe('http');
    expect(seen['x-forwarded-port']).toBe(String(served.port));
    expect(seen['x-amzn-apigateway-api-id']).toBe(API);
    expect(seen['x-amzn-trace-id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });

  it('forwards a non-SigV4 Authorization header', async () => {
    const seen = (await client.send(`${served.url}/test/h`, { headers: { host, authorization: 'Bearer abc' } })).json<Echo>().headers;
    expect(seen.authorization).toBe('Bearer abc');
  });

  it('remaps the backend headers that collide with the gateway’s own', async () => {
    const answer = await client.send(`${served.url}/test/h`, { headers: { host } });
    expect(answer.headers['x-amzn-remapped-content-length']).toBe(answer.headers['content-length']);
    expect(answer.headers['x-amzn-remapped-date']).toBeDefined();
    expect(answer.headers['x-amzn-remapped-connection']).toBe('keep-alive');
  });

  it('uses a URI without placeholders as is, with its own query string first', async () => {
    const seen = (await client.send(`${served.url}/test/fixed?z=9`, { headers: { host } })).json<Echo>();
    expect(seen.url).toBe('/static/path?fromUri=1&z=9');
  });

  it('applies requestParameters: path, querystring, multi-value, headers, static, stage variables, context', async () => {
    const answer = await client.send(`${served.url}/test/mapped/42?search=cats%20dogs&tag=a&tag=b&keep=1`, {
      method: 'POST',
      headers: { host, 'x-client': 'abc', 'x-many': ['one', 'two'], 'content-type': 'text/plain' },
      body: 'hello',
    });
    const seen = answer.json<Echo>();
    expect(seen.method).toBe('PUT');
    const url = new URL(seen.url, 'http://x');
    expect(url.pathname).toBe('/items/42');
    expect(url.searchParams.get('q')).toBe('cats dogs');
    expect(url.searchParams.getAll('all')).toEqual(['a', 'b']);
    expect(url.searchParams.get('keep')).toBe('1');
    expect(seen.headers['x-from-header']).toBe('abc');
    expect(seen.headers['x-static']).toBe('fixed-value');
    expect(seen.headers['x-stage-var']).toBe('blue');
    expect(seen.headers['x-request-id']).toBe(answer.headers['x-amzn-requestid']);
    expect(seen.headers['x-multi']).toBe('one, two');
    expect(seen.body).toBe('hello');
  });

  it('substitutes stage variables in the URI (host and path)', async () => {
    const seen = (await client.send(`${served.url}/test/staged`, { headers: { host } })).json<Echo>();
    expect(seen.url).toBe('/via-stage/blue');
  });

  it('times out after timeoutInMillis with 504 Endpoint request timed out', async () => {
    const answer = await client.send(`${served.url}/test/slow`, { headers: { host } });
    expect(answer.status).toBe(504);
    expect(answer.json()).toEqual({ message: 'Endpoint request timed out' });
    expect(answer.headers['x-amzn-errortype']).toBe('InternalServerErrorException');
  });

  it('answers 500 Internal server error when the backend refuses the connection', async () => {
    const answer = await client.send(`${served.url}/test/dead`, { headers: { host } });
    expect(answer.status).toBe(500);
    expect(answer.json()).toEqual({ message: 'Internal server error' });
    const record = records.find((r) => r.context.requestId === answer.headers['x-amzn-requestid']);
    expect(String(record?.context.integrationErrorMessage)).toContain('ECONNREFUSED');
  });

  it('answers 502 Internal server error when the backend drops the connection', async () => {
    const answer = await client.send(`${served.url}/test/reset`, { headers: { host } });
    expect(answer.status).toBe(502);
    expect(answer.json()).toEqual({ message: 'Internal server error' });
  });

  it('streams a large response body through', async () => {
    const answer = await client.send(`${served.url}/test/big`, { headers: { host } });
    expect(answer.status).toBe(200);
    expect(Buffer.byteLength(answer.text, 'latin1')).toBe(BIG_RESPONSE_BYTES);
  });

  it('streams a chunked request body of 9 MB to the backend', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 1);
    const body = Readable.from((function* () {
      for (let i = 0; i < 9; i++) yield chunk;
    })());
    const answer = await client.send(`${served.url}/test/upload`, { method: 'POST', headers: { host }, body });
    expect(answer.status).toBe(200);
    expect(answer.json<Echo>().bodyLength).toBe(9 * 1024 * 1024);
  });

  it('413 for a declared Content-Length over 10 MB, before the backend is called', async () => {
    const before = backend.received.length;
    const answer = await client.send(`${served.url}/test/upload`, {
      method: 'POST',
      headers: { host },
      body: Buffer.alloc(10 * 1024 * 1024 + 1),
    });
    expect(answer.status).toBe(413);
    expect(answer.json()).toEqual({ message: 'Request Too Long' });
    expect(backend.received.length).toBe(before);
  });

  it('413 for a chunked body that grows past 10 MB while streaming', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 2);
    const body = Readable.from((function* () {
      for (let i = 0; i < 12; i++) yield chunk;
    })());
    const answer = await client.send(`${served.url}/test/upload`, { method: 'POST', headers: { host }, body });
    expect(answer.status).toBe(413);
  });

  it('hands observe() one record per request with the stage access-log format and $context values', async () => {
    const answer = await client.send(`${served.url}/test/obs?x=1`, { headers: { host, 'user-agent': 'ua-test' } });
    const record = records.find((r) => r.context.requestId === answer.headers['x-amzn-requestid']);
    expect(record).toMatchObject({
      apiId: API,
      stage: 'test',
      resourcePath: '/{proxy+}',
      httpMethod: 'GET',
      status: 200,
      accessLogFormat: '$context.requestId $context.status',
    });
    expect(record?.integrationLatencyMs).toBeGreaterThanOrEqual(0);
    expect(record?.context).toMatchObject({
      apiId: API,
      stage: 'test',
      resourceId: expect.any(String),
      resourcePath: '/{proxy+}',
      path: '/test/obs',
      protocol: 'HTTP/1.1',
      'identity.sourceIp': '127.0.0.1',
      'identity.userAgent': 'ua-test',
      domainPrefix: API,
      accountId: '000000000000',
      status: 200,
      extendedRequestId: answer.headers['x-amz-apigw-id'],
    });
    expect(String(record?.context.requestTime)).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
  });
});

describe('backend connection pools', () => {
  it('reuses a pool across configs for the same origin and closes it when no config uses it', async () => {
    const pools = new OriginPools();
    const doc = configDocument({ apiId: 'poolapi001', resources: { '/': { GET: proxy(`${backend.url}/`) } } });
    const first = await serveGateway(doc, { originPools: pools });
    expect(pools.size).toBe(1);
    const second = await serveGateway(doc, { originPools: pools });
    expect(pools.size).toBe(1);
    await first.close();
    expect(pools.size).toBe(1);
    const answer = await client.send(`${second.url}/test/`, { headers: { host: 'poolapi001.execute-api.localhost' } });
    expect(answer.status).toBe(200);
    await second.close();
    expect(pools.size).toBe(0);
  });
});

describe('robustness', () => {
  it('a throwing observe() neither breaks the response nor the process', async () => {
    const errors: unknown[] = [];
    const doc = configDocument({ apiId: 'throwapi01', resources: { '/': { GET: proxy(`${backend.url}/`) } } });
    const local = await serveGateway(doc, {
      observe: () => {
        throw new Error('observer bug');
      },
      onError: (error) => errors.push(error),
    });
    const answer = await client.send(`${local.url}/test/`, { headers: { host: 'throwapi01.execute-api.localhost' } });
    expect(answer.status).toBe(200);
    expect(errors).toHaveLength(1);
    await local.close();
  });
});
