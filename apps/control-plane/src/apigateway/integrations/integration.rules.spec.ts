import { checkIntegrationState, type IntegrationState } from './integration.rules.js';

const base: IntegrationState = {
  type: 'HTTP_PROXY',
  integrationHttpMethod: 'GET',
  uri: 'https://example.com/{proxy}',
  connectionType: 'INTERNET',
  connectionId: null,
  credentials: null,
  requestParameters: {},
  requestTemplates: {},
  passthroughBehavior: 'WHEN_NO_MATCH',
  contentHandling: null,
  timeoutInMillis: 29000,
  cacheNamespace: 'abc123',
  cacheKeyParameters: [],
  tlsConfig: null,
};

describe('checkIntegrationState', () => {
  it('accepts valid integrations of each type', () => {
    expect(() => checkIntegrationState(base)).not.toThrow();
    expect(() => checkIntegrationState({ ...base, uri: 'http://${stageVariables.host}/x' })).not.toThrow();
    expect(() => checkIntegrationState({ ...base, type: 'MOCK', integrationHttpMethod: null, uri: null })).not.toThrow();
    expect(() => checkIntegrationState({ ...base, type: 'AWS', uri: 'arn:aws:apigateway:us-east-1:sqs:action/SendMessage' })).not.toThrow();
    expect(() =>
      checkIntegrationState({
        ...base,
        requestParameters: {
          'integration.request.path.id': 'method.request.path.id',
          'integration.request.header.x': "'static'",
          'integration.request.querystring.s': 'stageVariables.name',
          'integration.request.header.r': 'context.requestId',
          'integration.request.header.b': 'method.request.body.a.b',
        },
      }),
    ).not.toThrow();
  });

  it('rejects bad fields with AWS texts', () => {
    expect(() => checkIntegrationState({ ...base, integrationHttpMethod: null })).toThrow('Enumeration value for HttpMethod must be non-empty');
    expect(() => checkIntegrationState({ ...base, uri: '/relative' })).toThrow('Invalid HTTP endpoint specified for URI');
    expect(() => checkIntegrationState({ ...base, timeoutInMillis: 49 })).toThrow('Timeout should be between 50 ms and 29000 ms');
    expect(() => checkIntegrationState({ ...base, passthroughBehavior: 'SOMETIMES' })).toThrow(/Invalid passthrough behavior/);
    expect(() => checkIntegrationState({ ...base, requestParameters: { 'integration.request.header.x': 'nonsense' } })).toThrow(/Invalid mapping expression/);
    expect(() => checkIntegrationState({ ...base, requestParameters: { 'method.request.header.x': "'v'" } })).toThrow(/Invalid mapping expression/);
    expect(() => checkIntegrationState({ ...base, connectionType: 'VPC_LINK' })).toThrow(/connectionId/);
  });
});
