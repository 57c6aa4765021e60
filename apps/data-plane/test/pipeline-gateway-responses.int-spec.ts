import { closedPort, configDocument, mockRoute, serveGateway, testClient, type Served } from './support/pipeline-fixtures.js';

const client = testClient();
let custom: Served;
const CUSTOM = 'customapi1';
const FAMILY = 'familyapi1';

beforeAll(async () => {
  const deadPort = await closedPort();
  custom = await serveGateway(
    configDocument(
      {
        apiId: CUSTOM,
        resources: {
          '/ok': { GET: mockRoute('GET /ok') },
          '/dead': { GET: { methodIntegration: { type: 'HTTP_PROXY', httpMethod: 'ANY', uri: `http://127.0.0.1:${deadPort}/` } } },
        },
        gatewayResponses: {
          MISSING_AUTHENTICATION_TOKEN: {
            responseType: 'MISSING_AUTHENTICATION_TOKEN',
            statusCode: '404',
            responseParameters: {
              'gatewayresponse.header.x-static': "'static-value'",
              'gatewayresponse.header.x-from-request': 'method.request.header.x-in',
              'gatewayresponse.header.x-stage': 'stageVariables.team',
              'gatewayresponse.header.x-ctx': 'context.stage',
            },
            responseTemplates: {
              'application/json': '{"error":$context.error.messageString,"type":"$context.error.responseType","stage":"$stageVariables.team","id":"$context.requestId"}',
              'text/plain': 'no route: $context.error.message',
            },
          },
          DEFAULT_5XX: { responseType: 'DEFAULT_5XX', statusCode: '503', responseParameters: { 'gatewayresponse.header.x-family': "'5xx'" } },
          REQUEST_TOO_LARGE: { responseType: 'REQUEST_TOO_LARGE', statusCode: '400' },
        },
        stages: [{ stageName: 'test', variables: { team: 'core' } }],
      },
      {
        apiId: FAMILY,
        resources: { '/ok': { GET: mockRoute('GET /ok') } },
        gatewayResponses: {
          DEFAULT_4XX: {
            responseType: 'DEFAULT_4XX',
            responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
            responseTemplates: { 'application/json': '{"msg":$context.error.messageString}' },
          },
        },
      },
    ),
  );
});

afterAll(async () => {
  await custom.close();
  await client.close();
});

function call(apiId: string, path: string, headers: Record<string, string> = {}, method = 'GET', body?: Buffer) {
  return client.send(`${custom.url}/test${path}`, { method, headers: { host: `${apiId}.execute-api.localhost`, ...headers }, body });
}

describe('gateway responses', () => {
  it('renders a customised type: status, static / request / stage-variable / context headers, template variables', async () => {
    const answer = await call(CUSTOM, '/nope', { 'x-in': 'from-client' });
    expect(answer.status).toBe(404);
    expect(answer.headers['x-static']).toBe('static-value');
    expect(answer.headers['x-from-request']).toBe('from-client');
    expect(answer.headers['x-stage']).toBe('core');
    expect(answer.headers['x-ctx']).toBe('test');
    expect(answer.headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException');
    expect(answer.json()).toEqual({
      error: 'Missing Authentication Token',
      type: 'MISSING_AUTHENTICATION_TOKEN',
      stage: 'core',
      id: answer.headers['x-amzn-requestid'],
    });
  });

  it('picks the template by Accept', async () => {
    const answer = await call(CUSTOM, '/nope', { accept: 'text/plain' });
    expect(answer.headers['content-type']).toBe('text/plain');
    expect(answer.text).toBe('no route: Missing Authentication Token');
  });

  it('applies DEFAULT_5XX to an uncustomised 5xx type (status over the situation’s own)', async () => {
    const answer = await call(CUSTOM, '/dead');
    expect(answer.status).toBe(503);
    expect(answer.headers['x-family']).toBe('5xx');
    expect(answer.json()).toEqual({ message: 'Internal server error' });
  });

  it('applies DEFAULT_4XX templates and headers to uncustomised 4xx types, keeping their statuses', async () => {
    const answer = await call(FAMILY, '/nope');
    expect(answer.status).toBe(403);
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    expect(answer.json()).toEqual({ msg: 'Missing Authentication Token' });
  });

  it('does not let REQUEST_TOO_LARGE be customised', async () => {
    const answer = await call(CUSTOM, '/ok', {}, 'POST', Buffer.alloc(10 * 1024 * 1024 + 10));
    expect(answer.status).toBe(413);
    expect(answer.json()).toEqual({ message: 'Request Too Long' });
  });
});
