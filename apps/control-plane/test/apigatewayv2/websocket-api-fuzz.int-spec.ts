// Fuzzing the WebSocket members of the /v2 admin API, as http-api-fuzz.int-spec.ts does for HTTP APIs: every
// route a WebSocket API uses (routes, route responses, integrations, integration responses, authorizers, models,
// stages, deployments) with generated ids, JSON bodies (plausible WebSocket members, hostile values, wrong types),
// query strings and content types, signed like the SDK signs. For every answer: never a 5xx; an error is
// AWS-shaped; a rejected write changes nothing (a full dump of the database before and after it is the same).
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
} from '@aws-sdk/client-apigatewayv2';
import fc from 'fast-check';
import { openDatabaseDumper, type DatabaseDumper } from '../support/database-dump.js';
import { startTestControlPlane, type TestControlPlane } from '../support/test-control-plane.js';
import { LAMBDA_ARN, LAMBDA_INVOCATION_ARN, v2Client } from './support.js';
import { fuzzV2Routes, type FuzzRoute } from './v2-fuzz.js';

const SEED = 20261203;

let cp: TestControlPlane;
let dumper: DatabaseDumper;
const valid: Record<string, string[]> = {};

const API = '/v2/apis/{apiId}';
const API_FIELDS = ['name', 'protocolType', 'description', 'routeSelectionExpression', 'apiKeySelectionExpression', 'corsConfiguration', 'disableExecuteApiEndpoint', 'disableSchemaValidation', 'target', 'tags'];
const ROUTE_FIELDS = ['routeKey', 'authorizationType', 'authorizerId', 'authorizationScopes', 'target', 'operationName', 'requestParameters', 'apiKeyRequired', 'requestModels', 'modelSelectionExpression', 'routeResponseSelectionExpression'];
const ROUTE_RESPONSE_FIELDS = ['routeResponseKey', 'responseModels', 'modelSelectionExpression', 'responseParameters'];
const INTEGRATION_FIELDS = [
  'integrationType', 'integrationMethod', 'integrationUri', 'payloadFormatVersion', 'connectionType', 'credentialsArn', 'timeoutInMillis', 'requestParameters', 'requestTemplates',
  'templateSelectionExpression', 'passthroughBehavior', 'contentHandlingStrategy', 'integrationSubtype', 'tlsConfig', 'responseParameters',
];
const INTEGRATION_RESPONSE_FIELDS = ['integrationResponseKey', 'responseTemplates', 'templateSelectionExpression', 'contentHandlingStrategy', 'responseParameters'];
const AUTHORIZER_FIELDS = ['name', 'authorizerType', 'authorizerUri', 'authorizerCredentialsArn', 'authorizerPayloadFormatVersion', 'authorizerResultTtlInSeconds', 'enableSimpleResponses', 'identitySource', 'jwtConfiguration'];
const MODEL_FIELDS = ['name', 'schema', 'contentType', 'description'];
const STAGE_FIELDS = ['stageName', 'deploymentId', 'description', 'autoDeploy', 'stageVariables', 'defaultRouteSettings', 'routeSettings', 'accessLogSettings', 'tags', 'clientCertificateId'];

const ROUTES: FuzzRoute[] = [
  { method: 'POST', path: '/v2/apis', fields: API_FIELDS },
  { method: 'PATCH', path: API, fields: API_FIELDS },
  { method: 'POST', path: `${API}/routes`, fields: ROUTE_FIELDS },
  { method: 'PATCH', path: `${API}/routes/{routeId}`, fields: ROUTE_FIELDS },
  { method: 'DELETE', path: `${API}/routes/{routeId}/requestparameters/{requestParameterKey}` },
  { method: 'GET', path: `${API}/routes/{routeId}/routeresponses`, query: ['maxResults', 'nextToken'] },
  { method: 'POST', path: `${API}/routes/{routeId}/routeresponses`, fields: ROUTE_RESPONSE_FIELDS },
  { method: 'GET', path: `${API}/routes/{routeId}/routeresponses/{routeResponseId}` },
  { method: 'PATCH', path: `${API}/routes/{routeId}/routeresponses/{routeResponseId}`, fields: ROUTE_RESPONSE_FIELDS },
  { method: 'DELETE', path: `${API}/routes/{routeId}/routeresponses/{routeResponseId}` },
  { method: 'POST', path: `${API}/integrations`, fields: INTEGRATION_FIELDS },
  { method: 'PATCH', path: `${API}/integrations/{integrationId}`, fields: INTEGRATION_FIELDS },
  { method: 'GET', path: `${API}/integrations/{integrationId}/integrationresponses`, query: ['maxResults', 'nextToken'] },
  { method: 'POST', path: `${API}/integrations/{integrationId}/integrationresponses`, fields: INTEGRATION_RESPONSE_FIELDS },
  { method: 'GET', path: `${API}/integrations/{integrationId}/integrationresponses/{integrationResponseId}` },
  { method: 'PATCH', path: `${API}/integrations/{integrationId}/integrationresponses/{integrationResponseId}`, fields: INTEGRATION_RESPONSE_FIELDS },
  { method: 'DELETE', path: `${API}/integrations/{integrationId}/integrationresponses/{integrationResponseId}` },
  { method: 'POST', path: `${API}/authorizers`, fields: AUTHORIZER_FIELDS },
  { method: 'PATCH', path: `${API}/authorizers/{authorizerId}`, fields: AUTHORIZER_FIELDS },
  { method: 'GET', path: `${API}/models`, query: ['maxResults', 'nextToken'] },
  { method: 'POST', path: `${API}/models`, fields: MODEL_FIELDS },
  { method: 'GET', path: `${API}/models/{modelId}` },
  { method: 'PATCH', path: `${API}/models/{modelId}`, fields: MODEL_FIELDS },
  { method: 'DELETE', path: `${API}/models/{modelId}` },
  { method: 'POST', path: `${API}/deployments`, fields: ['description', 'stageName'] },
  { method: 'POST', path: `${API}/stages`, fields: STAGE_FIELDS },
  { method: 'PATCH', path: `${API}/stages/{stageName}`, fields: STAGE_FIELDS },
  { method: 'DELETE', path: `${API}/stages/{stageName}/routesettings/{routeKey}` },
  { method: 'GET', path: `${API}/exports/{specification}`, query: ['outputType'] },
];

