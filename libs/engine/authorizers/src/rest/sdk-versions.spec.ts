import { allow, defineAuthorizer, deny, schema, type AuthorizerRequest } from '@portico/plugin-sdk';
import { PluginRegistry } from '../host/plugin-registry.js';
import { compileAuthorizer, type AuthorizationInput } from './compile-authorizer.js';

// What SDK 2.0 adds to the request view, and that a plugin written for 1.x runs unchanged beside one for 2.x.
const seen: AuthorizerRequest[] = [];
const configSchema = schema.object({ description: 'none', properties: {} });
const v1 = defineAuthorizer({
  name: 'sdk-one',
  version: '1.0.0',
  sdk: '^1.0.0',
  configSchema,
  create: () => ({ authorize: (request) => (request.headers['x-token'] === 'good' ? allow({ principalId: 'one' }) : deny(401)) }),
});
const v2 = defineAuthorizer({
  name: 'sdk-two',
  version: '1.0.0',
  sdk: '^2.0.0',
  configSchema,
  create: () => ({
    authorize: (request) => {
      seen.push(request);
      return request.identitySources?.['header.x-token'] === 'good' ? allow({ principalId: `two:${request.routeKey}` }) : deny(401);
    },
  }),
});

function input(token: string): AuthorizationInput {
  const headers = { 'x-token': token };
  return {
    methodArn: 'arn:aws:execute-api:us-east-1:123456789012:api1234567/prod/GET/pets/42',
    httpMethod: 'GET',
    resource: '/pets/{id}',
    path: '/pets/42',
    headers,
    rawHeaders: ['X-Token', token],
    query: (name) => (name === 'tenant' ? ['acme'] : undefined),
    multiValueQuery: () => ({ tenant: ['acme'] }),
    pathParameters: { id: '42' },
    contextValue: () => undefined,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api1234567',
      stage: 'prod',
      requestId: 'req-1',
      resourceId: 'res123',
      resourcePath: '/pets/{id}',
      httpMethod: 'GET',
      path: '/prod/pets/42',
      requestTimeEpoch: 0,
      identity: { sourceIp: '203.0.113.9' },
    },
    authorizationScopes: [],
  };
}

function compile(name: string) {
  const result = compileAuthorizer(
    {
      id: `auth-${name}`,
      name,
      type: 'REQUEST',
      providerARNs: [],
      authorizerUri: `portico:plugin/${name}`,
      identitySource: 'method.request.header.X-Token, method.request.querystring.tenant, stageVariables.env',
      authorizerResultTtlInSeconds: 0,
    },
    { apiId: 'api1234567', stageName: 'prod', variables: { env: 'test' } },
    { registry: new PluginRegistry([v1, v2]) },
  );
  if (!result.ok) throw new Error(result.reason);
  return result.authorizer;
}

describe('plugin SDK versions on one host', () => {
  it('runs a 1.x plugin unchanged', async () => {
    const authorizer = compile('sdk-one');
    await expect(authorizer.authorize(input('good'), 'r1')).resolves.toMatchObject({ kind: 'allow', principalId: 'one' });
    await expect(authorizer.authorize(input('bad'), 'r2')).resolves.toMatchObject({ kind: 'unauthorized' });
    await authorizer.close();
  });

  it("gives a 2.x plugin the protocol-neutral view: payload version, route key, identity sources by name", async () => {
    const authorizer = compile('sdk-two');
    await expect(authorizer.authorize(input('good'), 'r3')).resolves.toMatchObject({ kind: 'allow', principalId: 'two:GET /pets/{id}' });
    const request = seen.at(-1)!;
    expect(request.version).toBe('1.0');
    expect(request.routeKey).toBe('GET /pets/{id}');
    expect({ ...request.identitySources }).toEqual({ 'header.x-token': 'good', 'querystring.tenant': 'acme', 'stageVariables.env': 'test' });
    // 1.x's fields are all still there.
    expect(request.type).toBe('REQUEST');
    expect(request.identitySource).toEqual(['good', 'acme', 'test']);
    expect(request.methodArn).toBe('arn:aws:execute-api:us-east-1:123456789012:api1234567/prod/GET/pets/42');
    await authorizer.close();
  });
});
