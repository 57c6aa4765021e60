// ImportApi / ReimportApi / ExportApi of HTTP APIs (OpenAPI 3.0, JSON and YAML) through the real SDK.
import {
  CreateStageCommand,
  ExportApiCommand,
  GetApiCommand,
  GetAuthorizersCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStageCommand,
  ImportApiCommand,
  ReimportApiCommand,
  type ApiGatewayV2Client,
} from '@aws-sdk/client-apigatewayv2';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { openDatabaseDumper, type DatabaseDumper } from '../support/database-dump.js';
import { startTestControlPlane, type TestControlPlane } from '../support/test-control-plane.js';
import { failure, v2Client } from './support.js';

let cp: TestControlPlane;
let client: ApiGatewayV2Client;
let dumper: DatabaseDumper;

beforeAll(async () => {
  cp = await startTestControlPlane();
  client = v2Client(cp);
  dumper = await openDatabaseDumper(cp.database.url);
});
afterAll(async () => {
  client?.destroy();
  await dumper?.close();
  await cp?.close();
});

/** An HTTP API definition in AWS's style: shared and inline integrations, a JWT and a Lambda authorizer, CORS. */
const petstore = () => ({
  openapi: '3.0.1',
  info: { title: 'petstore', version: '2026-12-01', description: 'pets' },
  tags: [{ name: 'team', 'x-amazon-apigateway-tag-value': 'pets' }],
  'x-amazon-apigateway-cors': { allowOrigins: ['https://app.example.com'], allowMethods: ['GET'], maxAge: 600 },
  paths: {
    '/pets': {
      get: {
        operationId: 'listPets',
        security: [{ jwt: ['pets.read'] }],
        responses: { default: { description: 'ok' } },
        'x-amazon-apigateway-integration': { $ref: '#/components/x-amazon-apigateway-integrations/backend' },
      },
      post: {
        requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
        security: [{ lambda: [] }],
        'x-amazon-apigateway-integration': {
          type: 'aws_proxy',
          httpMethod: 'POST',
          uri: 'arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:create-pet',
          payloadFormatVersion: '2.0',
          timeoutInMillis: 5000,
        },
      },
    },
    '/pets/{id}': {
      'x-amazon-apigateway-any-method': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        'x-amazon-apigateway-integration': { $ref: '#/components/x-amazon-apigateway-integrations/backend' },
      },
    },
    '/$default': {
      'x-amazon-apigateway-any-method': {
        isDefaultRoute: true,
        'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'ANY', uri: 'https://fallback.example.com', payloadFormatVersion: '1.0' },
      },
    },
  },
  components: {
    securitySchemes: {
      jwt: { type: 'oauth2', 'x-amazon-apigateway-authorizer': { type: 'jwt', identitySource: '$request.header.Authorization', jwtConfiguration: { issuer: 'https://idp.example.com', audience: ['pets'] } } },
      lambda: {
        type: 'apiKey',
        name: 'x-token',
        in: 'header',
        'x-amazon-apigateway-authorizer': {
          type: 'request',
          identitySource: '$request.header.x-token',
          authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:auth/invocations',
          authorizerPayloadFormatVersion: '2.0',
          enableSimpleResponses: true,
          authorizerResultTtlInSeconds: 60,
        },
      },
    },
    'x-amazon-apigateway-integrations': {
      backend: { type: 'http_proxy', httpMethod: 'ANY', uri: 'https://backend.example.com/{proxy}', payloadFormatVersion: '1.0', connectionType: 'INTERNET' },
    },
  },
});

