import { fileURLToPath } from 'node:url';
import { CreateAuthorizerCommand, CreateRestApiCommand, TestInvokeAuthorizerCommand } from '@aws-sdk/client-api-gateway';
import { startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';

// TestInvokeAuthorizer on Lambda authorizers: the control plane runs the example functions through the data
// plane's function runner (PORTICO_FUNCTIONS_DIR) and answers AWS's shape.
const functionsDir = fileURLToPath(new URL('../../../examples/functions', import.meta.url));
const uriOf = (name: string): string =>
  `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:${name}/invocations`;

let cp: TestControlPlane;
let apiId: string;
beforeAll(async () => {
  cp = await startTestControlPlane({ functionsDir });
  apiId = (await cp.client.send(new CreateRestApiCommand({ name: 'authorizers-test-invoke' }))).id!;
});
afterAll(async () => {
  await cp?.close();
});

const tokenAuthorizer = async (functionName: string): Promise<string> =>
  (
    await cp.client.send(
      new CreateAuthorizerCommand({ restApiId: apiId, name: functionName, type: 'TOKEN', authorizerUri: uriOf(functionName), identitySource: 'method.request.header.Authorization' }),
    )
  ).id!;

describe('TestInvokeAuthorizer on a Lambda TOKEN authorizer', () => {
  it('allows: 200 with the principal, the policy (stringified JSON) and the context as authorization', async () => {
    const authorizerId = await tokenAuthorizer('authorizer-allow');
    const answer = await cp.client.send(
      new TestInvokeAuthorizerCommand({ restApiId: apiId, authorizerId, headers: { Authorization: 'Bearer token-1' }, pathWithQueryString: '/pets/7?verbose=1' }),
    );
    expect(answer).toMatchObject({ clientStatus: 0, principalId: 'user-allow', authorization: { type: ['TOKEN'], tier: ['gold'], quota: ['3'] } });
    expect(JSON.parse(answer.policy!)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: `arn:aws:execute-api:us-east-1:000000000000:${apiId}/test-invoke-stage/*/*` }],
    });
    expect(typeof answer.latency).toBe('number');
    // The log shows the TOKEN event the function received and its answer.
    expect(answer.log).toContain(authorizerId);
    expect(answer.log).toContain('"type":"TOKEN"');
    expect(answer.log).toContain('"authorizationToken":"Bearer token-1"');
    expect(answer.log).toContain(`"methodArn":"arn:aws:execute-api:us-east-1:000000000000:${apiId}/test-invoke-stage/GET/pets/7"`);
    expect(answer.log).toContain('"principalId":"user-allow"');
  });

  it('denies with an explicit Deny policy: 403 with the policy', async () => {
    const authorizerId = await tokenAuthorizer('authorizer-deny');
    const answer = await cp.client.send(new TestInvokeAuthorizerCommand({ restApiId: apiId, authorizerId, headers: { Authorization: 'Bearer token-2' } }));
    expect(answer.clientStatus).toBe(403);
    expect(JSON.parse(answer.policy!).Statement[0].Effect).toBe('Deny');
    expect(answer.principalId).toBeUndefined();
  });

  it('answers 401 when the function throws "Unauthorized", and without invoking it when the token is missing', async () => {
    const authorizerId = await tokenAuthorizer('authorizer-unauthorized');
    const unauthorized = await cp.client.send(new TestInvokeAuthorizerCommand({ restApiId: apiId, authorizerId, headers: { Authorization: 'Bearer token-3' } }));
    expect(unauthorized.clientStatus).toBe(401);
    expect(unauthorized.log).toContain('Endpoint request body after transformations');

    const allowId = await tokenAuthorizer('authorizer-allow');
    const missing = await cp.client.send(new TestInvokeAuthorizerCommand({ restApiId: apiId, authorizerId: allowId, headers: {} }));
    expect(missing.clientStatus).toBe(401);
    expect(missing.log).not.toContain('Endpoint request');
  });

  it('answers 500 for a broken authorizer (any other error, or an output without a policy)', async () => {
    const crashing = await tokenAuthorizer('error');
    const crashed = await cp.client.send(new TestInvokeAuthorizerCommand({ restApiId: apiId, authorizerId: crashing, headers: { Authorization: 'Bearer token-4' } }));
    expect(crashed.clientStatus).toBe(500);
    expect(crashed.log).toContain('Not found');
    expect(crashed.principalId).toBeUndefined();

    // `hello` answers a proxy response, not an authorizer's output: no principalId, no policyDocument.
    const malformed = await tokenAuthorizer('hello');
    const answer = await cp.client.send(new TestInvokeAuthorizerCommand({ restApiId: apiId, authorizerId: malformed, headers: { Authorization: 'Bearer token-5' } }));
    expect(answer.clientStatus).toBe(500);
    expect(answer.log).toContain('authorizer output has no principalId');
  });

  it('substitutes stage variables from the test input in the authorizerUri', async () => {
    const { id } = await cp.client.send(
      new CreateAuthorizerCommand({
        restApiId: apiId,
        name: 'by-stage-variable',
        type: 'TOKEN',
        authorizerUri: uriOf('${stageVariables.authFunction}'),
        identitySource: 'method.request.header.Authorization',
      }),
    );
    const allow = await cp.client.send(
      new TestInvokeAuthorizerCommand({ restApiId: apiId, authorizerId: id!, headers: { Authorization: 'x' }, stageVariables: { authFunction: 'authorizer-allow' } }),
    );
    expect(allow).toMatchObject({ clientStatus: 0, principalId: 'user-allow' });
    const deny = await cp.client.send(
      new TestInvokeAuthorizerCommand({ restApiId: apiId, authorizerId: id!, headers: { Authorization: 'x' }, stageVariables: { authFunction: 'authorizer-deny' } }),
    );
    expect(deny.clientStatus).toBe(403);
  });
});

