// Fuzzing the /v2 admin API: every apigatewayv2 route with generated ids, JSON bodies (plausible members, hostile
// values, wrong types), query strings and content types, signed like the SDK signs. For every answer: never a 5xx;
// an error is AWS-shaped (4xx, x-amzn-ErrorType, x-amzn-RequestId, JSON `message`); and a rejected write changes
// nothing (a full dump of the database before and after it is the same). Deterministic: a fixed seed.
import {
  CreateApiCommand,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateRouteCommand,
  CreateStageCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
} from '@aws-sdk/client-apigatewayv2';
import fc from 'fast-check';
import { openDatabaseDumper, type DatabaseDumper } from '../support/database-dump.js';
import { startTestControlPlane, type TestControlPlane } from '../support/test-control-plane.js';
import { LAMBDA_INVOCATION_ARN, v2Client } from './support.js';
import { fuzzV2Routes, type FuzzRoute } from './v2-fuzz.js';

const SEED = 20261202;

let cp: TestControlPlane;
let dumper: DatabaseDumper;
const valid: Record<string, string[]> = {};

const API = '/v2/apis/{apiId}';
const API_FIELDS = ['name', 'protocolType', 'description', 'version', 'routeSelectionExpression', 'apiKeySelectionExpression', 'corsConfiguration', 'disableExecuteApiEndpoint', 'disableSchemaValidation', 'ipAddressType', 'target', 'routeKey', 'credentialsArn', 'tags'];
const ROUTE_FIELDS = ['routeKey', 'authorizationType', 'authorizerId', 'authorizationScopes', 'target', 'operationName', 'requestParameters', 'apiKeyRequired', 'requestModels'];
const INTEGRATION_FIELDS = ['integrationType', 'integrationSubtype', 'integrationMethod', 'integrationUri', 'payloadFormatVersion', 'connectionType', 'connectionId', 'credentialsArn', 'description', 'timeoutInMillis', 'requestParameters', 'responseParameters', 'tlsConfig', 'passthroughBehavior'];
const AUTHORIZER_FIELDS = ['name', 'authorizerType', 'authorizerUri', 'authorizerCredentialsArn', 'authorizerPayloadFormatVersion', 'authorizerResultTtlInSeconds', 'enableSimpleResponses', 'identitySource', 'jwtConfiguration'];
const STAGE_FIELDS = ['stageName', 'deploymentId', 'description', 'autoDeploy', 'stageVariables', 'defaultRouteSettings', 'routeSettings', 'accessLogSettings', 'tags', 'clientCertificateId'];

const ROUTES: FuzzRoute[] = [
  { method: 'GET', path: '/v2/apis', query: ['maxResults', 'nextToken'] },
  { method: 'POST', path: '/v2/apis', fields: API_FIELDS },
  { method: 'PUT', path: '/v2/apis', fields: ['body'], query: ['basepath', 'failOnWarnings'] },
  { method: 'GET', path: API },
  { method: 'PATCH', path: API, fields: API_FIELDS },
  { method: 'PUT', path: API, fields: ['body'], query: ['basepath', 'failOnWarnings'] },
  { method: 'DELETE', path: API },
  { method: 'DELETE', path: `${API}/cors` },
  { method: 'GET', path: `${API}/exports/{specification}`, query: ['outputType', 'stageName', 'includeExtensions', 'exportVersion'] },
  { method: 'GET', path: `${API}/routes`, query: ['maxResults', 'nextToken'] },
  { method: 'POST', path: `${API}/routes`, fields: ROUTE_FIELDS },
  { method: 'GET', path: `${API}/routes/{routeId}` },
  { method: 'PATCH', path: `${API}/routes/{routeId}`, fields: ROUTE_FIELDS },
  { method: 'DELETE', path: `${API}/routes/{routeId}` },
  { method: 'DELETE', path: `${API}/routes/{routeId}/requestparameters/{requestParameterKey}` },
  { method: 'GET', path: `${API}/integrations`, query: ['maxResults', 'nextToken'] },
  { method: 'POST', path: `${API}/integrations`, fields: INTEGRATION_FIELDS },
  { method: 'GET', path: `${API}/integrations/{integrationId}` },
  { method: 'PATCH', path: `${API}/integrations/{integrationId}`, fields: INTEGRATION_FIELDS },
  { method: 'DELETE', path: `${API}/integrations/{integrationId}` },
  { method: 'GET', path: `${API}/authorizers` },
  { method: 'POST', path: `${API}/authorizers`, fields: AUTHORIZER_FIELDS },
  { method: 'GET', path: `${API}/authorizers/{authorizerId}` },
  { method: 'PATCH', path: `${API}/authorizers/{authorizerId}`, fields: AUTHORIZER_FIELDS },
  { method: 'DELETE', path: `${API}/authorizers/{authorizerId}` },
  { method: 'GET', path: `${API}/deployments` },
  { method: 'POST', path: `${API}/deployments`, fields: ['description', 'stageName'] },
  { method: 'GET', path: `${API}/deployments/{deploymentId}` },
  { method: 'PATCH', path: `${API}/deployments/{deploymentId}`, fields: ['description'] },
  { method: 'DELETE', path: `${API}/deployments/{deploymentId}` },
  { method: 'GET', path: `${API}/stages` },
  { method: 'POST', path: `${API}/stages`, fields: STAGE_FIELDS },
  { method: 'GET', path: `${API}/stages/{stageName}` },
  { method: 'PATCH', path: `${API}/stages/{stageName}`, fields: STAGE_FIELDS },
  { method: 'DELETE', path: `${API}/stages/{stageName}` },
  { method: 'DELETE', path: `${API}/stages/{stageName}/accesslogsettings` },
  { method: 'DELETE', path: `${API}/stages/{stageName}/routesettings/{routeKey}` },
  { method: 'DELETE', path: `${API}/stages/{stageName}/cache/authorizers` },
  { method: 'GET', path: '/v2/tags/{resourceArn}' },
  { method: 'POST', path: '/v2/tags/{resourceArn}', fields: ['tags'] },
  { method: 'DELETE', path: '/v2/tags/{resourceArn}', query: ['tagKeys'] },
];

