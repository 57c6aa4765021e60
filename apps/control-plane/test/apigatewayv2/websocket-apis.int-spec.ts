// apigatewayv2 WebSocket APIs through the real @aws-sdk/client-apigatewayv2: every operation of the WebSocket
// members (spec aws-apigatewayv2-websocket.md), their validation, and a deployment in config document v2.
import {
  CreateApiCommand,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateIntegrationCommand,
  CreateIntegrationResponseCommand,
  CreateModelCommand,
  CreateRouteCommand,
  CreateRouteResponseCommand,
  CreateStageCommand,
  DeleteApiCommand,
  DeleteIntegrationResponseCommand,
  DeleteModelCommand,
  DeleteRouteCommand,
  DeleteRouteRequestParameterCommand,
  DeleteRouteResponseCommand,
  GetApiCommand,
  GetAuthorizerCommand,
  GetIntegrationCommand,
  GetIntegrationResponseCommand,
  GetIntegrationResponsesCommand,
  GetModelCommand,
  GetModelsCommand,
  GetRouteCommand,
  GetRouteResponseCommand,
  GetRouteResponsesCommand,
  GetStageCommand,
  UpdateApiCommand,
  UpdateAuthorizerCommand,
  UpdateIntegrationCommand,
  UpdateIntegrationResponseCommand,
  UpdateModelCommand,
  UpdateRouteCommand,
  UpdateRouteResponseCommand,
  UpdateStageCommand,
  type ApiGatewayV2Client,
} from '@aws-sdk/client-apigatewayv2';
import { configAcceptHeader, configDocumentV2Schema, websocketApiSnapshotSchema, type WebSocketApiSnapshot } from '@portico/contracts';
import { openDatabaseDumper, type DatabaseDumper } from '../support/database-dump.js';
import { startTestControlPlane, type TestControlPlane } from '../support/test-control-plane.js';
import { failure, LAMBDA_ARN, LAMBDA_INVOCATION_ARN, v2Client } from './support.js';

const TOKEN = 'portico-test-data-plane-token';

let cp: TestControlPlane;
let client: ApiGatewayV2Client;
let dumper: DatabaseDumper;

beforeAll(async () => {
  cp = await startTestControlPlane({ dataPlaneToken: TOKEN });
  client = v2Client(cp);
  dumper = await openDatabaseDumper(cp.database.url);
});
afterAll(async () => {
  client?.destroy();
  await dumper?.close();
  await cp?.close();
});

