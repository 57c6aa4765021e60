import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { createFunctionRunner, type FunctionRunner } from '@portico/engine-lambda';
import { configDocument, serveGateway, testClient, type Served } from './support/pipeline-fixtures.js';
import { functionsDir, lambdaProxy, withApiSettings } from './lambda-fixtures.js';

const API = 'lambdaapi1';
const host = `${API}.execute-api.localhost`;
const client = testClient();
const vector = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../libs/engine/lambda/test/fixtures/apigw-request.json', import.meta.url)), 'utf8'),
) as { requestContext: Record<string, unknown> & { identity: Record<string, unknown> } };
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let runner: FunctionRunner;
let served: Served;

interface EchoBody {
  event: Record<string, unknown> & { requestContext: Record<string, unknown> & { identity: Record<string, unknown> } };
  context: Record<string, unknown>;
}

beforeAll(async () => {
  runner = createFunctionRunner({ functionsDir, region: 'us-east-1', accountId: '000000000000' });
  const doc = configDocument({
    apiId: API,
    resources: {
      '/{proxy+}': { ANY: lambdaProxy('echo') },
      '/error': { GET: lambdaProxy('error') },
      '/own-timeout': { GET: lambdaProxy('timeout') },
      '/integration-timeout': { GET: lambdaProxy('timeout', { timeoutInMillis: 200 }) },
      '/binary': { ANY: lambdaProxy('binary') },
      '/malformed': { GET: lambdaProxy('malformed') },
      '/callback': { GET: lambdaProxy('callback') },
      '/staged': { GET: lambdaProxy('${stageVariables.fn}:${stageVariables.alias}') },
    },
    stages: [{ stageName: 'test', variables: { fn: 'echo', alias: 'live' } }],
  });
  served = await serveGateway(withApiSettings(doc, { binaryMediaTypes: ['image/png', 'application/octet-stream'], operationNames: { 'ANY /{proxy+}': 'CatchAll' } }), {
    functionRunner: runner,
  });
});

afterAll(async () => {
  await served.close();
  await client.close();
  await runner.close();
});

function send(path: string, options: Parameters<typeof client.send>[1] = {}) {
  return client.send(`${served.url}${path}`, { ...options, headers: { host, ...options.headers } });
}

