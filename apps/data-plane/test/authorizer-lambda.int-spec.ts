import { fileURLToPath } from 'node:url';
import { createFunctionRunner, type FunctionRunner } from '@portico/engine-lambda';
import { configDocument, serveGateway, startBackend, testClient, type Backend, type Served } from './support/pipeline-fixtures.js';
import { lambdaProxy, lambdaUri } from './lambda-fixtures.js';
import { proxyWithAuthorizerHeaders, withAuthorizers } from './authorizer-fixtures.js';

const API = 'lambdaauth';
const host = `${API}.execute-api.localhost`;
const functionsDir = fileURLToPath(new URL('./authorizer-functions', import.meta.url));
const echoDir = fileURLToPath(new URL('../../../examples/functions', import.meta.url));
const client = testClient();
let local: FunctionRunner;
let examples: FunctionRunner;
let backend: Backend;
let served: Served;
/** Invocations per function name: the real runner, counted (the proof that caching avoids calls). */
const invocations = new Map<string, number>();

beforeAll(async () => {
  local = createFunctionRunner({ functionsDir, region: 'us-east-1', accountId: '000000000000' });
  examples = createFunctionRunner({ functionsDir: echoDir, region: 'us-east-1', accountId: '000000000000' });
  const runner: FunctionRunner = {
    invoke(target, payload, options) {
      invocations.set(target.functionName, (invocations.get(target.functionName) ?? 0) + 1);
      return (target.functionName === 'echo' ? examples : local).invoke(target, payload, options);
    },
    close: async () => undefined,
  };
  backend = await startBackend();
  const forward = (path: string) => proxyWithAuthorizerHeaders(`${backend.url}${path}`, ['principalId', 'tier', 'admin', 'quota', 'eventKeys', 'contextKeys', 'type']);
  const doc = withAuthorizers(
    configDocument({
      apiId: API,
      resources: {
        '/token': { GET: forward('/token'), POST: forward('/token') },
        '/uncached': { GET: forward('/uncached') },
        '/request': { GET: forward('/request') },
        '/lambda': { GET: lambdaProxy('echo') },
      },
      stages: [{ stageName: 'test', variables: { StageVar1: 'stageValue1' } }],
    }),
    [
      { id: 'tok001', type: 'TOKEN', authorizerUri: lambdaUri('token-authorizer'), identitySource: 'method.request.header.Authorization', identityValidationExpression: '^Bearer [-a-z]+$' },
      { id: 'tok000', type: 'TOKEN', authorizerUri: lambdaUri('token-authorizer'), identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 0 },
      { id: 'req001', type: 'REQUEST', authorizerUri: lambdaUri('request-authorizer'), identitySource: 'method.request.header.HeaderAuth1, method.request.querystring.QueryString1' },
    ],
    {
      'GET /token': { authorizationType: 'CUSTOM', authorizerId: 'tok001' },
      'POST /token': { authorizationType: 'CUSTOM', authorizerId: 'tok001' },
      'GET /uncached': { authorizationType: 'CUSTOM', authorizerId: 'tok000' },
      'GET /request': { authorizationType: 'CUSTOM', authorizerId: 'req001' },
      'GET /lambda': { authorizationType: 'CUSTOM', authorizerId: 'tok001' },
    },
  );
  served = await serveGateway(doc, { functionRunner: runner });
});

afterAll(async () => {
  await served.close();
  await backend.close();
  await client.close();
  await local.close();
  await examples.close();
});

const send = (path: string, options: { method?: string; headers?: Record<string, string> } = {}) =>
  client.send(`${served.url}/test${path}`, { method: options.method, headers: { host, ...options.headers } });
const count = (name: string) => invocations.get(name) ?? 0;