beforeAll(async () => {
  cp = await startTestControlPlane({ adminRequestsPerSecond: 1_000_000 });
  const client = v2Client(cp);
  const api = await client.send(new CreateApiCommand({ Name: 'fuzz', ProtocolType: 'HTTP', Target: 'https://backend.example.com', RouteKey: 'GET /pets' }));
  const apiId = api.ApiId!;
  const integrationId = (await client.send(new GetIntegrationsCommand({ ApiId: apiId }))).Items![0]!.IntegrationId!;
  const authorizer = await client.send(
    new CreateAuthorizerCommand({ ApiId: apiId, Name: 'fuzz', AuthorizerType: 'REQUEST', AuthorizerUri: LAMBDA_INVOCATION_ARN, AuthorizerPayloadFormatVersion: '2.0', IdentitySource: ['$request.header.x'] }),
  );
  const route = await client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'POST /pets', Target: `integrations/${integrationId}`, RequestParameters: { 'route.request.header.x': { Required: false } } }));
  await client.send(new CreateStageCommand({ ApiId: apiId, StageName: 'prod', RouteSettings: { 'GET /pets': { ThrottlingBurstLimit: 1 } } }));
  const deployment = await client.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: 'prod' }));
  const managedRoute = (await client.send(new GetRoutesCommand({ ApiId: apiId }))).Items!.find((r) => r.ApiGatewayManaged)!;
  client.destroy();
  Object.assign(valid, {
    apiId: [apiId],
    routeId: [route.RouteId!, managedRoute.RouteId!],
    integrationId: [integrationId],
    authorizerId: [authorizer.AuthorizerId!],
    deploymentId: [deployment.DeploymentId!],
    stageName: ['prod', '$default'],
    routeKey: ['GET /pets'],
    requestParameterKey: ['route.request.header.x'],
    specification: ['OAS30'],
    resourceArn: [`arn:aws:apigateway:us-east-1::/apis/${apiId}`, `arn:aws:apigateway:us-east-1::/apis/${apiId}/stages/prod`],
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
  fc.constantFrom('HTTP', 'WEBSOCKET', 'HTTP_PROXY', 'AWS_PROXY', 'MOCK', '1.0', '2.0', 'JWT', 'REQUEST', 'CUSTOM', 'NONE', 'AWS_IAM', 'GET /cats/{id}', 'ANY /{proxy+}', '$default', 'https://b.example.com', 'ANY', 'prod'),
  fc.constantFrom({ allowOrigins: ['*'], allowCredentials: true }, { 'GET /pets': { throttlingBurstLimit: 1 } }, ['$request.header.Authorization'], { issuer: 'https://i.example', audience: ['a'] }, { 'overwrite:header.a': 'b' }),
);

describe('/v2 admin API fuzzing (fast-check, SigV4-signed)', () => {
  it('answers every generated request on every route without a 5xx, AWS-shaped, and a rejected write changes nothing', async () => {
    await fuzzV2Routes({ url: cp.url, dumper, routes: ROUTES, valid, plausible, seed: SEED, minAccepted: 30 });
  }, 300_000);
});