describe('ImportApi', () => {
  it('imports routes, shared and inline integrations, authorizers, CORS and tags from JSON', async () => {
    const api = await client.send(new ImportApiCommand({ Body: JSON.stringify(petstore()) }));
    expect(api.$metadata.httpStatusCode).toBe(201);
    expect(api).toMatchObject({ Name: 'petstore', Version: '2026-12-01', Description: 'pets', ProtocolType: 'HTTP', Tags: { team: 'pets' }, CorsConfiguration: { AllowOrigins: ['https://app.example.com'], AllowMethods: ['GET'], MaxAge: 600 } });
    expect(api.ImportInfo).toEqual([expect.stringContaining('requestBody')]);
    const [routes, integrations, authorizers] = await Promise.all([
      client.send(new GetRoutesCommand({ ApiId: api.ApiId })),
      client.send(new GetIntegrationsCommand({ ApiId: api.ApiId })),
      client.send(new GetAuthorizersCommand({ ApiId: api.ApiId })),
    ]);
    expect(routes.Items!.map((r) => r.RouteKey).sort()).toEqual(['$default', 'ANY /pets/{id}', 'GET /pets', 'POST /pets']);
    // The shared integration is one integration used by both of its routes.
    expect(integrations.Items).toHaveLength(3);
    const backend = integrations.Items!.find((i) => i.IntegrationUri === 'https://backend.example.com/{proxy}')!;
    const byKey = Object.fromEntries(routes.Items!.map((r) => [r.RouteKey, r]));
    expect(byKey['GET /pets']!.Target).toBe(`integrations/${backend.IntegrationId}`);
    expect(byKey['ANY /pets/{id}']!.Target).toBe(`integrations/${backend.IntegrationId}`);
    const jwt = authorizers.Items!.find((a) => a.Name === 'jwt')!;
    const lambda = authorizers.Items!.find((a) => a.Name === 'lambda')!;
    expect(byKey['GET /pets']).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: jwt.AuthorizerId, AuthorizationScopes: ['pets.read'], OperationName: 'listPets' });
    expect(byKey['POST /pets']).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: lambda.AuthorizerId });
    expect(lambda).toMatchObject({ AuthorizerResultTtlInSeconds: 60, EnableSimpleResponses: true, IdentitySource: ['$request.header.x-token'] });
    // ${AWS::Region} and ${AWS::AccountId} are substituted.
    expect(integrations.Items!.find((i) => i.IntegrationType === 'AWS_PROXY')).toMatchObject({ IntegrationUri: 'arn:aws:lambda:us-east-1:000000000000:function:create-pet', TimeoutInMillis: 5000 });
  });

  it('imports YAML, prepends the base path on request, and reports unsupported integrations as warnings', async () => {
    const document = {
      openapi: '3.0.1',
      info: { title: 'yaml-api', version: '1' },
      servers: [{ url: 'https://example.com/{basePath}', variables: { basePath: { default: 'v1' } } }],
      paths: {
        '/items': { get: { 'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'GET', uri: 'https://items.example.com', payloadFormatVersion: '1.0' } } },
        '/legacy': { get: { 'x-amazon-apigateway-integration': { type: 'aws', httpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:s3:path/b' } } },
      },
    };
    const api = await client.send(new ImportApiCommand({ Body: toYaml(document), Basepath: 'prepend' }));
    expect(api.Warnings).toEqual([expect.stringContaining("Unsupported integration type 'AWS'")]);
    const routes = (await client.send(new GetRoutesCommand({ ApiId: api.ApiId }))).Items!;
    expect(routes.map((r) => [r.RouteKey, r.Target !== undefined])).toEqual([
      ['GET /v1/items', true],
      ['GET /v1/legacy', false],
    ]);

    // failOnWarnings turns the same warning into a refusal that creates nothing.
    const before = await dumper.dump();
    expect(await failure(client.send(new ImportApiCommand({ Body: toYaml(document), FailOnWarnings: true })))).toMatchObject({ name: 'BadRequestException', message: expect.stringContaining('failOnWarnings') });
    expect(await dumper.dump()).toEqual(before);
  });

  it.each([
    ['Swagger 2.0', { swagger: '2.0', info: { title: 'x', version: '1' }, paths: {} }, /OpenAPI 3\.0/],
    ['no title', { openapi: '3.0.1', info: { version: '1' }, paths: {} }, /info\.title/],
    ['two security requirements', { openapi: '3.0.1', info: { title: 'x' }, paths: { '/a': { get: { security: [{ a: [] }, { b: [] }] } } } }, /one security requirement/],
    ['an undefined security scheme', { openapi: '3.0.1', info: { title: 'x' }, paths: { '/a': { get: { security: [{ nosuch: [] }] } } } }, /nosuch/],
    ['a bad route path', { openapi: '3.0.1', info: { title: 'x' }, paths: { '/{proxy+}/x': { get: {} } } }, /route key/],
    ['a bad integration', { openapi: '3.0.1', info: { title: 'x' }, paths: { '/a': { get: { 'x-amazon-apigateway-integration': { type: 'http_proxy', uri: 'https://b', httpMethod: 'GET', payloadFormatVersion: '2.0' } } } } }, /paths\.\/a\.get/],
  ])('refuses %s and creates nothing', async (_what, document, message) => {
    const before = await dumper.dump();
    expect(await failure(client.send(new ImportApiCommand({ Body: JSON.stringify(document) })))).toMatchObject({ name: 'BadRequestException', message: expect.stringMatching(message) });
    expect(await dumper.dump()).toEqual(before);
  });

  it('refuses a body that is neither JSON nor YAML', async () => {
    expect(await failure(client.send(new ImportApiCommand({ Body: '{"openapi": ' })))).toMatchObject({ name: 'BadRequestException' });
  });
});

describe('ReimportApi and ExportApi', () => {
  it('overwrites the definition, auto-deploys, and exports what was imported', async () => {
    const api = await client.send(new ImportApiCommand({ Body: JSON.stringify(petstore()) }));
    await client.send(new CreateStageCommand({ ApiId: api.ApiId, StageName: '$default', AutoDeploy: true }));
    const first = (await client.send(new GetStageCommand({ ApiId: api.ApiId, StageName: '$default' }))).DeploymentId;

    const smaller = petstore();
    delete (smaller.paths as Record<string, unknown>)['/pets/{id}'];
    smaller.info.title = 'petstore-v2';
    const reimported = await client.send(new ReimportApiCommand({ ApiId: api.ApiId, Body: toYaml(smaller) }));
    expect(reimported).toMatchObject({ ApiId: api.ApiId, Name: 'petstore-v2', Tags: { team: 'pets' } });
    expect((await client.send(new GetRoutesCommand({ ApiId: api.ApiId }))).Items!.map((r) => r.RouteKey).sort()).toEqual(['$default', 'GET /pets', 'POST /pets']);
    expect((await client.send(new GetStageCommand({ ApiId: api.ApiId, StageName: '$default' }))).DeploymentId).not.toBe(first);

    const exported = await client.send(new ExportApiCommand({ ApiId: api.ApiId, Specification: 'OAS30', OutputType: 'JSON' }));
    const document = JSON.parse(Buffer.from(exported.body!).toString('utf8'));
    expect(document).toMatchObject({
      openapi: '3.0.1',
      info: { title: 'petstore-v2', version: '2026-12-01' },
      'x-amazon-apigateway-cors': { allowOrigins: ['https://app.example.com'] },
      'x-amazon-apigateway-importexport-version': '1.0',
      paths: {
        '/pets': {
          get: { security: [{ jwt: ['pets.read'] }], 'x-amazon-apigateway-integration': { type: 'http_proxy', uri: 'https://backend.example.com/{proxy}', payloadFormatVersion: '1.0' } },
          post: { security: [{ lambda: [] }], 'x-amazon-apigateway-integration': { type: 'aws_proxy', payloadFormatVersion: '2.0' } },
        },
        '/$default': { 'x-amazon-apigateway-any-method': { isDefaultRoute: true } },
      },
      components: { securitySchemes: { jwt: { 'x-amazon-apigateway-authorizer': { type: 'jwt', jwtConfiguration: { issuer: 'https://idp.example.com' } } } } },
    });

    // The export imports back into an equal API (round trip), and YAML without extensions has no integrations,
    // authorizers or CORS.
    const again = await client.send(new ImportApiCommand({ Body: JSON.stringify(document) }));
    expect((await client.send(new GetRoutesCommand({ ApiId: again.ApiId }))).Items!.map((r) => [r.RouteKey, r.AuthorizationType]).sort()).toEqual([
      ['$default', 'NONE'],
      ['GET /pets', 'JWT'],
      ['POST /pets', 'CUSTOM'],
    ]);
    const plain = await client.send(new ExportApiCommand({ ApiId: api.ApiId, Specification: 'OAS30', OutputType: 'YAML', IncludeExtensions: false, StageName: '$default' }));
    const yamlText = Buffer.from(plain.body!).toString('utf8');
    // Only the any-method key stays: it is how OpenAPI documents of HTTP APIs spell ANY and $default routes.
    expect(yamlText.replaceAll('x-amazon-apigateway-any-method', '')).not.toContain('x-amazon-apigateway');
    expect(parseYaml(yamlText)).toMatchObject({ openapi: '3.0.1', paths: { '/pets': { get: {}, post: {} } } });
    expect((await client.send(new GetApiCommand({ ApiId: api.ApiId }))).Name).toBe('petstore-v2');
  });

  it('refuses unknown specifications, output types and export versions', async () => {
    const api = await client.send(new ImportApiCommand({ Body: JSON.stringify(petstore()) }));
    expect(await failure(client.send(new ExportApiCommand({ ApiId: api.ApiId, Specification: 'SWAGGER', OutputType: 'JSON' })))).toMatchObject({ name: 'BadRequestException' });
    expect(await failure(client.send(new ExportApiCommand({ ApiId: api.ApiId, Specification: 'OAS30', OutputType: 'XML' })))).toMatchObject({ name: 'BadRequestException' });
    expect(await failure(client.send(new ExportApiCommand({ ApiId: api.ApiId, Specification: 'OAS30', OutputType: 'JSON', ExportVersion: '2.0' })))).toMatchObject({ name: 'BadRequestException' });
    expect(await failure(client.send(new ExportApiCommand({ ApiId: api.ApiId, Specification: 'OAS30', OutputType: 'JSON', StageName: 'nosuch' })))).toMatchObject({ name: 'NotFoundException' });
  });
});