describe('Lambda TOKEN authorizer', () => {
  it('allows, passing principalId and context to the integration as $context.authorizer.*', async () => {
    const answer = await send('/token', { headers: { authorization: 'Bearer allow' } });
    expect(answer.status).toBe(200);
    const seen = backend.received.at(-1)!.headers;
    expect(seen).toMatchObject({ 'x-auth-principalid': 'user-allow', 'x-auth-tier': 'gold', 'x-auth-admin': 'true', 'x-auth-quota': '3' });
  });

  it('hands Lambda proxy integrations requestContext.authorizer', async () => {
    const answer = await send('/lambda', { headers: { authorization: 'Bearer allow' } });
    expect(answer.status).toBe(200);
    const { event } = answer.json<{ event: { requestContext: { authorizer: Record<string, unknown> } } }>();
    expect(event.requestContext.authorizer).toMatchObject({ principalId: 'user-allow', tier: 'gold', quota: 3, admin: true });
    expect(typeof event.requestContext.authorizer.integrationLatency).toBe('number');
  });

  it('answers 403 for a Deny policy, 401 for "Unauthorized", 500 for a crash or a malformed answer', async () => {
    const cases: Array<[string, number, unknown]> = [
      ['Bearer deny', 403, { Message: 'User is not authorized to access this resource with an explicit deny' }],
      ['Bearer nobody', 401, { message: 'Unauthorized' }],
      ['Bearer crash', 500, { message: null }],
      ['Bearer malformed', 500, { message: null }],
    ];
    for (const [token, status, body] of cases) {
      const answer = await send('/token', { headers: { authorization: token } });
      expect({ token, status: answer.status, body: answer.json() }).toEqual({ token, status, body });
    }
    const crash = await send('/token', { headers: { authorization: 'Bearer crash' } });
    expect(crash.headers['x-amzn-errortype']).toBe('AuthorizerConfigurationException');
  });

  it('answers 401 without invoking when the token is missing or fails identityValidationExpression', async () => {
    const before = count('token-authorizer');
    await expect(send('/token')).resolves.toMatchObject({ status: 401 });
    await expect(send('/token', { headers: { authorization: 'Basic Zm9vOmJhcg==' } })).resolves.toMatchObject({ status: 401 });
    expect(count('token-authorizer')).toBe(before);
  });

  it('caches the policy per token for the TTL and re-checks it against each method ARN', async () => {
    const before = count('token-authorizer');
    for (let i = 0; i < 5; i++) await expect(send('/token', { headers: { authorization: 'Bearer get-only' } })).resolves.toMatchObject({ status: 200 });
    // Same token, another method: the cached GET-only policy denies it without a new invocation.
    const post = await send('/token', { method: 'POST', headers: { authorization: 'Bearer get-only' } });
    expect(post.status).toBe(403);
    expect(post.json()).toEqual({ Message: 'User is not authorized to access this resource' });
    expect(count('token-authorizer') - before).toBe(1);
  });

  it('does not cache with TTL 0, nor cache failures', async () => {
    const before = count('token-authorizer');
    for (let i = 0; i < 3; i++) await send('/uncached', { headers: { authorization: 'Bearer allow' } });
    for (let i = 0; i < 2; i++) await send('/token', { headers: { authorization: 'Bearer crash' } });
    expect(count('token-authorizer') - before).toBe(5);
  });
});

describe('Lambda REQUEST authorizer', () => {
  it('hands the function AWS’s REQUEST event and caches per identity-source values', async () => {
    const before = count('request-authorizer');
    const ok = await send('/request?QueryString1=queryValue1', { headers: { HeaderAuth1: 'headerValue1' } });
    expect(ok.status).toBe(200);
    const seen = backend.received.at(-1)!.headers;
    expect(seen['x-auth-type']).toBe('REQUEST');
    expect(seen['x-auth-eventkeys']).toBe(
      'headers,httpMethod,methodArn,multiValueHeaders,multiValueQueryStringParameters,path,pathParameters,queryStringParameters,requestContext,resource,stageVariables,type',
    );
    expect(String(seen['x-auth-contextkeys'])).toContain('accountId');
    await send('/request?QueryString1=queryValue1', { headers: { HeaderAuth1: 'headerValue1' } });
    expect(count('request-authorizer') - before).toBe(1);
  });

  it('answers 401 without invoking when an identity source is missing', async () => {
    const before = count('request-authorizer');
    await expect(send('/request', { headers: { HeaderAuth1: 'headerValue1' } })).resolves.toMatchObject({ status: 401 });
    expect(count('request-authorizer')).toBe(before);
    await expect(send('/request?QueryString1=wrong', { headers: { HeaderAuth1: 'headerValue1' } })).resolves.toMatchObject({ status: 401 });
    expect(count('request-authorizer') - before).toBe(1);
  });
});
