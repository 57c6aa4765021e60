// apigatewayv2 routes, integrations and authorizers through the real SDK: AWS's validation, references between
// them, partial updates, and that a rejected request changes nothing.
import {
  CreateApiCommand,
  CreateAuthorizerCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  DeleteAuthorizerCommand,
  DeleteIntegrationCommand,
  DeleteRouteCommand,
  DeleteRouteRequestParameterCommand,
  GetAuthorizerCommand,
  GetAuthorizersCommand,
  GetIntegrationCommand,
  GetRouteCommand,
  GetRoutesCommand,
  UpdateAuthorizerCommand,
  UpdateIntegrationCommand,
  UpdateRouteCommand,
  type ApiGatewayV2Client,
} from '@aws-sdk/client-apigatewayv2';
import { openDatabaseDumper, type DatabaseDumper } from '../support/database-dump.js';
import { startTestControlPlane, type TestControlPlane } from '../support/test-control-plane.js';
import { failure, LAMBDA_ARN, LAMBDA_INVOCATION_ARN, v2Client } from './support.js';

let cp: TestControlPlane;
let client: ApiGatewayV2Client;
let dumper: DatabaseDumper;
let apiId: string;

beforeAll(async () => {
  cp = await startTestControlPlane();
  client = v2Client(cp);
  dumper = await openDatabaseDumper(cp.database.url);
  apiId = (await client.send(new CreateApiCommand({ Name: 'routes', ProtocolType: 'HTTP' }))).ApiId!;
});
afterAll(async () => {
  client?.destroy();
  await dumper?.close();
  await cp?.close();
});

/** Runs `attempt`, expects it to fail with `name`, and checks that the database is unchanged. */
async function refused(attempt: Promise<unknown>, name: string, message?: string | RegExp): Promise<void> {
  const before = await dumper.dump();
  const error = await failure(attempt);
  expect(error.name).toBe(name);
  if (message !== undefined) expect(error.message).toMatch(message);
  expect(await dumper.dump()).toEqual(before);
}

async function httpIntegration(uri = 'https://backend.example.com/{proxy}'): Promise<string> {
  const created = await client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: uri, PayloadFormatVersion: '1.0' }));
  return created.IntegrationId!;
}

