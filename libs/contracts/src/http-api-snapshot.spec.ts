import { HTTP_ROUTE_SELECTION_EXPRESSION, httpApiSnapshotSchema, isHttpRouteKey } from './http-api-snapshot.js';
import type { HttpApiSnapshotInput } from './http-api-snapshot.js';

const minimal = (): HttpApiSnapshotInput => ({
  schemaVersion: 1,
  api: { apiId: 'a1b2c3d4', name: 'pets', protocolType: 'HTTP' },
  routes: [{ routeId: 'r1', routeKey: 'GET /pets/{id}', target: 'integrations/i1' }],
  integrations: [{ integrationId: 'i1', integrationType: 'HTTP_PROXY', integrationMethod: 'GET', integrationUri: 'http://backend/pets/{id}', payloadFormatVersion: '1.0' }],
  stage: { stageName: '$default', deploymentId: 'd1', autoDeploy: true },
});

describe('isHttpRouteKey', () => {
  it.each(['$default', 'GET /', 'GET /pets/{id}', 'ANY /{proxy+}', 'POST /pets/dog/1', 'GET /parent/{proxy+}', 'DELETE /a.b/c-d_e'])('accepts %s', (key) => {
    expect(isHttpRouteKey(key)).toBe(true);
  });

  it.each(['', 'GET', '/pets', 'get /pets', 'FETCH /pets', 'GET pets', 'GET /pets/', 'GET //pets', 'GET /{proxy+}/x', 'GET /{a b}', 'GET /pets/{id', '$connect', 'GET  /pets'])(
    'refuses %j',
    (key) => {
      expect(isHttpRouteKey(key)).toBe(false);
    },
  );
});

describe('httpApiSnapshotSchema', () => {
  it('fills AWS defaults', () => {
    const snapshot = httpApiSnapshotSchema.parse(minimal());
    expect(snapshot.api.routeSelectionExpression).toBe(HTTP_ROUTE_SELECTION_EXPRESSION);
    expect(snapshot.api.disableExecuteApiEndpoint).toBe(false);
    expect(snapshot.routes[0]).toMatchObject({ authorizationType: 'NONE', authorizationScopes: [], requestParameters: {} });
    expect(snapshot.integrations[0]).toMatchObject({ timeoutInMillis: 30_000, connectionType: 'INTERNET', requestParameters: {}, responseParameters: {} });
    expect(snapshot.stage).toMatchObject({ stageVariables: {}, defaultRouteSettings: {}, routeSettings: {} });
    expect(snapshot.authorizers).toEqual([]);
  });

  it('carries JWT and REQUEST authorizers, CORS, route and stage settings', () => {
    const input = minimal();
    input.api.corsConfiguration = { allowOrigins: ['https://www.example.com'], maxAge: 300, allowCredentials: true };
    input.authorizers = [
      { authorizerId: 'j1', name: 'jwt', authorizerType: 'JWT', identitySource: ['$request.header.Authorization'], jwtConfiguration: { issuer: 'https://idp.example', audience: ['client'] } },
      { authorizerId: 'l1', name: 'lambda', authorizerType: 'REQUEST', authorizerUri: 'arn:aws:lambda:us-east-1:123456789012:function:auth', authorizerPayloadFormatVersion: '2.0', enableSimpleResponses: true, identitySource: ['$request.header.x'] },
    ];
    input.routes = [
      { routeId: 'r1', routeKey: 'GET /pets/{id}', target: 'integrations/i1', authorizationType: 'JWT', authorizerId: 'j1', authorizationScopes: ['pets.read'] },
      { routeId: 'r2', routeKey: '$default', target: 'integrations/i1', authorizationType: 'CUSTOM', authorizerId: 'l1' },
    ];
    input.stage = {
      stageName: 'prod',
      deploymentId: 'd1',
      stageVariables: { url: 'example.com' },
      defaultRouteSettings: { throttlingBurstLimit: 100, throttlingRateLimit: 200 },
      routeSettings: { 'GET /pets/{id}': { throttlingBurstLimit: 1 } },
      accessLogSettings: { destinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:x', format: '$context.requestId' },
    };
    const snapshot = httpApiSnapshotSchema.parse(input);
    expect(snapshot.api.corsConfiguration).toEqual({ allowOrigins: ['https://www.example.com'], allowMethods: [], allowHeaders: [], exposeHeaders: [], maxAge: 300, allowCredentials: true });
    expect(snapshot.authorizers[1]).toMatchObject({ authorizerType: 'REQUEST', authorizerResultTtlInSeconds: 300, enableSimpleResponses: true });
    expect(snapshot.stage.autoDeploy).toBe(false);
  });

  it('refuses dangling targets and authorizers, duplicate route keys and HTTP_PROXY with payload 2.0', () => {
    const input = minimal();
    input.routes = [
      { routeId: 'r1', routeKey: 'GET /x', target: 'integrations/nope' },
      { routeId: 'r2', routeKey: 'GET /x', authorizationType: 'JWT', authorizerId: 'missing' },
    ];
    input.integrations = [{ integrationId: 'i1', integrationType: 'HTTP_PROXY', integrationUri: 'http://b', payloadFormatVersion: '2.0' }];
    const result = httpApiSnapshotSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'integrations.0.payloadFormatVersion',
      'routes.0.target',
      'routes.1.authorizerId',
      'routes.1.routeKey',
    ]);
  });

  it('refuses a CUSTOM route pointing at a JWT authorizer and WebSocket-only integration types', () => {
    const input = minimal();
    input.authorizers = [{ authorizerId: 'j1', name: 'jwt', authorizerType: 'JWT', identitySource: ['$request.header.Authorization'], jwtConfiguration: { issuer: 'https://idp' } }];
    input.routes = [{ routeId: 'r1', routeKey: 'GET /x', authorizationType: 'CUSTOM', authorizerId: 'j1' }];
    expect(httpApiSnapshotSchema.safeParse(input).success).toBe(false);
    const mock = minimal();
    (mock.integrations as unknown[])[0] = { integrationId: 'i1', integrationType: 'MOCK', payloadFormatVersion: '1.0' };
    expect(httpApiSnapshotSchema.safeParse(mock).success).toBe(false);
    expect(httpApiSnapshotSchema.safeParse({ ...minimal(), api: { apiId: 'a', name: 'n', protocolType: 'WEBSOCKET' } }).success).toBe(false);
  });
});
