import { httpApiSnapshotSchema } from '@portico/contracts';
import type { V2Api, V2Authorizer, V2Integration, V2Route } from '@portico/db';
import { freezeHttpApi, httpApiSnapshotOf } from './http-api-snapshot.rows.js';

const date = new Date('2026-12-01T00:00:00Z');
const api: V2Api = {
  id: 'a1b2c3d4e5',
  name: 'pets',
  protocolType: 'HTTP',
  description: null,
  version: null,
  routeSelectionExpression: '$request.method $request.path',
  apiKeySelectionExpression: '$request.header.x-api-key',
  corsConfiguration: { allowOrigins: ['https://a.example'], allowMethods: [], allowHeaders: [], exposeHeaders: [], allowCredentials: false },
  disableExecuteApiEndpoint: false,
  disableSchemaValidation: false,
  ipAddressType: 'ipv4',
  importInfo: [],
  warnings: [],
  tags: {},
  createdDate: date,
};
const integration: V2Integration = {
  id: 'int001',
  apiId: api.id,
  integrationType: 'HTTP_PROXY',
  integrationSubtype: null,
  integrationMethod: 'ANY',
  integrationUri: 'https://b.example/{proxy}',
  payloadFormatVersion: '1.0',
  connectionType: 'INTERNET',
  connectionId: null,
  credentialsArn: null,
  description: 'not served',
  timeoutInMillis: 30_000,
  requestParameters: { 'append:header.x': '$context.requestId' },
  responseParameters: {},
  tlsConfig: null,
  apiGatewayManaged: false,
  passthroughBehavior: null,
  contentHandlingStrategy: null,
  requestTemplates: {},
  templateSelectionExpression: null,
  integrationResponseSelectionExpression: null,
  createdDate: date,
};
const authorizer: V2Authorizer = {
  id: 'auth01',
  apiId: api.id,
  name: 'jwt',
  authorizerType: 'JWT',
  authorizerUri: null,
  authorizerCredentialsArn: null,
  authorizerPayloadFormatVersion: null,
  authorizerResultTtlInSeconds: null,
  enableSimpleResponses: false,
  identitySource: ['$request.header.Authorization'],
  identityValidationExpression: null,
  jwtConfiguration: { issuer: 'https://idp.example', audience: ['pets'] },
  createdDate: date,
};
const route = (id: string, routeKey: string, extra: Partial<V2Route> = {}): V2Route => ({
  id,
  apiId: api.id,
  routeKey,
  authorizationType: 'NONE',
  authorizerId: null,
  authorizationScopes: [],
  target: 'integrations/int001',
  operationName: null,
  requestParameters: {},
  apiKeyRequired: false,
  apiGatewayManaged: false,
  requestModels: {},
  modelSelectionExpression: null,
  routeResponseSelectionExpression: null,
  createdDate: date,
  ...extra,
});

describe('HTTP API snapshots from rows', () => {
  const frozen = freezeHttpApi(api, [route('r2', 'GET /pets', { authorizationType: 'JWT', authorizerId: 'auth01', authorizationScopes: ['read'] }), route('r1', '$default')], [integration], [authorizer]);

  it('freezes routes in route-key order with what data planes need (and not what they do not)', () => {
    expect(frozen.routes.map((r) => r.routeKey)).toEqual(['$default', 'GET /pets']);
    expect(frozen.api).toMatchObject({ apiId: api.id, protocolType: 'HTTP', corsConfiguration: { allowOrigins: ['https://a.example'] } });
    expect(frozen.integrations[0]).not.toHaveProperty('description');
    expect(frozen.authorizers[0]).toEqual({ authorizerId: 'auth01', name: 'jwt', authorizerType: 'JWT', identitySource: ['$request.header.Authorization'], jwtConfiguration: { issuer: 'https://idp.example', audience: ['pets'] } });
  });

  it('adds the stage to a deployed stage, and serves nothing for a stage without a deployment', () => {
    const stage = {
      stageName: 'prod',
      deploymentId: 'dep001',
      autoDeploy: false,
      stageVariables: { v: '1' },
      defaultRouteSettings: { throttlingBurstLimit: 5 },
      routeSettings: { 'GET /pets': { throttlingRateLimit: 1 } },
      accessLogSettings: null,
      deployment: { snapshot: JSON.parse(JSON.stringify(frozen)) as unknown },
    };
    const snapshot = httpApiSnapshotOf(stage)!;
    expect(httpApiSnapshotSchema.parse(snapshot)).toEqual(snapshot);
    expect(snapshot.stage).toEqual({ stageName: 'prod', deploymentId: 'dep001', autoDeploy: false, stageVariables: { v: '1' }, defaultRouteSettings: { throttlingBurstLimit: 5 }, routeSettings: { 'GET /pets': { throttlingRateLimit: 1 } } });
    expect(httpApiSnapshotOf({ ...stage, deploymentId: null, deployment: null })).toBeUndefined();
  });
});