describe('integrations', () => {
  it('creates HTTP_PROXY and AWS_PROXY integrations with AWS defaults', async () => {
    const http = await client.send(
      new CreateIntegrationCommand({
        ApiId: apiId,
        IntegrationType: 'HTTP_PROXY',
        IntegrationMethod: 'GET',
        IntegrationUri: 'https://backend.example.com/pets/{id}',
        PayloadFormatVersion: '1.0',
        RequestParameters: { 'append:header.x-source': '$context.requestId', 'overwrite:path': '/v1$request.path' },
        ResponseParameters: { '404': { 'overwrite:statuscode': '410' } },
      }),
    );
    expect(http.$metadata.httpStatusCode).toBe(201);
    expect(http).toMatchObject({ IntegrationType: 'HTTP_PROXY', ConnectionType: 'INTERNET', TimeoutInMillis: 30_000, ApiGatewayManaged: false, ResponseParameters: { '404': { 'overwrite:statuscode': '410' } } });
    expect(http.IntegrationId).toMatch(/^[a-z0-9]{6}$/);
    const lambda = await client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA_ARN, PayloadFormatVersion: '2.0', TimeoutInMillis: 5000 }));
    expect(lambda).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0', TimeoutInMillis: 5000 });

    // UpdateIntegration is a partial body; a request mapping sent as "" and a response status sent as {} are removed.
    const updated = await client.send(
      new UpdateIntegrationCommand({ ApiId: apiId, IntegrationId: http.IntegrationId, RequestParameters: { 'overwrite:path': '' }, ResponseParameters: { '404': {} }, TimeoutInMillis: 1000 }),
    );
    expect(updated).toMatchObject({ IntegrationMethod: 'GET', TimeoutInMillis: 1000, RequestParameters: { 'append:header.x-source': '$context.requestId' } });
    expect(updated.ResponseParameters).toBeUndefined();
    expect(await client.send(new GetIntegrationCommand({ ApiId: apiId, IntegrationId: http.IntegrationId }))).toMatchObject({ TimeoutInMillis: 1000 });
  });

  it.each([
    ['a WebSocket-only type', { IntegrationType: 'MOCK', PayloadFormatVersion: '1.0' }, /supported only for WebSocket APIs/],
    ['payload 2.0 on HTTP_PROXY', { IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: 'https://b.example.com', PayloadFormatVersion: '2.0' }, /only 1.0/],
    ['no payload version', { IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA_ARN }, /payloadFormatVersion is required/],
    ['a timeout above 30 s', { IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA_ARN, PayloadFormatVersion: '2.0', TimeoutInMillis: 30_001 }, /between 50 and 30000/],
    ['a URL that is not http', { IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: 'ftp://b.example.com', PayloadFormatVersion: '1.0' }, /http or https URL/],
    ['an AWS_PROXY URI that is no Lambda', { IntegrationType: 'AWS_PROXY', IntegrationUri: 'https://b.example.com', PayloadFormatVersion: '2.0' }, /Lambda/],
    ['a reserved header mapping', { IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: 'https://b.example.com', PayloadFormatVersion: '1.0', RequestParameters: { 'overwrite:header.x-amz-date': 'x' } }, /reserved/],
    ['a malformed mapping key', { IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: 'https://b.example.com', PayloadFormatVersion: '1.0', RequestParameters: { 'set:header.a': 'x' } }, /mapping expression/],
    ['a WebSocket-only member', { IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA_ARN, PayloadFormatVersion: '2.0', ContentHandlingStrategy: 'CONVERT_TO_TEXT' }, /contentHandlingStrategy is supported only for WebSocket/],
    ['a private integration whose URI is a URL', { IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: 'https://b.example.com', PayloadFormatVersion: '1.0', ConnectionType: 'VPC_LINK', ConnectionId: 'abc' }, /Load Balancer listener or of an AWS Cloud Map service/],
  ])('refuses %s', async (_what, input, message) => {
    await refused(client.send(new CreateIntegrationCommand({ ApiId: apiId, ...(input as object) } as never)), 'BadRequestException', message);
  });

  it('answers 404 for an unknown API or integration', async () => {
    expect(await failure(client.send(new GetIntegrationCommand({ ApiId: apiId, IntegrationId: 'nosuch' })))).toMatchObject({ name: 'NotFoundException', status: 404, message: 'Invalid Integration identifier specified 000000000000:nosuch' });
    expect(await failure(client.send(new CreateIntegrationCommand({ ApiId: 'nosuchapi1', IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA_ARN, PayloadFormatVersion: '2.0' })))).toMatchObject({
      name: 'NotFoundException',
      message: 'Invalid API identifier specified 000000000000:nosuchapi1',
    });
  });
});

