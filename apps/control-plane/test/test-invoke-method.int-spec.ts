import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  CreateAuthorizerCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  TestInvokeMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { awsCli, awsCliAvailable } from '@portico/testing-aws-cli';
import { errorOf, startTestControlPlane, TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY, type TestControlPlane } from './support/test-control-plane.js';

const functionsDir = fileURLToPath(new URL('../../../examples/functions', import.meta.url));
const LOG_LINE = /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4} : /;

/** Header names compare case-insensitively (the data plane writes some in lower case, as HTTP allows). */
function lowerKeys<T>(map: Record<string, T> | undefined): Record<string, T> {
  return Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}

/** The message of every timestamped log line (AWS's "{date} : {message}" form), checked to be that form. */
function logMessages(log: string | undefined): string[] {
  const lines = (log ?? '').trimEnd().split('\n');
  expect(lines[0]).toMatch(/^Execution log for request \S+$/);
  return lines.slice(1).map((line) => {
    expect(line).toMatch(LOG_LINE);
    return line.replace(LOG_LINE, '');
  });
}

// TestInvokeMethod through the real SDK: the method runs through the data plane's compiler and pipeline on the
// API's current (undeployed) tree, against a real backend and the repository's local Lambda functions. Nothing is
// deployed in this file: every method is tested before any deployment exists.
describe('TestInvokeMethod', () => {
  let cp: TestControlPlane;
  let backend: Server;
  let backendUrl: string;
  const received: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
  let apiId: string;
  let rootId: string;

  async function resource(pathPart: string, parentId = rootId): Promise<string> {
    return (await cp.client.send(new CreateResourceCommand({ restApiId: apiId, parentId, pathPart }))).id!;
  }

  beforeAll(async () => {
    backend = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        const answer = JSON.stringify({ from: 'backend', url: req.url, body });
        res.writeHead(201, { 'content-type': 'application/json', 'x-backend': 'yes' });
        res.end(answer);
      });
    });
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    cp = await startTestControlPlane({ functionsDir });
    const api = await cp.client.send(new CreateRestApiCommand({ name: 'test-invoke' }));
    apiId = api.id!;
    rootId = api.rootResourceId!;
  });

  afterAll(async () => {
    await cp?.close();
    await new Promise<void>((resolve) => (backend ? backend.close(() => resolve()) : resolve()));
  });

  it('runs a MOCK method with its response template, and answers the shape AWS answers', async () => {
    const id = await resource('mock');
    const m = { restApiId: apiId, resourceId: id, httpMethod: 'GET' };
    await cp.client.send(new PutMethodCommand({ ...m, authorizationType: 'NONE' }));
    await cp.client.send(new PutIntegrationCommand({ ...m, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await cp.client.send(new PutMethodResponseCommand({ ...m, statusCode: '200', responseParameters: { 'method.response.header.X-Stage-Color': false } }));
    await cp.client.send(
      new PutIntegrationResponseCommand({
        ...m,
        statusCode: '200',
        responseParameters: { 'method.response.header.X-Stage-Color': 'stageVariables.color' },
        responseTemplates: { 'application/json': '{"color":"$stageVariables.color","q":"$input.params(\'q\')","stage":"$context.stage"}' },
      }),
    );
    const answer = await cp.client.send(new TestInvokeMethodCommand({ ...m, pathWithQueryString: '/mock?q=hello', stageVariables: { color: 'green' } }));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body!)).toEqual({ color: 'green', q: 'hello', stage: 'test-invoke-stage' });
    expect(lowerKeys(answer.headers)).toMatchObject({ 'content-type': 'application/json', 'x-stage-color': 'green' });
    expect(lowerKeys(answer.multiValueHeaders)).toMatchObject({ 'content-type': ['application/json'], 'x-stage-color': ['green'] });
    expect(typeof answer.latency).toBe('number');
    const messages = logMessages(answer.log);
    expect(messages).toEqual(
      expect.arrayContaining([
        'HTTP Method: GET, Resource Path: /mock',
        'Method request path: {}',
        'Method request query string: {q=hello}',
        'Method request headers: {}',
        'Method request body before transformations: ',
        `Method response body after transformations: ${answer.body}`,
        'Successfully completed execution',
        'Method completed with status: 200',
      ]),
    );
    expect(answer.log).toContain(`Execution log for request ${lowerKeys(answer.headers)['x-amzn-requestid']}`);

    if (!awsCliAvailable()) return;
    // The README's CLI form.
    const aws = awsCli({ endpoint: cp.url, credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY }, region: TEST_REGION });
    const cli = (await aws.json(
      'apigateway', 'test-invoke-method', '--rest-api-id', apiId, '--resource-id', id, '--http-method', 'GET', '--path-with-query-string', '/mock?q=cli', '--headers', 'Accept=application/json', '--stage-variables', 'color=blue',
    )) as { status: number; body: string; log: string; latency: number };
    expect(cli.status).toBe(200);
    expect(JSON.parse(cli.body)).toEqual({ color: 'blue', q: 'cli', stage: 'test-invoke-stage' });
    expect(logMessages(cli.log)).toContain('Method request headers: {Accept=application/json}');
  });

  it('runs an HTTP_PROXY method against a real backend, logging the endpoint request and response', async () => {
    const items = await resource('items');
    const id = await resource('{id}', items);
    const m = { restApiId: apiId, resourceId: id, httpMethod: 'POST' };
    await cp.client.send(new PutMethodCommand({ ...m, authorizationType: 'NONE', requestParameters: { 'method.request.path.id': true } }));
    await cp.client.send(
      new PutIntegrationCommand({
        ...m,
        type: 'HTTP_PROXY',
        integrationHttpMethod: 'POST',
        uri: `${backendUrl}/backend/{id}`,
        requestParameters: { 'integration.request.path.id': 'method.request.path.id', 'integration.request.header.X-Mapped': "'constant'" },
      }),
    );
    const answer = await cp.client.send(
      new TestInvokeMethodCommand({
        ...m,
        pathWithQueryString: '/items/42?x=1',
        body: '{"hello":"world"}',
        headers: { 'Content-Type': 'application/json' },
        multiValueHeaders: { 'X-Many': ['a', 'b'] },
      }),
    );
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body!)).toEqual({ from: 'backend', url: '/backend/42?x=1', body: '{"hello":"world"}' });
    expect(lowerKeys(answer.headers)).toMatchObject({ 'x-backend': 'yes' });
    const seen = received.at(-1)!;
    expect(seen).toMatchObject({ method: 'POST', url: '/backend/42?x=1', body: '{"hello":"world"}' });
    expect(seen.headers['x-mapped']).toBe('constant');
    expect(seen.headers['x-many']).toBe('a, b');
    const messages = logMessages(answer.log);
    expect(messages).toEqual(
      expect.arrayContaining([
        'HTTP Method: POST, Resource Path: /items/42',
        'Method request path: {id=42}',
        'Method request query string: {x=1}',
        'Method request body before transformations: {"hello":"world"}',
        `Endpoint request URI: ${backendUrl}/backend/42?x=1`,
        'Endpoint request body after transformations: {"hello":"world"}',
        `Sending request to ${backendUrl}/backend/42?x=1`,
        `Endpoint response body before transformations: ${answer.body}`,
        'Method completed with status: 201',
      ]),
    );
    expect(messages.find((l) => l.startsWith('Method request headers: '))).toContain('X-Many=a, X-Many=b');
    expect(messages.find((l) => l.startsWith('Endpoint request headers: '))).toMatch(/X-Mapped=constant/i);
    expect(messages.find((l) => l.startsWith('Received response. '))).toMatch(/^Received response\. Status: 201, Integration latency: \d+ ms$/);
    // The log keeps AWS's order: method request, endpoint request, endpoint response, method response.
    const order = ['Method request path', 'Endpoint request URI', 'Endpoint request body after', 'Received response', 'Endpoint response body', 'Method response body', 'Method completed'];
    const at = order.map((prefix) => messages.findIndex((l) => l.startsWith(prefix)));
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  it('runs an AWS_PROXY method with a local Lambda function, logging the event sent and the answer', async () => {
    const id = await resource('echo');
    const m = { restApiId: apiId, resourceId: id, httpMethod: 'GET' };
    await cp.client.send(new PutMethodCommand({ ...m, authorizationType: 'NONE' }));
    const functionArn = 'arn:aws:lambda:us-east-1:000000000000:function:echo';
    await cp.client.send(
      new PutIntegrationCommand({ ...m, type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${functionArn}/invocations` }),
    );
    const answer = await cp.client.send(new TestInvokeMethodCommand({ ...m, pathWithQueryString: '/echo?name=ada', headers: { 'X-Test': 'yes' }, stageVariables: { v: '1' } }));
    expect(answer.status).toBe(200);
    expect(lowerKeys(answer.headers)).toMatchObject({ 'content-type': 'application/json', 'x-function': 'echo' });
    // The data plane writes a multi-value header as one line, as node joins it: the answer shows that line.
    expect(lowerKeys(answer.multiValueHeaders)['x-multi']!.join(', ')).toBe('one, two');
    const { event } = JSON.parse(answer.body!) as { event: Record<string, unknown> };
    expect(event).toMatchObject({
      resource: '/echo',
      path: '/echo',
      httpMethod: 'GET',
      queryStringParameters: { name: 'ada' },
      stageVariables: { v: '1' },
      requestContext: { stage: 'test-invoke-stage' },
    });
    expect((event.headers as Record<string, string>)['X-Test']).toBe('yes');
    const messages = logMessages(answer.log);
    expect(messages).toContain(`Endpoint request URI: https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/${functionArn}/invocations`);
    const sent = messages.find((l) => l.startsWith('Endpoint request body after transformations: '))!;
    expect(JSON.parse(sent.slice('Endpoint request body after transformations: '.length))).toMatchObject({ path: '/echo', queryStringParameters: { name: 'ada' } });
    expect(messages.find((l) => l.startsWith('Endpoint response body before transformations: '))).toContain('"statusCode":200');
    expect(messages).toContain('Method completed with status: 200');
  });

  it('runs an AWS (non-proxy) Lambda method through its request and response templates', async () => {
    const id = await resource('greet');
    const m = { restApiId: apiId, resourceId: id, httpMethod: 'GET' };
    await cp.client.send(new PutMethodCommand({ ...m, authorizationType: 'NONE' }));
    await cp.client.send(
      new PutIntegrationCommand({
        ...m,
        type: 'AWS',
        integrationHttpMethod: 'POST',
        uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:greet/invocations',
        requestTemplates: { 'application/json': '{"name": "$input.params(\'name\')"}' },
      }),
    );
    await cp.client.send(new PutMethodResponseCommand({ ...m, statusCode: '200' }));
    await cp.client.send(new PutIntegrationResponseCommand({ ...m, statusCode: '200', responseTemplates: { 'application/json': '{"said":"$input.path(\'$.greeting\')"}' } }));
    const answer = await cp.client.send(new TestInvokeMethodCommand({ ...m, pathWithQueryString: '/greet?name=Ada' }));
    expect(answer).toMatchObject({ status: 200, body: '{"said":"Hello, Ada!"}' });
    const messages = logMessages(answer.log);
    expect(messages).toEqual(
      expect.arrayContaining([
        'Endpoint request body after transformations: {"name": "Ada"}',
        'Endpoint response body before transformations: {"greeting":"Hello, Ada!","name":"Ada"}',
        'Method response body after transformations: {"said":"Hello, Ada!"}',
      ]),
    );
  });

  it('refuses a malformed request with the AWS-shaped 400', async () => {
    const id = await resource('malformed');
    const m = { restApiId: apiId, resourceId: id, httpMethod: 'GET' };
    await cp.client.send(new PutMethodCommand({ ...m, authorizationType: 'NONE' }));
    const path = `/restapis/${apiId}/resources/${id}/methods/GET`;
    for (const body of ['{"headers": 5}', '{"multiValueHeaders": {"a": "b"}}', '{"stageVariables": []}', '{"body": {}}', '[1]']) {
      const r = await cp.request('POST', path, { body });
      expect([r.status, body]).toEqual([400, body]);
    }
  });

  it('skips authorization, as AWS does, and refuses unknown resources and methods with AWS texts', async () => {
    const id = await resource('secured');
    const authorizer = await cp.client.send(
      new CreateAuthorizerCommand({
        restApiId: apiId,
        name: 'deny-all',
        type: 'TOKEN',
        identitySource: 'method.request.header.Authorization',
        authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:authorizer-deny/invocations',
      }),
    );
    const m = { restApiId: apiId, resourceId: id, httpMethod: 'GET' };
    await cp.client.send(new PutMethodCommand({ ...m, authorizationType: 'CUSTOM', authorizerId: authorizer.id, apiKeyRequired: true }));
    await cp.client.send(new PutIntegrationCommand({ ...m, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await cp.client.send(new PutMethodResponseCommand({ ...m, statusCode: '200' }));
    await cp.client.send(new PutIntegrationResponseCommand({ ...m, statusCode: '200', responseTemplates: { 'application/json': '{"ok":true}' } }));
    const answer = await cp.client.send(new TestInvokeMethodCommand({ ...m, pathWithQueryString: '/secured' }));
    expect(answer).toMatchObject({ status: 200, body: '{"ok":true}' });

    const noResource = await errorOf(cp.client.send(new TestInvokeMethodCommand({ ...m, resourceId: 'nosuch' })));
    expect(noResource).toMatchObject({ name: 'NotFoundException', message: 'Invalid Resource identifier specified' });
    const noMethod = await errorOf(cp.client.send(new TestInvokeMethodCommand({ ...m, httpMethod: 'DELETE' })));
    expect(noMethod).toMatchObject({ name: 'NotFoundException', message: 'Invalid Method identifier specified' });
  });

  it('answers a method without an integration with 500 and the reason in the log, not an error', async () => {
    const id = await resource('bare');
    const m = { restApiId: apiId, resourceId: id, httpMethod: 'GET' };
    await cp.client.send(new PutMethodCommand({ ...m, authorizationType: 'NONE' }));
    const answer = await cp.client.send(new TestInvokeMethodCommand(m));
    expect(answer.status).toBe(500);
    expect(logMessages(answer.log).some((l) => l.startsWith('Execution failed due to configuration error: '))).toBe(true);
  });
});