async function websocketApi(name: string, extra: Record<string, unknown> = {}): Promise<string> {
  return (await client.send(new CreateApiCommand({ Name: name, ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action', ...extra }))).ApiId!;
}

/** Every WebSocket stage of the v2 document a data plane gets, each parsed with the contract's own schema. */
async function websocketStages(): Promise<WebSocketApiSnapshot[]> {
  const response = await fetch(`${cp.url}/internal/config`, { headers: { authorization: `Bearer ${TOKEN}`, accept: configAcceptHeader() } });
  expect(response.status).toBe(200);
  const document = configDocumentV2Schema.parse(await response.json());
  return Object.values(document.apis).flatMap((api) => (api.protocolType === 'WEBSOCKET' ? api.stages.map((stage) => websocketApiSnapshotSchema.parse(stage)) : []));
}

/** A request refused with 400 BadRequestException, and the database unchanged by it. */
async function refused(promise: () => Promise<unknown>, message: RegExp | string, status = 400): Promise<void> {
  const before = await dumper.dump();
  const error = await failure(promise());
  expect(error.status).toBe(status);
  expect(error.message).toMatch(message);
  expect(await dumper.dump()).toEqual(before);
}

describe('CreateApi / UpdateApi for WebSocket APIs', () => {
  it('creates a WebSocket API with AWS defaults, and updates it partially', async () => {
    const created = await client.send(new CreateApiCommand({ Name: 'chat', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '${request.body.service}/${request.body.action}' }));
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created).toMatchObject({
      Name: 'chat',
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: '${request.body.service}/${request.body.action}',
      ApiKeySelectionExpression: '$request.header.x-api-key',
      ApiEndpoint: `wss://${created.ApiId}.execute-api.us-east-1.amazonaws.com`,
    });
    expect(created.CorsConfiguration).toBeUndefined();
    const updated = await client.send(new UpdateApiCommand({ ApiId: created.ApiId, ApiKeySelectionExpression: '$context.authorizer.usageIdentifierKey', DisableSchemaValidation: true, RouteSelectionExpression: '$request.body.action' }));
    expect(updated).toMatchObject({ Name: 'chat', ApiKeySelectionExpression: '$context.authorizer.usageIdentifierKey', DisableSchemaValidation: true, RouteSelectionExpression: '$request.body.action' });
    expect(await client.send(new GetApiCommand({ ApiId: created.ApiId }))).toMatchObject({ ProtocolType: 'WEBSOCKET', DisableSchemaValidation: true });
  });

  it('refuses what AWS refuses for WebSocket APIs, changing nothing', async () => {
    await refused(() => client.send(new CreateApiCommand({ Name: 'x', ProtocolType: 'WEBSOCKET' })), 'RouteSelectionExpression is required for WEBSOCKET protocol');
    await refused(() => client.send(new CreateApiCommand({ Name: 'x', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.header.x' })), /Invalid routeSelectionExpression/);
    await refused(
      () => client.send(new CreateApiCommand({ Name: 'x', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action', ApiKeySelectionExpression: '$request.header.key' })),
      /Invalid apiKeySelectionExpression/,
    );
    await refused(() => client.send(new CreateApiCommand({ Name: 'x', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action', CorsConfiguration: { AllowOrigins: ['*'] } })), /only for HTTP APIs/);
    await refused(() => client.send(new CreateApiCommand({ Name: 'x', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action', Target: LAMBDA_ARN })), /quick create.*only for HTTP APIs/);
    await refused(() => client.send(new CreateApiCommand({ Name: 'x', ProtocolType: 'HTTP', DisableSchemaValidation: true })), 'disableSchemaValidation is supported only for WebSocket APIs');
    const apiId = await websocketApi('fixed-protocol');
    const raw = await cp.request('PATCH', `/v2/apis/${apiId}`, { body: JSON.stringify({ protocolType: 'HTTP' }), headers: { 'content-type': 'application/json' } });
    expect(raw.status).toBe(400);
    expect(raw.json()).toMatchObject({ message: 'protocolType cannot be updated' });
    await refused(() => client.send(new UpdateApiCommand({ ApiId: apiId, CorsConfiguration: { AllowOrigins: ['*'] } })), /only for HTTP APIs/);
    await refused(() => client.send(new UpdateApiCommand({ ApiId: apiId, RouteSelectionExpression: '$request.method $request.path' })), /Invalid routeSelectionExpression/);
  });
});

describe('routes and route responses', () => {
  it('creates the predefined and custom routes with the WebSocket members', async () => {
    const apiId = await websocketApi('routes');
    const model = await client.send(new CreateModelCommand({ ApiId: apiId, Name: 'Message', ContentType: 'application/json', Schema: JSON.stringify({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', required: ['text'] }) }));
    const authorizer = await client.send(
      new CreateAuthorizerCommand({ ApiId: apiId, Name: 'tokens', AuthorizerType: 'REQUEST', AuthorizerUri: LAMBDA_INVOCATION_ARN, IdentitySource: ['route.request.querystring.token'] }),
    );
    const connect = await client.send(
      new CreateRouteCommand({
        ApiId: apiId,
        RouteKey: '$connect',
        AuthorizationType: 'CUSTOM',
        AuthorizerId: authorizer.AuthorizerId,
        ApiKeyRequired: true,
        RequestParameters: { 'route.request.querystring.token': { Required: true }, 'route.request.header.x-room': { Required: false } },
        OperationName: 'Connect',
      }),
    );
    expect(connect).toMatchObject({ RouteKey: '$connect', AuthorizationType: 'CUSTOM', AuthorizerId: authorizer.AuthorizerId, ApiKeyRequired: true, OperationName: 'Connect' });
    await client.send(new DeleteRouteRequestParameterCommand({ ApiId: apiId, RouteId: connect.RouteId, RequestParameterKey: 'route.request.header.x-room' }));
    expect((await client.send(new GetRouteCommand({ ApiId: apiId, RouteId: connect.RouteId }))).RequestParameters).toEqual({ 'route.request.querystring.token': { Required: true } });

    const iam = await client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: '$disconnect', AuthorizationType: 'AWS_IAM' }));
    expect(iam).toMatchObject({ AuthorizationType: 'AWS_IAM', ApiKeyRequired: false });
    const send = await client.send(
      new CreateRouteCommand({ ApiId: apiId, RouteKey: 'sendmessage', RequestModels: { $default: 'Message' }, ModelSelectionExpression: '$request.body.kind', RouteResponseSelectionExpression: '$default' }),
    );
    expect(send).toMatchObject({ RouteKey: 'sendmessage', AuthorizationType: 'NONE', ApiKeyRequired: false, RequestModels: { $default: 'Message' }, ModelSelectionExpression: '$request.body.kind', RouteResponseSelectionExpression: '$default' });
    const cleared = await client.send(new UpdateRouteCommand({ ApiId: apiId, RouteId: send.RouteId, RouteResponseSelectionExpression: '' }));
    expect(cleared.RouteResponseSelectionExpression).toBeUndefined();
    expect(cleared.RequestModels).toEqual({ $default: 'Message' });

    // A model in use stays.
    await refused(() => client.send(new DeleteModelCommand({ ApiId: apiId, ModelId: model.ModelId })), /referenced by route/);
    // The rules of WebSocket routes.
    await refused(() => client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: '$other' })), /reserved/);
    await refused(() => client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /x', AuthorizationType: 'JWT', AuthorizerId: authorizer.AuthorizerId })), /Invalid authorizationType/);
    await refused(() => client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'join', RouteResponseSelectionExpression: '$request.body.x' })), /Only \$default is supported/);
    await refused(() => client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'join', RequestModels: { $default: 'Missing' } })), /model Missing does not exist/, 404);
    await refused(() => client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'join', RequestParameters: { 'method.request.header.x': { Required: true } } })), /Invalid request parameter key/);
    await refused(() => client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'sendmessage' })), /already exists/, 409);
    await refused(() => client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'join', AuthorizationScopes: ['read'] })), /only for HTTP APIs/);
  });

  it('makes a route two-way with a $default route response (and only $default)', async () => {
    const apiId = await websocketApi('two-way');
    const route = await client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'echo', RouteResponseSelectionExpression: '$default' }));
    await client.send(new CreateModelCommand({ ApiId: apiId, Name: 'Reply', Schema: '{"type":"object"}' }));
    const response = await client.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: route.RouteId, RouteResponseKey: '$default', ResponseModels: { $default: 'Reply' } }));
    expect(response.$metadata.httpStatusCode).toBe(201);
    expect(response).toMatchObject({ RouteResponseKey: '$default', ResponseModels: { $default: 'Reply' } });
    expect(response.RouteResponseId).toBeTruthy();
    const updated = await client.send(
      new UpdateRouteResponseCommand({ ApiId: apiId, RouteId: route.RouteId, RouteResponseId: response.RouteResponseId, ResponseParameters: { 'route.response.header.x-id': { Required: false } } }),
    );
    expect(updated).toMatchObject({ RouteResponseKey: '$default', ResponseModels: { $default: 'Reply' }, ResponseParameters: { 'route.response.header.x-id': { Required: false } } });
    expect(await client.send(new GetRouteResponseCommand({ ApiId: apiId, RouteId: route.RouteId, RouteResponseId: response.RouteResponseId }))).toMatchObject({ RouteResponseKey: '$default' });
    expect((await client.send(new GetRouteResponsesCommand({ ApiId: apiId, RouteId: route.RouteId }))).Items).toHaveLength(1);

    await refused(() => client.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: route.RouteId, RouteResponseKey: 'other' })), /Only \$default is supported/);
    await refused(() => client.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: route.RouteId, RouteResponseKey: '$default' })), /already exists/, 409);
    const httpApi = (await client.send(new CreateApiCommand({ Name: 'plain', ProtocolType: 'HTTP' }))).ApiId!;
    const httpRoute = (await client.send(new CreateRouteCommand({ ApiId: httpApi, RouteKey: 'GET /x' }))).RouteId!;
    await refused(() => client.send(new CreateRouteResponseCommand({ ApiId: httpApi, RouteId: httpRoute, RouteResponseKey: '$default' })), 'Route responses are supported only for WebSocket APIs');

    await client.send(new DeleteRouteResponseCommand({ ApiId: apiId, RouteId: route.RouteId, RouteResponseId: response.RouteResponseId }));
    expect((await failure(client.send(new GetRouteResponseCommand({ ApiId: apiId, RouteId: route.RouteId, RouteResponseId: response.RouteResponseId })))).status).toBe(404);
    // Deleting a route deletes its responses with it.
    await client.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: route.RouteId, RouteResponseKey: '$default' }));
    await client.send(new DeleteRouteCommand({ ApiId: apiId, RouteId: route.RouteId }));
    expect((await failure(client.send(new GetRouteResponsesCommand({ ApiId: apiId, RouteId: route.RouteId })))).status).toBe(404);
  });
});

