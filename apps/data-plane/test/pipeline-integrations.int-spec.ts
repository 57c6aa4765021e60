import type { IncomingMessage, ServerResponse } from 'node:http';
import { configDocument, serveGateway, startBackend, testClient, type Backend, type MethodSpec, type Served } from './support/pipeline-fixtures.js';

const API = 'integapi01';
const host = `${API}.execute-api.localhost`;
const client = testClient();
let backend: Backend;
let served: Served;

function mock(requestTemplates: Record<string, string>, integrationResponses: Record<string, unknown>, extra: Record<string, unknown> = {}): MethodSpec {
  return { methodIntegration: { type: 'MOCK', requestTemplates, integrationResponses, ...extra } };
}

function http(path: string, integrationResponses: Record<string, unknown>, extra: Record<string, unknown> = {}): MethodSpec {
  return { methodIntegration: { type: 'HTTP', httpMethod: 'POST', uri: `${backend.url}${path}`, integrationResponses, ...extra } };
}

const ok = { statusCode: '200', responseParameters: { 'method.response.header.x-which': "'ok'" } };

beforeAll(async () => {
  // Answers with the status named in the path (`/status/404`), a header, and a JSON body.
  backend = await startBackend((req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const status = Number(/\/status\/(\d{3})/.exec(req.url ?? '')?.[1] ?? 200);
    res.writeHead(status, { 'content-type': 'text/plain', 'x-backend-header': 'from-backend', 'x-echo-ct': req.headers['content-type'] ?? '' });
    res.end(JSON.stringify({ status, received: body.toString(), url: req.url, ua: req.headers['user-agent'] }));
  });
  served = await serveGateway(
    configDocument({
      apiId: API,
      resources: {
        '/mock/json': { GET: mock({ 'application/json': '{"statusCode": 200}' }, { '200': ok }) },
        '/mock/cdk': { GET: mock({ 'application/json': '{ statusCode: 201 }' }, { '201': { statusCode: '201' } }) },
        '/mock/none': { GET: mock({}, { '200': ok }) },
        '/mock/selected': {
          GET: mock(
            { 'application/json': '{"statusCode": 404}' },
            {
              '200': ok,
              '404': { statusCode: '404', selectionPattern: '4\\d\\d', responseParameters: { 'method.response.header.x-which': "'not-found'" } },
            },
          ),
        },
        '/mock/invalid': { GET: mock({ 'application/json': '{"nothing": true}' }, { '200': ok }) },
        '/mock/unmatched': { GET: mock({ 'application/json': '{"statusCode": 302}' }, { '200': { statusCode: '200', selectionPattern: '2\\d\\d' } }) },
        '/mock/body': {
          OPTIONS: mock(
            { 'application/json': '{"statusCode": 200}' },
            {
              '200': {
                statusCode: '200',
                responseParameters: {
                  'method.response.header.Access-Control-Allow-Origin': "'*'",
                  'method.response.header.x-stage': 'stageVariables.flavour',
                  'method.response.header.x-req': 'context.requestId',
                },
                responseTemplates: { 'application/json': '{"static": true}' },
              },
            },
          ),
        },
        '/mock/never': { POST: mock({ 'application/json': '{"statusCode": 200}' }, { '200': ok }, { passthroughBehavior: 'NEVER' }) },
        '/mock/vtl': { GET: mock({ 'application/json': '#set($x = 201){"statusCode": $x}' }, { '200': ok, '201': { statusCode: '201' } }) },
        '/http/{code}': {
          POST: http('/status/{code}', {
            '200': { statusCode: '200', responseParameters: { 'method.response.header.x-from': 'integration.response.header.x-backend-header' } },
            '400': { statusCode: '400', selectionPattern: '4\\d\\d' },
            '502': { statusCode: '502', selectionPattern: '5\\d\\d', responseParameters: { 'method.response.header.x-body': 'integration.response.body.$.status' } },
          }, { requestParameters: { 'integration.request.path.code': 'method.request.path.code' } }),
        },
        '/http-nodefault/{code}': {
          POST: http('/status/{code}', { '201': { statusCode: '201', selectionPattern: '20\\d' } }, {
            requestParameters: { 'integration.request.path.code': 'method.request.path.code' },
          }),
        },
        '/http-never': { POST: http('/status/200', { '200': ok }, { passthroughBehavior: 'NEVER' }) },
        '/http-headers': {
          POST: http('/status/200', { '200': ok }, {
            requestParameters: { 'integration.request.header.x-mapped': 'method.request.header.x-in', 'integration.request.querystring.q': "'v'" },
          }),
        },
        '/iam': { GET: { authorizationType: 'AWS_IAM', methodIntegration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' }, integrationResponses: { '200': ok } } } },
        '/keyed': { GET: { apiKeyRequired: true, methodIntegration: { type: 'MOCK', requestTemplates: {}, integrationResponses: { '200': ok } } } },
        '/lambda': { GET: { methodIntegration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:lambda:path/x' } } },
      },
      stages: [{ stageName: 'test', variables: { flavour: 'mint' } }],
    }),
  );
});

afterAll(async () => {
  await served.close();
  await Promise.all([backend.close(), client.close()]);
});

function call(path: string, method = 'GET', extra: { headers?: Record<string, string>; body?: string } = {}) {
  return client.send(`${served.url}/test${path}`, { method, headers: { host, ...extra.headers }, body: extra.body });
}

describe('MOCK', () => {
  it('takes the status from the request template and answers with the integration response, empty body', async () => {
    const answer = await call('/mock/json');
    expect(answer.status).toBe(200);
    expect(answer.headers['x-which']).toBe('ok');
    expect(answer.text).toBe('');
    expect(answer.headers['content-type']).toBe('application/json');
  });

  it('parses the CDK form {statusCode: 201} leniently', async () => {
    expect((await call('/mock/cdk')).status).toBe(201);
  });

  it('answers 200 without a request template', async () => {
    expect((await call('/mock/none')).status).toBe(200);
  });

  it('selects the integration response by selectionPattern against the status', async () => {
    const answer = await call('/mock/selected');
    expect(answer.status).toBe(404);
    expect(answer.headers['x-which']).toBe('not-found');
  });

  it('answers 500 when the template yields no statusCode', async () => {
    const answer = await call('/mock/invalid');
    expect(answer.status).toBe(500);
    expect(answer.json()).toEqual({ message: 'Internal server error' });
  });

  it('answers 500 when no integration response matches and there is no default', async () => {
    expect((await call('/mock/unmatched')).status).toBe(500);
  });

  it('maps static, stage-variable and context headers and a static response template', async () => {
    const answer = await call('/mock/body', 'OPTIONS');
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    expect(answer.headers['x-stage']).toBe('mint');
    expect(answer.headers['x-req']).toBe(answer.headers['x-amzn-requestid']);
    expect(answer.json()).toEqual({ static: true });
  });

  it('passthroughBehavior NEVER with an unmatched content type → 415', async () => {
    const answer = await call('/mock/never', 'POST', { headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(answer.status).toBe(415);
    expect(answer.json()).toEqual({ message: 'Unsupported Media Type' });
  });

  it('renders a VTL request template: its statusCode selects the integration response', async () => {
    expect((await call('/mock/vtl')).status).toBe(201);
    expect(served.gateway.warnings.some((w) => w.includes('/mock/vtl'))).toBe(false);
  });
});

describe('HTTP (non-proxy)', () => {
  it('passes the body through and maps integration response headers for the default response', async () => {
    const answer = await call('/http/200', 'POST', { headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(answer.status).toBe(200);
    expect(answer.headers['x-from']).toBe('from-backend');
    expect(answer.headers['x-backend-header']).toBeUndefined();
    expect(answer.headers['content-type']).toBe('application/json');
    const body = answer.json<{ received: string; ua: string }>();
    expect(body.received).toBe('{"a":1}');
    expect(body.ua).toBe(`AmazonAPIGateway_${API}`);
  });

  it('selects by whole-string pattern on the backend status', async () => {
    expect((await call('/http/404', 'POST')).status).toBe(400);
    const answer = await call('/http/503', 'POST');
    expect(answer.status).toBe(502);
    expect(answer.headers['x-body']).toBe('503');
    // `20\d` must match the whole status: 201 matches, there is no default for 404.
    expect((await call('/http-nodefault/201', 'POST')).status).toBe(201);
    const unmatched = await call('/http-nodefault/404', 'POST');
    expect(unmatched.status).toBe(500);
    expect(unmatched.json()).toEqual({ message: 'Internal server error' });
  });

  it('sends only mapped headers and query parameters', async () => {
    const before = backend.received.length;
    await call('/http-headers?dropped=1', 'POST', { headers: { 'x-in': 'mapped-value', 'x-other': 'dropped' } });
    const seen = backend.received[before];
    expect(seen.headers['x-mapped']).toBe('mapped-value');
    expect(seen.headers['x-other']).toBeUndefined();
    expect(seen.url).toBe('/status/200?q=v');
  });

  it('passthroughBehavior NEVER without templates → 415', async () => {
    expect((await call('/http-never', 'POST', { body: 'x' })).status).toBe(415);
  });
});

describe('methods that cannot be served safely', () => {
  it('/keyed (apiKeyRequired) is served and refuses a request without a key: 403 INVALID_API_KEY', async () => {
    const answer = await call('/keyed');
    expect(answer.status).toBe(403);
    expect(answer.json()).toEqual({ message: 'Forbidden' });
  });

  it('/iam (AWS_IAM) is served and refuses an unsigned request: 403 Missing Authentication Token', async () => {
    const answer = await call('/iam');
    expect(answer.status).toBe(403);
    expect(answer.json()).toEqual({ message: 'Missing Authentication Token' });
  });

  it.each(['/lambda'])('%s answers 500 API_CONFIGURATION_ERROR and is reported once', async (path) => {
    const answer = await call(path);
    expect(answer.status).toBe(500);
    expect(answer.json()).toEqual({ message: 'Internal server error' });
    expect(served.gateway.warnings.filter((w) => w.includes(` ${path}:`))).toHaveLength(1);
  });
});