describe('AWS_PROXY with local functions', () => {
  it('hands the function a payload-1.0 event, field for field', async () => {
    const answer = await send('/test/pets/7?a=1&a=2&q=x+y', { headers: { 'user-agent': 'lambda-test/1', 'X-Custom': 'c1' } });
    expect(answer.status).toBe(200);
    const { event, context } = answer.json<EchoBody>();
    expect(event).toMatchObject({
      resource: '/{proxy+}',
      path: '/pets/7',
      httpMethod: 'GET',
      queryStringParameters: { a: '2', q: 'x y' },
      multiValueQueryStringParameters: { a: ['1', '2'], q: ['x y'] },
      pathParameters: { proxy: 'pets/7' },
      stageVariables: { fn: 'echo', alias: 'live' },
      body: null,
      isBase64Encoded: false,
    });
    expect(event.headers).toMatchObject({ 'X-Custom': 'c1', 'user-agent': 'lambda-test/1', 'X-Forwarded-Proto': 'http' });
    expect(event.multiValueHeaders).toMatchObject({ 'X-Custom': ['c1'] });
    expect(event.requestContext).toMatchObject({
      accountId: '000000000000',
      apiId: API,
      resourcePath: '/{proxy+}',
      httpMethod: 'GET',
      path: '/test/pets/7',
      protocol: 'HTTP/1.1',
      stage: 'test',
      operationName: 'CatchAll',
      domainName: host,
      domainPrefix: API,
      identity: { sourceIp: '127.0.0.1', userAgent: 'lambda-test/1', caller: null, user: null },
    });
    expect(event.requestContext.requestTime).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(event.requestContext.requestId).toBe(answer.headers['x-amzn-requestid']);
    // The same keys as AWS's sample event (less the situational ones: mTLS cert, API key, authorizer).
    const sampleContextKeys = Object.keys(vector.requestContext).filter((k) => k !== 'authorizer');
    expect(Object.keys(event.requestContext).sort()).toEqual([...sampleContextKeys, 'deploymentId', 'operationName'].sort());
    const sampleIdentityKeys = Object.keys(vector.requestContext.identity).filter((k) => !['clientCert', 'apiKey', 'apiKeyId'].includes(k));
    expect(Object.keys(event.requestContext.identity).sort()).toEqual([...sampleIdentityKeys, 'principalOrgId'].sort());
    expect(Object.keys(event).sort()).toEqual([...Object.keys(vector), 'isBase64Encoded'].sort());
    expect(context).toMatchObject({ functionName: 'echo', invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:echo' });
    // The function's headers reach the client; multi-value headers are joined.
    expect(answer.headers['x-function']).toBe('echo');
    expect(answer.headers['x-multi']).toBe('one, two');
    expect(answer.headers['content-type']).toBe('application/json');
  });

  it('passes a text body as text and resolves the function from stage variables (with its alias)', async () => {
    const posted = await send('/test/items', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(posted.json<EchoBody>().event).toMatchObject({ body: '{"a":1}', isBase64Encoded: false, httpMethod: 'POST' });
    const staged = await send('/test/staged');
    expect(staged.json<EchoBody>().context.invokedFunctionArn).toBe('arn:aws:lambda:us-east-1:123456789012:function:echo:live');
  });

  it('answers a function error with 502 Internal server error', async () => {
    const answer = await send('/test/error');
    expect(answer.status).toBe(502);
    expect(answer.json()).toEqual({ message: 'Internal server error' });
    expect(answer.headers['x-amzn-errortype']).toBe('InternalServerErrorException');
  });

  it("answers 502 when the function hits its own timeout, 504 when the integration's comes first", async () => {
    const own = await send('/test/own-timeout');
    expect(own.status).toBe(502);
    const integration = await send('/test/integration-timeout');
    expect(integration.status).toBe(504);
    expect(integration.json()).toEqual({ message: 'Endpoint request timed out' });
  });

  it('serves callback-style handlers', async () => {
    const answer = await send('/test/callback');
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('callback ok from callback');
  });

  it('decodes a base64 body when the client accepts a binary media type, else returns the base64 text', async () => {
    const binary = await request(`${served.url}/test/binary`, { headers: { host, accept: 'image/png' } });
    expect(binary.statusCode).toBe(200);
    expect(binary.headers['content-type']).toBe('image/png');
    expect(Buffer.from(await binary.body.arrayBuffer())).toEqual(PNG);
    const text = await send('/test/binary', { headers: { accept: 'application/json' } });
    expect(text.text).toBe(PNG.toString('base64'));
  });

  it('sends a binary request body base64-encoded (isBase64Encoded) per binaryMediaTypes', async () => {
    const bytes = Buffer.from([0, 1, 2, 254, 255]);
    const answer = await send('/test/binary', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    expect(answer.json()).toEqual({ isBase64Encoded: true, body: bytes.toString('base64') });
    const asText = await send('/test/binary', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(asText.json()).toEqual({ isBase64Encoded: false, body: 'hello' });
  });

  it.each(['extra-key', 'null', 'string', 'bad-status', 'multi-not-list', 'body-object'])('answers a malformed result (%s) with 502', async (kind) => {
    const answer = await send(`/test/malformed?kind=${kind}`);
    expect(answer.status).toBe(502);
    expect(answer.json()).toEqual({ message: 'Internal server error' });
  });

  it('accepts the lenient result forms AWS accepts and merges headers', async () => {
    const created = await send('/test/malformed?kind=string-status');
    expect([created.status, created.text]).toEqual([201, 'created']);
    const headersOnly = await send('/test/malformed?kind=headers-only');
    expect([headersOnly.status, headersOnly.text, headersOnly.headers['x-only']]).toEqual([200, '', 'yes']);
    const merged = await send('/test/malformed?kind=merge');
    expect(merged.headers['x-merged']).toBe('value-multi, value-solo');
    const noContent = await send('/test/malformed?kind=no-content');
    expect([noContent.status, noContent.text, noContent.headers['content-length']]).toEqual([204, '', undefined]);
  });
});