describe('integrations and integration responses', () => {
  it('creates the five integration types with their defaults and fixed response selections', async () => {
    const apiId = await websocketApi('integrations');
    const mock = await client.send(
      new CreateIntegrationCommand({
        ApiId: apiId,
        IntegrationType: 'MOCK',
        RequestTemplates: { $default: '{"statusCode":200}', join: '{"statusCode":201}' },
        TemplateSelectionExpression: '${request.body.action}',
        PassthroughBehavior: 'NEVER',
      }),
    );
    expect(mock).toMatchObject({
      IntegrationType: 'MOCK',
      ConnectionType: 'INTERNET',
      TimeoutInMillis: 29000,
      PassthroughBehavior: 'NEVER',
      RequestTemplates: { $default: '{"statusCode":200}', join: '{"statusCode":201}' },
      TemplateSelectionExpression: '${request.body.action}',
      IntegrationResponseSelectionExpression: '${integration.response.statuscode}',
    });
    const lambda = await client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS', IntegrationUri: LAMBDA_INVOCATION_ARN, IntegrationMethod: 'POST', ContentHandlingStrategy: 'CONVERT_TO_TEXT' }));
    expect(lambda).toMatchObject({ IntegrationType: 'AWS', PassthroughBehavior: 'WHEN_NO_MATCH', ContentHandlingStrategy: 'CONVERT_TO_TEXT', IntegrationResponseSelectionExpression: '$integration.response.body.errorMessage' });
    const proxy = await client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA_INVOCATION_ARN, TimeoutInMillis: 50 }));
    expect(proxy).toMatchObject({ IntegrationType: 'AWS_PROXY', TimeoutInMillis: 50, PassthroughBehavior: 'WHEN_NO_MATCH', PayloadFormatVersion: '1.0' });
    expect(proxy.IntegrationResponseSelectionExpression).toBeUndefined();
    const http = await client.send(
      new CreateIntegrationCommand({
        ApiId: apiId,
        IntegrationType: 'HTTP',
        IntegrationUri: 'https://backend.example.com/messages',
        IntegrationMethod: 'POST',
        RequestParameters: { 'integration.request.header.connectionId': 'context.connectionId', 'integration.request.querystring.room': "'lobby'" },
      }),
    );
    expect(http).toMatchObject({ IntegrationType: 'HTTP', IntegrationResponseSelectionExpression: '${integration.response.statuscode}', RequestParameters: { 'integration.request.header.connectionId': 'context.connectionId' } });
    const httpProxy = await client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationUri: 'https://backend.example.com/{proxy}', IntegrationMethod: 'ANY' }));
    expect(httpProxy).toMatchObject({ IntegrationType: 'HTTP_PROXY', TimeoutInMillis: 29000 });

    const merged = await client.send(new UpdateIntegrationCommand({ ApiId: apiId, IntegrationId: mock.IntegrationId, RequestTemplates: { join: '' }, TimeoutInMillis: 29000 }));
    expect(merged.RequestTemplates).toEqual({ $default: '{"statusCode":200}' });
    expect(await client.send(new GetIntegrationCommand({ ApiId: apiId, IntegrationId: mock.IntegrationId }))).toMatchObject({ PassthroughBehavior: 'NEVER' });

    await refused(() => client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'MOCK', TimeoutInMillis: 29001 })), 'Invalid timeoutInMillis specified: 29001. It must be between 50 and 29000');
    await refused(() => client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA_INVOCATION_ARN, RequestTemplates: { $default: '{}' } })), /not supported for AWS_PROXY/);
    await refused(() => client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'MOCK', IntegrationUri: 'https://x.example' })), /not supported for MOCK/);
    await refused(() => client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP', IntegrationUri: 'not a url', IntegrationMethod: 'POST' })), /Invalid integrationUri/);
    await refused(() => client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'MOCK', PassthroughBehavior: 'ALWAYS' as never })), /Invalid passthroughBehavior/);
    await refused(() => client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'MOCK', RequestParameters: { 'append:header.x': "'1'" } })), /Invalid mapping expression/);
    await refused(() => client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'MOCK', TlsConfig: { ServerNameToVerify: 'x' } })), /only for HTTP APIs/);
    // The HTTP API side still refuses the WebSocket members.
    const httpApi = (await client.send(new CreateApiCommand({ Name: 'plain-int', ProtocolType: 'HTTP' }))).ApiId!;
    await refused(() => client.send(new CreateIntegrationCommand({ ApiId: httpApi, IntegrationType: 'MOCK', PayloadFormatVersion: '1.0' })), 'Integration type MOCK is supported only for WebSocket APIs');
  });

  it('takes a Lambda function ARN or its invocation URI for AWS and AWS_PROXY; anything else is a 400 that changes nothing', async () => {
    const apiId = await websocketApi('lambda-uris');
    const text = (uri: string, type: string) =>
      `Invalid integration URI specified: ${uri}. A WebSocket ${type} integration's URI must be a Lambda function ARN or arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function ARN}/invocations`;
    // AWS takes the bare function ARN too (aws/aws-cdk#13820) and answers it as given.
    for (const type of ['AWS_PROXY', 'AWS'] as const) {
      const bare = await client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: type, IntegrationUri: LAMBDA_ARN, IntegrationMethod: 'POST' }));
      expect(bare.IntegrationUri).toBe(LAMBDA_ARN);
    }
    const s3 = 'arn:aws:apigateway:us-east-1:s3:path/bucket/key';
    const error = await failure(client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: s3 })));
    expect(error).toEqual({ name: 'BadRequestException', status: 400, message: text(s3, 'AWS_PROXY') });
    await refused(() => client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS', IntegrationUri: 'arn:aws:lambda:us-east-1:000000000000:layer:x', IntegrationMethod: 'POST' })), /^Invalid integration URI specified/);
    await refused(() => client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: `${LAMBDA_INVOCATION_ARN}/extra` })), /^Invalid integration URI specified/);
    // The function name and its alias may come from the stage, as AWS allows.
    const staged = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:\${stageVariables.fn}:\${stageVariables.alias}/invocations`;
    const proxy = await client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: staged }));
    expect(proxy.IntegrationUri).toBe(staged);
    // UpdateIntegration checks the whole state the same way, and a refused update changes nothing.
    await refused(() => client.send(new UpdateIntegrationCommand({ ApiId: apiId, IntegrationId: proxy.IntegrationId, IntegrationUri: s3 })), text(s3, 'AWS_PROXY'));
    expect((await client.send(new GetIntegrationCommand({ ApiId: apiId, IntegrationId: proxy.IntegrationId }))).IntegrationUri).toBe(staged);
  });

  it('answers non-proxy integrations with $default and /regex/ integration responses', async () => {
    const apiId = await websocketApi('integration-responses');
    const integration = await client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP', IntegrationUri: 'https://backend.example.com', IntegrationMethod: 'POST' }));
    const fallback = await client.send(
      new CreateIntegrationResponseCommand({ ApiId: apiId, IntegrationId: integration.IntegrationId, IntegrationResponseKey: '$default', ResponseTemplates: { $default: '{"ok":true}' }, TemplateSelectionExpression: '${integration.response.statuscode}' }),
    );
    expect(fallback.$metadata.httpStatusCode).toBe(201);
    expect(fallback).toMatchObject({ IntegrationResponseKey: '$default', ResponseTemplates: { $default: '{"ok":true}' }, TemplateSelectionExpression: '${integration.response.statuscode}' });
    const clientErrors = await client.send(new CreateIntegrationResponseCommand({ ApiId: apiId, IntegrationId: integration.IntegrationId, IntegrationResponseKey: '/4\\d\\d/', ContentHandlingStrategy: 'CONVERT_TO_TEXT' }));
    expect(clientErrors.IntegrationResponseKey).toBe('/4\\d\\d/');
    const updated = await client.send(
      new UpdateIntegrationResponseCommand({ ApiId: apiId, IntegrationId: integration.IntegrationId, IntegrationResponseId: clientErrors.IntegrationResponseId, ResponseParameters: { 'method.response.header.x-status': 'integration.response.header.x-status' } }),
    );
    expect(updated).toMatchObject({ IntegrationResponseKey: '/4\\d\\d/', ContentHandlingStrategy: 'CONVERT_TO_TEXT', ResponseParameters: { 'method.response.header.x-status': 'integration.response.header.x-status' } });
    expect((await client.send(new GetIntegrationResponsesCommand({ ApiId: apiId, IntegrationId: integration.IntegrationId }))).Items!.map((item) => item.IntegrationResponseKey)).toEqual(['$default', '/4\\d\\d/']);
    expect(await client.send(new GetIntegrationResponseCommand({ ApiId: apiId, IntegrationId: integration.IntegrationId, IntegrationResponseId: fallback.IntegrationResponseId }))).toMatchObject({ IntegrationResponseKey: '$default' });

    await refused(() => client.send(new CreateIntegrationResponseCommand({ ApiId: apiId, IntegrationId: integration.IntegrationId, IntegrationResponseKey: '200' })), /Keys are \$default or a \/regex\//);
    await refused(() => client.send(new CreateIntegrationResponseCommand({ ApiId: apiId, IntegrationId: integration.IntegrationId, IntegrationResponseKey: '/4(/' })), /not a valid regular expression/);
    await refused(() => client.send(new CreateIntegrationResponseCommand({ ApiId: apiId, IntegrationId: integration.IntegrationId, IntegrationResponseKey: '$default' })), /already exists/, 409);
    await refused(() => client.send(new UpdateIntegrationCommand({ ApiId: apiId, IntegrationId: integration.IntegrationId, IntegrationType: 'HTTP_PROXY' })), /has integration responses/);
    const proxy = await client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA_INVOCATION_ARN }));
    await refused(() => client.send(new CreateIntegrationResponseCommand({ ApiId: apiId, IntegrationId: proxy.IntegrationId, IntegrationResponseKey: '$default' })), 'Integration responses are not supported for AWS_PROXY integrations');

    await client.send(new DeleteIntegrationResponseCommand({ ApiId: apiId, IntegrationId: integration.IntegrationId, IntegrationResponseId: clientErrors.IntegrationResponseId }));
    expect((await client.send(new GetIntegrationResponsesCommand({ ApiId: apiId, IntegrationId: integration.IntegrationId }))).Items).toHaveLength(1);
  });
});

describe('authorizers and models', () => {
  it('keeps REQUEST authorizers with route.request identity sources and refuses the HTTP-only members', async () => {
    const apiId = await websocketApi('authorizers');
    const authorizer = await client.send(
      new CreateAuthorizerCommand({ ApiId: apiId, Name: 'auth', AuthorizerType: 'REQUEST', AuthorizerUri: LAMBDA_INVOCATION_ARN, IdentitySource: ['route.request.header.Auth', 'route.request.querystring.token'] }),
    );
    expect(authorizer).toMatchObject({ Name: 'auth', AuthorizerType: 'REQUEST', IdentitySource: ['route.request.header.Auth', 'route.request.querystring.token'] });
    expect(authorizer.AuthorizerPayloadFormatVersion).toBeUndefined();
    expect(authorizer.EnableSimpleResponses).toBeUndefined();
    expect(authorizer.AuthorizerResultTtlInSeconds).toBeUndefined();
    await client.send(new UpdateAuthorizerCommand({ ApiId: apiId, AuthorizerId: authorizer.AuthorizerId, IdentitySource: ['route.request.querystring.token'] }));
    expect((await client.send(new GetAuthorizerCommand({ ApiId: apiId, AuthorizerId: authorizer.AuthorizerId }))).IdentitySource).toEqual(['route.request.querystring.token']);

    const base = { ApiId: apiId, Name: 'other', AuthorizerType: 'REQUEST' as const, AuthorizerUri: LAMBDA_INVOCATION_ARN, IdentitySource: ['route.request.header.Auth'] };
    await refused(() => client.send(new CreateAuthorizerCommand({ ...base, AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'], JwtConfiguration: { Issuer: 'https://idp.example' } })), 'JWT authorizers are supported only for HTTP APIs');
    await refused(() => client.send(new CreateAuthorizerCommand({ ...base, IdentitySource: ['$request.header.Auth'] })), /WebSocket sources are route.request.header.x/);
    await refused(() => client.send(new CreateAuthorizerCommand({ ...base, AuthorizerPayloadFormatVersion: '2.0' })), /only for HTTP APIs/);
    await refused(() => client.send(new CreateAuthorizerCommand({ ...base, AuthorizerResultTtlInSeconds: 300 })), /only for HTTP APIs/);
    await refused(() => client.send(new CreateAuthorizerCommand({ ...base, EnableSimpleResponses: true })), /only for HTTP APIs/);
  });

  it('keeps models of JSON Schema draft 4 by alphanumeric name', async () => {
    const apiId = await websocketApi('models');
    const schema = JSON.stringify({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'object' });
    const model = await client.send(new CreateModelCommand({ ApiId: apiId, Name: 'Join', ContentType: 'application/json', Description: 'join message', Schema: schema }));
    expect(model.$metadata.httpStatusCode).toBe(201);
    expect(model).toMatchObject({ Name: 'Join', ContentType: 'application/json', Description: 'join message', Schema: schema });
    const renamed = await client.send(new UpdateModelCommand({ ApiId: apiId, ModelId: model.ModelId, Name: 'JoinRoom' }));
    expect(renamed).toMatchObject({ Name: 'JoinRoom', Schema: schema });
    expect(await client.send(new GetModelCommand({ ApiId: apiId, ModelId: model.ModelId }))).toMatchObject({ Name: 'JoinRoom' });
    expect((await client.send(new GetModelsCommand({ ApiId: apiId }))).Items).toHaveLength(1);

    await refused(() => client.send(new CreateModelCommand({ ApiId: apiId, Name: 'join-room', Schema: schema })), 'Model name must be alphanumeric');
    await refused(() => client.send(new CreateModelCommand({ ApiId: apiId, Name: 'Broken', Schema: '{not json' })), /Invalid model schema specified/);
    await refused(() => client.send(new CreateModelCommand({ ApiId: apiId, Name: 'JoinRoom', Schema: schema })), /already exists/, 409);
    const httpApi = (await client.send(new CreateApiCommand({ Name: 'plain-models', ProtocolType: 'HTTP' }))).ApiId!;
    await refused(() => client.send(new CreateModelCommand({ ApiId: httpApi, Name: 'M', Schema: schema })), 'Models are supported only for WebSocket APIs');
    await client.send(new DeleteModelCommand({ ApiId: apiId, ModelId: model.ModelId }));
    expect((await failure(client.send(new GetModelCommand({ ApiId: apiId, ModelId: model.ModelId })))).status).toBe(404);
  });
});

describe('stages and deployments', () => {
  it('deploys a WebSocket API to a stage, which config document v2 then carries', async () => {
    const apiId = await websocketApi('deployed');
    const integration = await client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA_INVOCATION_ARN }));
    const mock = await client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'MOCK', RequestTemplates: { $default: '{"statusCode":200}' } }));
    await client.send(new CreateIntegrationResponseCommand({ ApiId: apiId, IntegrationId: mock.IntegrationId, IntegrationResponseKey: '$default', ResponseTemplates: { $default: '{"pong":true}' } }));
    const connect = await client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: '$connect', Target: `integrations/${integration.IntegrationId}` }));
    const ping = await client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'ping', Target: `integrations/${mock.IntegrationId}`, RouteResponseSelectionExpression: '$default' }));
    await client.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: ping.RouteId, RouteResponseKey: '$default' }));

    const stage = await client.send(new CreateStageCommand({ ApiId: apiId, StageName: 'prod', RouteSettings: { ping: { DataTraceEnabled: true, LoggingLevel: 'INFO', ThrottlingBurstLimit: 10 } }, ClientCertificateId: 'abc123' }));
    expect(stage).toMatchObject({
      StageName: 'prod',
      DefaultRouteSettings: { DataTraceEnabled: false, DetailedMetricsEnabled: false },
      RouteSettings: { ping: { DataTraceEnabled: true, LoggingLevel: 'INFO', ThrottlingBurstLimit: 10 } },
      ClientCertificateId: 'abc123',
    });
    expect((await websocketStages()).filter((s) => s.api.apiId === apiId)).toEqual([]);

    const deployment = await client.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: 'prod', Description: 'first' }));
    expect(deployment).toMatchObject({ DeploymentStatus: 'DEPLOYED', Description: 'first', AutoDeployed: false });
    expect((await client.send(new GetStageCommand({ ApiId: apiId, StageName: 'prod' }))).DeploymentId).toBe(deployment.DeploymentId);
    const [served] = (await websocketStages()).filter((s) => s.api.apiId === apiId);
    expect(served).toBeDefined();
    expect(served!.api).toMatchObject({ protocolType: 'WEBSOCKET', routeSelectionExpression: '$request.body.action', apiKeySelectionExpression: '$request.header.x-api-key' });
    expect(served!.stage).toMatchObject({ stageName: 'prod', deploymentId: deployment.DeploymentId, clientCertificateId: 'abc123', routeSettings: { ping: { dataTraceEnabled: true, loggingLevel: 'INFO' } } });
    expect(served!.routes.map((r) => r.routeKey)).toEqual(['$connect', 'ping']);
    expect(served!.routes[1]).toMatchObject({ routeResponseSelectionExpression: '$default', routeResponses: [{ routeResponseKey: '$default' }] });
    expect(served!.integrations.find((i) => i.integrationId === mock.IntegrationId)).toMatchObject({
      integrationType: 'MOCK',
      requestTemplates: { $default: '{"statusCode":200}' },
      integrationResponseSelectionExpression: '${integration.response.statuscode}',
      integrationResponses: [{ integrationResponseKey: '$default', responseTemplates: { $default: '{"pong":true}' } }],
    });

    // Frozen until the next deployment; stage settings are live.
    await client.send(new DeleteRouteCommand({ ApiId: apiId, RouteId: connect.RouteId }));
    await client.send(new UpdateStageCommand({ ApiId: apiId, StageName: 'prod', StageVariables: { room: 'lobby' } }));
    const [after] = (await websocketStages()).filter((s) => s.api.apiId === apiId);
    expect(after!.routes.map((r) => r.routeKey)).toEqual(['$connect', 'ping']);
    expect(after!.stage.stageVariables).toEqual({ room: 'lobby' });

    await refused(() => client.send(new CreateStageCommand({ ApiId: apiId, StageName: 'auto', AutoDeploy: true })), 'autoDeploy is supported only for HTTP APIs');
    await refused(() => client.send(new CreateStageCommand({ ApiId: apiId, StageName: '$default' })), /only for HTTP APIs/);
    await refused(() => client.send(new CreateStageCommand({ ApiId: apiId, StageName: 'bad', DefaultRouteSettings: { LoggingLevel: 'DEBUG' as never } })), /Invalid defaultRouteSettings.loggingLevel/);
    await client.send(new DeleteApiCommand({ ApiId: apiId }));
    expect((await websocketStages()).filter((s) => s.api.apiId === apiId)).toEqual([]);
  });

  it('refuses a deployment without routes, or with a model that is no draft-4 schema unless schema validation is off', async () => {
    const apiId = await websocketApi('undeployable');
    await refused(() => client.send(new CreateDeploymentCommand({ ApiId: apiId })), 'At least one route is required before deploying the Api.');
    await client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: '$default' }));
    await client.send(new CreateModelCommand({ ApiId: apiId, Name: 'Odd', Schema: '{"type": 12}' }));
    await refused(() => client.send(new CreateDeploymentCommand({ ApiId: apiId })), /model Odd is not a valid JSON Schema draft 4/);
    await client.send(new UpdateApiCommand({ ApiId: apiId, DisableSchemaValidation: true }));
    expect(await client.send(new CreateDeploymentCommand({ ApiId: apiId }))).toMatchObject({ DeploymentStatus: 'DEPLOYED' });
  });
});
