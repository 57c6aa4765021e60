import { configDocumentSchema, configDocumentV2Schema, liftConfigDocument } from './index.js';
import { websocketApiSnapshotSchema } from './websocket-api-snapshot.js';

const chat = {
  schemaVersion: 1,
  api: { apiId: 'ws1', name: 'chat', protocolType: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' },
  routes: [
    { routeId: 'r1', routeKey: '$connect', authorizationType: 'CUSTOM', authorizerId: 'a1', target: 'integrations/i1' },
    { routeId: 'r2', routeKey: 'sendmessage', target: 'integrations/i1', routeResponseSelectionExpression: '$default', routeResponses: [{ routeResponseId: 'rr1', routeResponseKey: '$default' }] },
  ],
  integrations: [{ integrationId: 'i1', integrationType: 'AWS_PROXY', integrationUri: 'arn:aws:lambda:us-east-1:123456789012:function:chat' }],
  authorizers: [{ authorizerId: 'a1', name: 'auth', authorizerType: 'REQUEST', authorizerUri: 'arn:aws:lambda:us-east-1:123456789012:function:auth', identitySource: ['route.request.querystring.token'] }],
  stage: { stageName: 'prod', deploymentId: 'd1' },
};

describe('WebSocket API snapshot', () => {
  it('fills AWS defaults', () => {
    const snapshot = websocketApiSnapshotSchema.parse(chat);
    expect(snapshot.api.apiKeySelectionExpression).toBe('$request.header.x-api-key');
    expect(snapshot.integrations[0]).toMatchObject({ timeoutInMillis: 29_000, passthroughBehavior: 'WHEN_NO_MATCH', connectionType: 'INTERNET' });
    expect(snapshot.routes[1]!.apiKeyRequired).toBe(false);
  });

  it('refuses dangling targets, CUSTOM routes without their authorizer and duplicate route keys', () => {
    const broken = structuredClone(chat);
    broken.routes[0]!.authorizerId = 'nope';
    broken.routes[1]!.target = 'integrations/gone';
    broken.routes.push({ ...broken.routes[1]!, routeId: 'r3' });
    const result = websocketApiSnapshotSchema.safeParse(broken);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message).sort()).toEqual(
      ['CUSTOM route needs a REQUEST authorizer', 'duplicate route key sendmessage', 'no integration integrations/gone', 'no integration integrations/gone'].sort(),
    );
  });

  it('travels in config document v2 beside REST APIs, keyed by its id', () => {
    const v1 = configDocumentSchema.parse({ schemaVersion: 1, revision: 'r1', region: 'us-east-1', accountId: '123456789012', stages: [], deployments: {} });
    const v2 = liftConfigDocument(v1);
    expect(configDocumentV2Schema.safeParse({ ...v2, apis: { ws1: { protocolType: 'WEBSOCKET', stages: [chat] } } }).success).toBe(true);
    expect(configDocumentV2Schema.safeParse({ ...v2, apis: { other: { protocolType: 'WEBSOCKET', stages: [chat] } } }).success).toBe(false);
  });
});
