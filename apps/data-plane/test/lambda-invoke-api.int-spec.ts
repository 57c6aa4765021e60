import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFunctionRunner, type FunctionRunner } from '@portico/engine-lambda';
import { verifySignature, type VerifyResult } from '@portico/engine-sigv4';
import { configDocument, serveGateway, testClient, type Served } from './support/pipeline-fixtures.js';
import { functionsDir, lambdaAws, lambdaProxy } from './lambda-fixtures.js';

// A Lambda Invoke API endpoint started in the test: it checks the SigV4 signature of every call with
// @portico/engine-sigv4 (service `lambda`, the function's region) and answers as Lambda does.
const ACCESS_KEY_ID = 'AKIDPORTICOLAMBDATEST';
const SECRET = 'portico-lambda-test-secret';
const API = 'invokeapi1';
const host = `${API}.execute-api.localhost`;
const client = testClient();

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  verified: VerifyResult;
}

let lambda: Server;
let endpoint: string;
const received: Received[] = [];
let runner: FunctionRunner;
let wrongKeyRunner: FunctionRunner;
let served: Served;
let servedWrongKey: Served;

function answer(req: IncomingMessage, res: ServerResponse, body: string): void {
  const region = /\/functions\/eu-/.test(req.url ?? '') ? 'eu-west-1' : 'us-east-1';
  const verified = verifySignature(
    { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body },
    { service: 'lambda', region, lookup: (id) => (id === ACCESS_KEY_ID ? { secretAccessKey: SECRET } : undefined) },
  );
  received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, verified });
  if (!verified.ok) {
    res.writeHead(403, { 'content-type': 'application/json', 'x-amzn-errortype': verified.errorType });
    res.end(JSON.stringify({ message: verified.message }));
    return;
  }
  const name = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? '')?.[1];
  const event = JSON.parse(body) as Record<string, unknown>;
  switch (name) {
    case 'remote-echo':
    case 'eu-echo':
      res.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' });
      res.end(JSON.stringify({ statusCode: 200, headers: { 'x-remote': name }, body: JSON.stringify({ path: event.path, url: req.url }) }));
      return;
    case 'remote-greet':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ greeting: `Hello, ${String(event.name)}!` }));
      return;
    case 'remote-error':
      res.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' });
      res.end(JSON.stringify({ errorType: 'Error', errorMessage: 'Not found: remote', trace: [] }));
      return;
    default:
      res.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' });
      res.end(JSON.stringify({ Type: 'User', message: `Function not found: ${name}` }));
  }
}

beforeAll(async () => {
  lambda = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => answer(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => lambda.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(lambda.address() as AddressInfo).port}`;
  const credentials = async () => ({ accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET });
  runner = createFunctionRunner({ functionsDir, lambdaEndpoint: endpoint, region: 'us-east-1', accountId: '000000000000', credentials });
  wrongKeyRunner = createFunctionRunner({
    lambdaEndpoint: endpoint,
    region: 'us-east-1',
    accountId: '000000000000',
    credentials: async () => ({ accessKeyId: ACCESS_KEY_ID, secretAccessKey: 'not-the-secret' }),
  });
  const doc = configDocument({
    apiId: API,
    resources: {
      '/echo': { GET: lambdaProxy('remote-echo') },
      '/alias': { GET: lambdaProxy('remote-echo:live') },
      '/eu': { GET: { methodIntegration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:eu-echo/invocations' } } },
      '/local': { GET: lambdaProxy('echo') },
      '/error': { GET: lambdaProxy('remote-error') },
      '/missing': { GET: lambdaProxy('no-such-function') },
      '/greet': {
        GET: lambdaAws('remote-greet', {
          requestTemplates: { 'application/json': '{"name": "$input.params(\'name\')"}' },
          integrationResponses: {
            '200': { statusCode: '200', responseTemplates: { 'application/json': '$input.path(\'$.greeting\')' } },
          },
        }),
      },
      '/greet-error': {
        GET: lambdaAws('remote-error', {
          integrationResponses: {
            '200': { statusCode: '200' },
            '404': { statusCode: '404', selectionPattern: 'Not found.*', responseTemplates: { 'application/json': '{"error": "$input.path(\'$.errorMessage\')"}' } },
          },
        }),
      },
    },
  });
  served = await serveGateway(doc, { functionRunner: runner });
  servedWrongKey = await serveGateway(doc, { functionRunner: wrongKeyRunner });
});

afterAll(async () => {
  await served.close();
  await servedWrongKey.close();
  await client.close();
  await runner.close();
  await wrongKeyRunner.close();
  lambda.closeAllConnections();
  await new Promise<void>((resolve) => lambda.close(() => resolve()));
});

function get(path: string, target: Served = served) {
  return client.send(`${target.url}/test${path}`, { headers: { host } });
}

function lastCall(): Received {
  const call = received[received.length - 1];
  if (!call) throw new Error('the Invoke API received nothing');
  return call;
}

describe('AWS_PROXY and AWS through the Lambda Invoke API', () => {
  it('invokes with a SigV4 signature the endpoint verifies (service lambda), RequestResponse', async () => {
    const answer = await get('/echo');
    expect(answer.status).toBe(200);
    expect(answer.headers['x-remote']).toBe('remote-echo');
    expect(answer.json()).toEqual({ path: '/echo', url: '/2015-03-31/functions/remote-echo/invocations' });
    const call = lastCall();
    expect(call.verified).toMatchObject({ ok: true, accessKeyId: ACCESS_KEY_ID });
    expect(call.method).toBe('POST');
    expect(call.headers['x-amz-invocation-type']).toBe('RequestResponse');
    expect(JSON.parse(call.body)).toMatchObject({ resource: '/echo', httpMethod: 'GET', requestContext: { stage: 'test' } });
  });

  it('sends an alias as Qualifier and signs for the function region', async () => {
    expect((await get('/alias')).json()).toEqual({ path: '/alias', url: '/2015-03-31/functions/remote-echo/invocations?Qualifier=live' });
    expect(lastCall().verified.ok).toBe(true);
    expect((await get('/eu')).status).toBe(200);
    const eu = lastCall();
    expect(eu.verified.ok).toBe(true);
    expect(String(eu.headers.authorization)).toContain('/eu-west-1/lambda/aws4_request');
  });

  it('prefers a local function of the same name', async () => {
    const before = received.length;
    expect((await get('/local')).status).toBe(200);
    expect(received.length).toBe(before);
  });

  it('X-Amz-Function-Error: 502 for AWS_PROXY; selectionPattern on errorMessage for AWS', async () => {
    const proxy = await get('/error');
    expect([proxy.status, proxy.json()]).toEqual([502, { message: 'Internal server error' }]);
    const aws = await get('/greet-error');
    expect([aws.status, aws.json()]).toEqual([404, { error: 'Not found: remote' }]);
  });

  it('renders the AWS request and response templates around the remote call', async () => {
    const answer = await client.send(`${served.url}/test/greet?name=Grace`, { headers: { host } });
    expect([answer.status, answer.text]).toEqual([200, 'Hello, Grace!']);
    expect(JSON.parse(lastCall().body)).toEqual({ name: 'Grace' });
  });

  it('no such function answers 500; a signature the endpoint refuses answers 500', async () => {
    const missing = await get('/missing');
    expect([missing.status, missing.json()]).toEqual([500, { message: 'Internal server error' }]);
    const refused = await get('/echo', servedWrongKey);
    expect(refused.status).toBe(500);
    expect(lastCall().verified).toMatchObject({ ok: false, errorType: 'InvalidSignatureException' });
  });
});
