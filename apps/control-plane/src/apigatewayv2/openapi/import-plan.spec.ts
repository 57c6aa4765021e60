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
