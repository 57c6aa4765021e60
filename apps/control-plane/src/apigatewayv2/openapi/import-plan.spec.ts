import { planImport } from './import-plan.js';
import { parseOpenApiDocument, substitutePseudoParameters } from './parse-openapi-document.js';

const doc = (paths: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ openapi: '3.0.1', info: { title: 't', version: '1' }, paths, ...extra });
const proxy = { type: 'http_proxy', httpMethod: 'ANY', uri: 'https://b.example', payloadFormatVersion: '1.0' };

describe('planImport (HTTP API OpenAPI import)', () => {
  it('maps the base path as ignore, prepend or split asks', () => {
    const document = doc({ '/v1/items': { get: { 'x-amazon-apigateway-integration': proxy } } }, { servers: [{ url: 'https://x.example/api' }] });
    expect(planImport(document, 'ignore').routes.map((r) => r.state.routeKey)).toEqual(['GET /v1/items']);
    expect(planImport(document, 'prepend').routes.map((r) => r.state.routeKey)).toEqual(['GET /api/v1/items']);
    expect(planImport(document, 'split').routes.map((r) => r.state.routeKey)).toEqual(['GET /items']);
  });

  it('checks private integrations: connectionId required, a listener or Cloud Map ARN, a literal id naming a link', () => {
    const listener = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:listener/app/orders/50dc6c495c0c9188/0467ef3c8400ae65';
    const linked = (extra: Record<string, unknown>) => doc({ '/orders': { get: { 'x-amazon-apigateway-integration': { ...proxy, uri: listener, connectionType: 'VPC_LINK', ...extra } } } });
    const links = new Set(['abc123']);
    expect(planImport(linked({ connectionId: 'abc123' }), 'ignore', links).integrations[0]).toMatchObject({ connectionType: 'VPC_LINK', connectionId: 'abc123', integrationUri: listener });
    expect(planImport(linked({ connectionId: '${stageVariables.vpcLinkId}' }), 'ignore', links).integrations[0]).toMatchObject({ connectionId: '${stageVariables.vpcLinkId}' });
    expect(() => planImport(linked({}), 'ignore', links)).toThrow('Invalid OpenAPI definition at paths./orders.get: connectionId must be set to a VpcLink id when connectionType is VPC_LINK');
    expect(() => planImport(linked({ connectionId: 'nope00' }), 'ignore', links)).toThrow('Invalid OpenAPI definition at paths./orders.get: Invalid VPC link identifier specified');
    expect(() => planImport(linked({ connectionId: 'abc123', uri: 'https://b.example' }), 'ignore', links)).toThrow(/Load Balancer listener or of an AWS Cloud Map service/);
  });

  it('takes an openIdConnect scheme as a JWT authorizer whose issuer is the discovery base, and sigv4 as AWS_IAM', () => {
    const plan = planImport(
      doc(
        { '/a': { get: { security: [{ oidc: ['s1'] }] } }, '/b': { get: { security: [{ sigv4: [] }] } } },
        {
          components: {
            securitySchemes: {
              oidc: { type: 'openIdConnect', openIdConnectUrl: 'https://idp.example/.well-known/openid-configuration' },
              sigv4: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' },
            },
          },
        },
      ),
      'ignore',
    );
    expect(plan.authorizers).toEqual([{ key: 'oidc', state: expect.objectContaining({ authorizerType: 'JWT', jwtConfiguration: { issuer: 'https://idp.example', audience: [] } }) }]);
    expect(plan.routes.map((r) => [r.state.routeKey, r.state.authorizationType, r.authorizer, r.state.authorizationScopes])).toEqual([
      ['GET /a', 'JWT', 'oidc', ['s1']],
      ['GET /b', 'AWS_IAM', undefined, []],
    ]);
  });

  it('applies root security to operations without their own (security: [] opts out), and refuses a route defined twice', () => {
    const jwt = { type: 'oauth2', 'x-amazon-apigateway-authorizer': { type: 'jwt', jwtConfiguration: { issuer: 'https://i.example' } } };
    const plan = planImport(doc({ '/a': { get: {} }, '/b': { get: { security: [] } } }, { security: [{ jwt: [] }], components: { securitySchemes: { jwt } } }), 'ignore');
    expect(plan.routes.map((r) => r.state.authorizationType)).toEqual(['JWT', 'NONE']);
    expect(() => planImport(doc({ '/$default': { 'x-amazon-apigateway-any-method': { isDefaultRoute: true } }, '/x': { 'x-amazon-apigateway-any-method': { isDefaultRoute: true } } }), 'ignore')).toThrow(/defined twice/);
  });

  it('parses JSON and YAML, substitutes AWS pseudo parameters and refuses Swagger 2.0', () => {
    expect(parseOpenApiDocument('openapi: 3.0.1\ninfo:\n  title: y\npaths: {}\n')).toMatchObject({ info: { title: 'y' } });
    expect(() => parseOpenApiDocument('{"swagger":"2.0"}')).toThrow(/OpenAPI 3\.0/);
    expect(() => parseOpenApiDocument('openapi: 3.1.0\n')).toThrow(/3\.0/);
    expect(substitutePseudoParameters({ uri: ['arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:f'] }, { accountId: '123456789012', region: 'eu-west-1' })).toEqual({
      uri: ['arn:aws:lambda:eu-west-1:123456789012:function:f'],
    });
  });
});
