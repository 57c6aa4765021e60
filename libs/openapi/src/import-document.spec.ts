import { importOpenApi, importErrorMessage } from './import-document.js';
import { exportOpenApi, parseExportExtensions } from './export-document.js';
import { definitionToSnapshot } from './definition-to-snapshot.js';
import { INVALID_OPENAPI_INPUT, OpenApiImportError } from './parse-document.js';

const options = { restApiId: 'abc123', region: 'us-east-1', accountId: '123456789012' };

const oas30 = {
  openapi: '3.0.1',
  info: { title: 'pets', version: '1.0', description: 'pet store' },
  servers: [{ url: 'https://example.com/{basePath}', variables: { basePath: { default: '/v1' } } }],
  'x-amazon-apigateway-request-validators': { all: { validateRequestBody: true, validateRequestParameters: true } },
  'x-amazon-apigateway-binary-media-types': ['image/png'],
  'x-amazon-apigateway-gateway-responses': { BAD_REQUEST_BODY: { statusCode: 422, responseTemplates: { 'application/json': '{"m":"$context.error.validationErrorString"}' } } },
  'x-amazon-apigateway-policy': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] },
  paths: {
    '/pets/{petId}': {
      parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'string' } }],
      get: {
        operationId: 'GetPet',
        parameters: [{ name: 'verbose', in: 'query', required: true }, { $ref: '#/components/parameters/Trace' }],
        security: [{ tokenAuth: [] }, { api_key: [] }],
        responses: { '200': { description: 'ok', headers: { 'X-Pet': { schema: { type: 'string' } } }, content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } } },
        'x-amazon-apigateway-request-validator': 'all',
        'x-amazon-apigateway-integration': {
          type: 'http',
          httpMethod: 'GET',
          uri: 'http://backend/pets/{petId}',
          requestParameters: { 'integration.request.path.petId': 'method.request.path.petId', 'integration.request.header.nothing': true },
          responses: { default: { statusCode: '200' }, '4\\d{2}': { statusCode: '404' } },
          passthroughBehavior: 'when_no_templates',
        },
      },
      'x-amazon-apigateway-any-method': { 'x-amazon-apigateway-integration': { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' } } },
    },
    '/pets': {
      post: {
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } },
        security: [{ api_key: [] }],
        'x-amazon-apigateway-auth': { type: 'aws_iam' },
        responses: {},
        'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:echo/invocations' },
      },
    },
  },
  components: {
    parameters: { Trace: { name: 'X-Trace', in: 'header', required: false } },
    schemas: {
      Pet: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, owner: { $ref: '#/components/schemas/Owner' } }, description: 'a pet' },
      Owner: { type: 'object', properties: { pets: { type: 'array', items: { $ref: '#/components/schemas/Pet' } } } },
    },
    securitySchemes: {
      api_key: { type: 'apiKey', name: 'x-api-key', in: 'header' },
      tokenAuth: {
        type: 'apiKey',
        name: 'Authorization',
        in: 'header',
        'x-amazon-apigateway-authtype': 'custom',
        'x-amazon-apigateway-authorizer': { type: 'token', authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:auth/invocations' },
      },
    },
  },
};