beforeAll(async () => {
  cp = await startTestControlPlane({ adminRequestsPerSecond: 1_000_000 });
  const client = v2Client(cp);
  const apiId = (await client.send(new CreateApiCommand({ Name: 'fuzz-ws', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }))).ApiId!;
  const proxy = await client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA_INVOCATION_ARN }));
  const mock = await client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'MOCK', RequestTemplates: { $default: '{"statusCode":200}' } }));
  const integrationResponse = await client.send(new CreateIntegrationResponseCommand({ ApiId: apiId, IntegrationId: mock.IntegrationId, IntegrationResponseKey: '$default' }));
  const authorizer = await client.send(new CreateAuthorizerCommand({ ApiId: apiId, Name: 'fuzz', AuthorizerType: 'REQUEST', AuthorizerUri: LAMBDA_INVOCATION_ARN, IdentitySource: ['route.request.querystring.token'] }));
  const model = await client.send(new CreateModelCommand({ ApiId: apiId, Name: 'Message', Schema: '{"type":"object"}' }));
  const connect = await client.send(
    new CreateRouteCommand({ ApiId: apiId, RouteKey: '$connect', AuthorizationType: 'CUSTOM', AuthorizerId: authorizer.AuthorizerId, Target: `integrations/${proxy.IntegrationId}`, RequestParameters: { 'route.request.querystring.token': { Required: true } } }),
  );
  const send = await client.send(
    new CreateRouteCommand({ ApiId: apiId, RouteKey: 'sendmessage', Target: `integrations/${mock.IntegrationId}`, RequestModels: { $default: 'Message' }, RouteResponseSelectionExpression: '$default' }),
  );
  const routeResponse = await client.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: send.RouteId, RouteResponseKey: '$default' }));
  await client.send(new CreateStageCommand({ ApiId: apiId, StageName: 'prod', RouteSettings: { sendmessage: { LoggingLevel: 'INFO' } } }));
  await client.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: 'prod' }));
  client.destroy();
  Object.assign(valid, {
    apiId: [apiId],
    routeId: [connect.RouteId!, send.RouteId!],
    routeResponseId: [routeResponse.RouteResponseId!],
    integrationId: [mock.IntegrationId!, proxy.IntegrationId!],
    integrationResponseId: [integrationResponse.IntegrationResponseId!],
    authorizerId: [authorizer.AuthorizerId!],
    modelId: [model.ModelId!],
    stageName: ['prod'],
    routeKey: ['sendmessage'],
    requestParameterKey: ['route.request.querystring.token'],
    specification: ['OAS30'],
  });
  dumper = await openDatabaseDumper(cp.database.url);
}, 300_000);

afterAll(async () => {
  await dumper?.close();
  await cp?.close();
});

/** Plausible values, so that some bodies are valid but for one member and reach the deeper checks. */
const plausible: fc.Arbitrary<unknown> = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/),
  fc.boolean(),
  fc.integer({ min: 0, max: 40_000 }),
  fc.constantFrom(
    'WEBSOCKET', 'HTTP', 'AWS', 'AWS_PROXY', 'HTTP', 'HTTP_PROXY', 'MOCK', 'REQUEST', 'JWT', 'CUSTOM', 'NONE', 'AWS_IAM', '$connect', '$disconnect', '$default', 'sendmessage', '$request.body.action',
    '${request.body.action}', '/4\\d\\d/', 'WHEN_NO_MATCH', 'NEVER', 'CONVERT_TO_TEXT', 'INFO', 'https://b.example.com', 'POST', 'prod', 'Message', LAMBDA_ARN, LAMBDA_INVOCATION_ARN,
    '{"type":"object"}', '{"type": 12}',
  ),
  fc.constantFrom(
    { $default: '{"statusCode":200}' }, { $default: 'Message' }, { 'route.request.querystring.token': { required: true } }, ['route.request.header.Auth'], { 'integration.request.header.id': 'context.connectionId' },
    { sendmessage: { loggingLevel: 'INFO', dataTraceEnabled: true } }, { 'method.response.header.x': "'1'" }, { allowOrigins: ['*'] },
  ),
);

describe('/v2 admin API fuzzing of WebSocket members (fast-check, SigV4-signed)', () => {
  it('answers every generated request on every route without a 5xx, AWS-shaped, and a rejected write changes nothing', async () => {
    await fuzzV2Routes({ url: cp.url, dumper, routes: ROUTES, valid, plausible, seed: SEED, minAccepted: 20 });
  }, 300_000);
});