describe('authorizers', () => {
  it('creates JWT and REQUEST authorizers and updates them partially', async () => {
    const jwt = await client.send(
      new CreateAuthorizerCommand({ ApiId: apiId, Name: 'jwt', AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'], JwtConfiguration: { Issuer: 'https://idp.example.com', Audience: ['pets'] } }),
    );
    expect(jwt).toMatchObject({ AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'], JwtConfiguration: { Issuer: 'https://idp.example.com', Audience: ['pets'] } });
    const lambda = await client.send(
      new CreateAuthorizerCommand({ ApiId: apiId, Name: 'lambda', AuthorizerType: 'REQUEST', AuthorizerUri: LAMBDA_INVOCATION_ARN, AuthorizerPayloadFormatVersion: '2.0', EnableSimpleResponses: true, IdentitySource: ['$request.header.x-token'] }),
    );
    expect(lambda).toMatchObject({ AuthorizerType: 'REQUEST', AuthorizerResultTtlInSeconds: 300, EnableSimpleResponses: true });
    const updated = await client.send(new UpdateAuthorizerCommand({ ApiId: apiId, AuthorizerId: lambda.AuthorizerId, AuthorizerResultTtlInSeconds: 0 }));
    expect(updated).toMatchObject({ Name: 'lambda', AuthorizerResultTtlInSeconds: 0, IdentitySource: ['$request.header.x-token'] });
    expect(await client.send(new GetAuthorizerCommand({ ApiId: apiId, AuthorizerId: jwt.AuthorizerId }))).toMatchObject({ Name: 'jwt' });
    expect((await client.send(new GetAuthorizersCommand({ ApiId: apiId }))).Items?.length).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['a JWT authorizer without issuer', { AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'], JwtConfiguration: { Audience: ['a'] } }, /issuer is required/],
    ['a JWT authorizer with two identity sources', { AuthorizerType: 'JWT', IdentitySource: ['$request.header.a', '$request.header.b'], JwtConfiguration: { Issuer: 'https://i' } }, /exactly one identitySource/],
    ['a REQUEST authorizer without payload version', { AuthorizerType: 'REQUEST', AuthorizerUri: LAMBDA_INVOCATION_ARN, IdentitySource: ['$request.header.a'] }, /authorizerPayloadFormatVersion is required/],
    ['simple responses with payload 1.0', { AuthorizerType: 'REQUEST', AuthorizerUri: LAMBDA_INVOCATION_ARN, AuthorizerPayloadFormatVersion: '1.0', EnableSimpleResponses: true, IdentitySource: ['$request.header.a'] }, /2\.0/],
    ['caching without identity sources', { AuthorizerType: 'REQUEST', AuthorizerUri: LAMBDA_INVOCATION_ARN, AuthorizerPayloadFormatVersion: '2.0', AuthorizerResultTtlInSeconds: 60, IdentitySource: [] }, /Identity sources are required/],
    ['a TTL above an hour', { AuthorizerType: 'REQUEST', AuthorizerUri: LAMBDA_INVOCATION_ARN, AuthorizerPayloadFormatVersion: '2.0', AuthorizerResultTtlInSeconds: 3601, IdentitySource: ['$request.header.a'] }, /between 0 and 3600/],
    ['a function ARN as authorizerUri', { AuthorizerType: 'REQUEST', AuthorizerUri: LAMBDA_ARN, AuthorizerPayloadFormatVersion: '2.0', IdentitySource: ['$request.header.a'] }, /invocations/],
  ])('refuses %s', async (_what, input, message) => {
    await refused(client.send(new CreateAuthorizerCommand({ ApiId: apiId, Name: 'bad', ...(input as object) } as never)), 'BadRequestException', message);
  });
});

describe('routes', () => {
  it.each(['GET /pets/{id}', 'ANY /{proxy+}', '$default', 'POST /pets/dog/1', 'GET /'])('accepts the route key %s', async (routeKey) => {
    const route = await client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: routeKey }));
    expect(route).toMatchObject({ RouteKey: routeKey, AuthorizationType: 'NONE', ApiKeyRequired: false, ApiGatewayManaged: false });
    expect(route.RouteId).toMatch(/^[a-z0-9]{6}$/);
  });

  it.each(['GET /{proxy+}/more', 'FETCH /pets', 'GET pets', '/pets', 'GET /pets/'])('refuses the route key %s', async (routeKey) => {
    await refused(client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: routeKey })), 'BadRequestException', /Invalid route key/);
  });

  it('refuses a duplicate key, a missing target, a missing or mismatched authorizer and API keys', async () => {
    await refused(client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /pets/{id}' })), 'ConflictException');
    await refused(client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /a', Target: 'integrations/nosuch' })), 'NotFoundException', /integration nosuch does not exist/);
    await refused(client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /b', AuthorizationType: 'JWT' })), 'BadRequestException', /authorizerId is required/);
    await refused(client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /b', AuthorizationType: 'JWT', AuthorizerId: 'nosuch' })), 'NotFoundException');
    const authorizers = (await client.send(new GetAuthorizersCommand({ ApiId: apiId }))).Items!;
    const requestAuthorizer = authorizers.find((a) => a.AuthorizerType === 'REQUEST')!;
    await refused(client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /b', AuthorizationType: 'JWT', AuthorizerId: requestAuthorizer.AuthorizerId })), 'BadRequestException', /needs a JWT authorizer/);
    await refused(client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /b', AuthorizationScopes: ['read'] })), 'BadRequestException', /JWT/);
    await refused(client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /b', ApiKeyRequired: true })), 'BadRequestException', /WebSocket/);
    const keyless = await cp.request('POST', `/v2/apis/${apiId}/routes`, { body: '{}' });
    expect([keyless.status, keyless.headers.get('x-amzn-errortype'), keyless.json()]).toEqual([400, 'BadRequestException', { message: 'Route key is required' }]);
  });

  it('attaches targets and authorizers, updates partially, and protects what routes use', async () => {
    const integrationId = await httpIntegration();
    const jwt = (await client.send(new GetAuthorizersCommand({ ApiId: apiId }))).Items!.find((a) => a.AuthorizerType === 'JWT')!;
    const route = await client.send(
      new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /secure', Target: `integrations/${integrationId}`, AuthorizationType: 'JWT', AuthorizerId: jwt.AuthorizerId, AuthorizationScopes: ['pets.read'], RequestParameters: { 'route.request.header.x': { Required: true } } }),
    );
    expect(route).toMatchObject({ Target: `integrations/${integrationId}`, AuthorizationType: 'JWT', AuthorizerId: jwt.AuthorizerId, AuthorizationScopes: ['pets.read'] });

    const renamed = await client.send(new UpdateRouteCommand({ ApiId: apiId, RouteId: route.RouteId, RouteKey: 'GET /secure/{id}' }));
    expect(renamed).toMatchObject({ RouteKey: 'GET /secure/{id}', AuthorizerId: jwt.AuthorizerId, Target: `integrations/${integrationId}` });
    await refused(client.send(new DeleteIntegrationCommand({ ApiId: apiId, IntegrationId: integrationId })), 'BadRequestException', /target of route/);
    await refused(client.send(new DeleteAuthorizerCommand({ ApiId: apiId, AuthorizerId: jwt.AuthorizerId })), 'BadRequestException', /used by route/);

    await client.send(new DeleteRouteRequestParameterCommand({ ApiId: apiId, RouteId: route.RouteId, RequestParameterKey: 'route.request.header.x' }));
    // NONE detaches the authorizer (and its scopes must go with it).
    const open = await client.send(new UpdateRouteCommand({ ApiId: apiId, RouteId: route.RouteId, AuthorizationType: 'NONE', AuthorizationScopes: [] }));
    expect(open.AuthorizerId).toBeUndefined();
    expect(open.RequestParameters).toBeUndefined();
    const deleted = await client.send(new DeleteRouteCommand({ ApiId: apiId, RouteId: route.RouteId }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(await failure(client.send(new GetRouteCommand({ ApiId: apiId, RouteId: route.RouteId })))).toMatchObject({ name: 'NotFoundException', status: 404 });
    await client.send(new DeleteAuthorizerCommand({ ApiId: apiId, AuthorizerId: jwt.AuthorizerId }));
    await client.send(new DeleteIntegrationCommand({ ApiId: apiId, IntegrationId: integrationId }));
  });

  it('pages routes with maxResults and nextToken', async () => {
    const all = (await client.send(new GetRoutesCommand({ ApiId: apiId }))).Items!;
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new GetRoutesCommand({ ApiId: apiId, MaxResults: '2', NextToken: token }));
      expect(page.Items!.length).toBeLessThanOrEqual(2);
      seen.push(...page.Items!.map((r) => r.RouteId!));
      token = page.NextToken;
    } while (token);
    expect(seen).toEqual(all.map((r) => r.RouteId));
    expect(await failure(client.send(new GetRoutesCommand({ ApiId: apiId, MaxResults: 'ten' })))).toMatchObject({ name: 'BadRequestException' });
    expect(await failure(client.send(new GetRoutesCommand({ ApiId: apiId, NextToken: '!!' })))).toMatchObject({ name: 'BadRequestException' });
  });
});