describe('importOpenApi', () => {
  it('turns an OpenAPI 3.0 document into the REST resource model', () => {
    const { definition, warnings } = importOpenApi(JSON.stringify(oas30), options);
    expect(definition.name).toBe('pets');
    expect(definition.description).toBe('pet store');
    expect(definition.resources.map((r) => r.path)).toEqual(['/', '/pets', '/pets/{petId}']);
    const get = definition.resources[2]!.methods.GET!;
    expect(get.operationName).toBe('GetPet');
    expect(get.authorizationType).toBe('CUSTOM');
    expect(get.authorizerName).toBe('tokenAuth');
    expect(get.apiKeyRequired).toBe(false);
    expect(get.requestValidatorName).toBe('all');
    expect(get.requestParameters).toEqual({ 'method.request.path.petId': true, 'method.request.querystring.verbose': true, 'method.request.header.X-Trace': false });
    expect(get.methodResponses['200']).toEqual({ statusCode: '200', responseParameters: { 'method.response.header.X-Pet': false }, responseModels: { 'application/json': 'Pet' } });
    expect(get.integration).toMatchObject({ type: 'HTTP', passthroughBehavior: 'WHEN_NO_TEMPLATES', timeoutInMillis: 29000, connectionType: 'INTERNET' });
    expect(get.integration!.integrationResponses['404']).toEqual({ statusCode: '404', selectionPattern: '4\\d{2}', responseParameters: {}, responseTemplates: {} });
    expect(definition.resources[2]!.methods.ANY!.integration!.type).toBe('MOCK');
    const post = definition.resources[1]!.methods.POST!;
    expect(post).toMatchObject({ authorizationType: 'AWS_IAM', apiKeyRequired: true, requestModels: { 'application/json': 'Pet' } });
    expect(post.integration!.uri).toContain('arn:aws:lambda:us-east-1:123456789012:function:echo');
    expect(JSON.parse(definition.models.find((m) => m.name === 'Pet')!.schema).properties.owner.$ref).toBe('https://apigateway.amazonaws.com/restapis/abc123/models/Owner');
    expect(definition.models.find((m) => m.name === 'Pet')!.description).toBe('a pet');
    expect(definition.authorizers).toEqual([expect.objectContaining({ name: 'tokenAuth', type: 'TOKEN', identitySource: 'method.request.header.Authorization', authType: 'custom' })]);
    expect(definition.authorizers[0]!.authorizerResultTtlInSeconds).toBeUndefined();
    expect(JSON.parse(definition.policy!).Statement[0].Resource).toBe('arn:aws:execute-api:us-east-1:123456789012:abc123/*');
    expect(definition.gatewayResponses.BAD_REQUEST_BODY!.statusCode).toBe('422');
    expect(definition.binaryMediaTypes).toEqual(['image/png']);
    expect(warnings).toEqual([
      "Invalid format for 'requestParameters'. Expected type string for property 'integration.request.header.nothing' of resource '/pets/{petId}' and method 'GET' but got 'true'",
    ]);
  });

  it('applies basepath ignore, prepend and split', () => {
    const paths = (basePath: 'ignore' | 'prepend' | 'split', base: string) =>
      importOpenApi(JSON.stringify({ swagger: '2.0', info: { title: 't' }, basePath: base, paths: { '/e': { get: {} } } }), { ...options, basePath }).definition.resources.map((r) => r.path);
    expect(paths('ignore', '/a/b/c')).toEqual(['/', '/e']);
    expect(paths('prepend', '/a/b/c')).toEqual(['/', '/a', '/a/b', '/a/b/c', '/a/b/c/e']);
    expect(paths('split', '/a/b/c')).toEqual(['/', '/b', '/b/c', '/b/c/e']);
  });

  it('reads YAML and Swagger body parameters', () => {
    const yaml = [
      'swagger: "2.0"',
      'info: {title: y, version: "2"}',
      'consumes: [application/json]',
      'paths:',
      '  /a:',
      '    post:',
      '      parameters: [{in: body, name: b, schema: {$ref: "#/definitions/In"}}]',
      '      responses:',
      '        200: {description: ok, schema: {$ref: "#/definitions/In"}}',
      'definitions:',
      '  In: {type: object}',
    ].join('\n');
    const { definition } = importOpenApi(yaml, options);
    expect(definition.resources[1]!.methods.POST).toMatchObject({ requestModels: { 'application/json': 'In' } });
    expect(definition.resources[1]!.methods.POST!.methodResponses['200']!.responseModels).toEqual({ 'application/json': 'In' });
  });

  it('refuses what is not OpenAPI, and documents with errors, with AWS texts', () => {
    for (const body of ['not: [valid', '{"a": 1}', '[]', 'openapi: 3.1.0\npaths: {}']) {
      expect(() => importOpenApi(body, options)).toThrow(new OpenApiImportError(INVALID_OPENAPI_INPUT));
    }
    const bad = { swagger: '2.0', info: { title: 't' }, paths: { '/a{b}': { get: {} }, '/c': { get: { 'x-amazon-apigateway-integration': { type: 'carrier-pigeon' } } } } };
    expect(() => importOpenApi(JSON.stringify(bad), options)).toThrow(
      importErrorMessage([
        "Unable to create resource at path '/a{b}': Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.",
        "Unable to put integration on 'GET' for resource at path '/c': Invalid integration type specified: carrier-pigeon",
      ]),
    );
  });
});