describe('TestInvokeAuthorizer on a Lambda REQUEST authorizer', () => {
  let authorizerId: string;
  beforeAll(async () => {
    const created = await cp.client.send(
      new CreateAuthorizerCommand({
        restApiId: apiId,
        name: 'tenant',
        type: 'REQUEST',
        authorizerUri: uriOf('authorizer-request'),
        identitySource: 'method.request.header.X-Tenant, stageVariables.tenant',
      }),
    );
    authorizerId = created.id!;
  });

  it('builds the REQUEST event from headers, the path with its query string and stage variables', async () => {
    const answer = await cp.client.send(
      new TestInvokeAuthorizerCommand({
        restApiId: apiId,
        authorizerId,
        headers: { 'X-Tenant': 'acme' },
        multiValueHeaders: { Accept: ['application/json', 'text/plain'] },
        pathWithQueryString: '/orders/7?q=1&q=2',
        stageVariables: { tenant: 'acme' },
        body: '{"ignored":true}',
      }),
    );
    expect(answer).toMatchObject({ clientStatus: 0, principalId: 'tenant-acme', authorization: { tenant: ['acme'], path: ['/orders/7'] } });
    expect(JSON.parse(answer.policy!).Statement[0].Resource).toBe(`arn:aws:execute-api:us-east-1:000000000000:${apiId}/test-invoke-stage/GET/orders/7`);
    expect(answer.log).toContain('"type":"REQUEST"');
    expect(answer.log).toContain('"stageVariables":{"tenant":"acme"}');
    expect(answer.log).toContain('"multiValueQueryStringParameters":{"q":["1","2"]}');
    expect(answer.log).toContain('"Accept":["application/json","text/plain"]');
  });

  it('answers 401 when the header does not match the stage variable, and without invoking when a source is missing', async () => {
    const wrong = await cp.client.send(
      new TestInvokeAuthorizerCommand({ restApiId: apiId, authorizerId, headers: { 'X-Tenant': 'globex' }, stageVariables: { tenant: 'acme' } }),
    );
    expect(wrong.clientStatus).toBe(401);
    expect(wrong.log).toContain('Endpoint request body after transformations');

    const missing = await cp.client.send(new TestInvokeAuthorizerCommand({ restApiId: apiId, authorizerId, headers: { 'X-Tenant': 'acme' } }));
    expect(missing.clientStatus).toBe(401);
    expect(missing.log).not.toContain('Endpoint request');
  });
});