describe('importOpenApi: private integrations', () => {
  const linked = (connection: Record<string, unknown>) => ({
    swagger: '2.0',
    info: { title: 'linked' },
    paths: { '/orders': { get: { 'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'GET', uri: 'http://orders.internal/', connectionType: 'VPC_LINK', ...connection } } } },
  });
  const links = new Set(['abc123']);

  it('keeps a literal connectionId that names a link, and a stage-variable one unchecked', () => {
    const literal = importOpenApi(JSON.stringify(linked({ connectionId: 'abc123' })), { ...options, vpcLinkIds: links });
    expect(literal.definition.resources[1]!.methods.GET!.integration).toMatchObject({ connectionType: 'VPC_LINK', connectionId: 'abc123' });
    const staged = importOpenApi(JSON.stringify(linked({ connectionId: '${stageVariables.vpcLinkId}' })), { ...options, vpcLinkIds: links });
    expect(staged.definition.resources[1]!.methods.GET!.integration).toMatchObject({ connectionId: '${stageVariables.vpcLinkId}' });
    expect(staged.warnings).toEqual([]);
  });

  it('refuses a missing connectionId, and a literal one that names no link, with PutIntegration\'s texts', () => {
    expect(() => importOpenApi(JSON.stringify(linked({})), { ...options, vpcLinkIds: links })).toThrow(
      importErrorMessage(["Unable to put integration on 'GET' for resource at path '/orders': connectionId must be set to a VpcLink id when connectionType is VPC_LINK"]),
    );
    expect(() => importOpenApi(JSON.stringify(linked({ connectionId: 'nope00' })), { ...options, vpcLinkIds: links })).toThrow(
      importErrorMessage(["Unable to put integration on 'GET' for resource at path '/orders': Invalid VPC link identifier specified"]),
    );
    // Without the account's links (a standalone data plane's file) a literal id is kept as written.
    expect(importOpenApi(JSON.stringify(linked({ connectionId: 'nope00' })), options).definition.resources[1]!.methods.GET!.integration).toMatchObject({ connectionId: 'nope00' });
  });
});

describe('exportOpenApi', () => {
  const { definition } = importOpenApi(JSON.stringify(oas30), options);
  const snapshot = definitionToSnapshot(definition, { restApiId: 'abc123', deploymentId: 'd1', createdDate: 1_700_000_000 });

  it('exports without any x-amazon-apigateway key unless extensions are asked for', () => {
    const doc = exportOpenApi(snapshot, { exportType: 'oas30', extensions: parseExportExtensions(undefined) as never, stageName: 'prod', region: 'us-east-1' });
    expect(JSON.stringify(doc)).not.toContain('x-amazon-apigateway');
    expect(doc.servers).toEqual([{ url: 'https://abc123.execute-api.us-east-1.amazonaws.com/{basePath}', variables: { basePath: { default: 'prod' } } }]);
  });

  it('re-imports to the same definition (OpenAPI 3.0 and Swagger, with extensions=apigateway)', () => {
    for (const exportType of ['oas30', 'swagger'] as const) {
      const doc = exportOpenApi(snapshot, { exportType, extensions: parseExportExtensions('apigateway') as never, stageName: 'prod', region: 'us-east-1' });
      const again = importOpenApi(JSON.stringify(doc), options).definition;
      const snapshotAgain = definitionToSnapshot(again, { restApiId: 'abc123', deploymentId: 'd1', createdDate: 1_700_000_000 });
      expect({ ...snapshotAgain, api: { ...snapshotAgain.api, version: undefined } }).toEqual({ ...snapshot, api: { ...snapshot.api, version: undefined } });
    }
  });
});
