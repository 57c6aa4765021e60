// apigatewayv2 stages and deployments through the real SDK: named and $default stages, CreateDeployment,
// auto-deploy, stage variables, route settings, access logs, and what reaches data planes (config document and the
// config-changed channel).
import {
  CreateApiCommand,
  CreateDeploymentCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateStageCommand,
  DeleteAccessLogSettingsCommand,
  DeleteDeploymentCommand,
  DeleteRouteSettingsCommand,
  DeleteStageCommand,
  GetDeploymentCommand,
  GetDeploymentsCommand,
  GetStageCommand,
  GetStagesCommand,
  ResetAuthorizersCacheCommand,
  UpdateApiCommand,
  UpdateDeploymentCommand,
  UpdateStageCommand,
  type ApiGatewayV2Client,
} from '@aws-sdk/client-apigatewayv2';
import { CONFIG_CHANGED_CHANNEL, configAcceptHeader, configDocumentV2Schema, httpApiSnapshotSchema, type HttpApiSnapshot } from '@portico/contracts';
import { Redis } from 'ioredis';
import { startTestControlPlane, type TestControlPlane } from '../support/test-control-plane.js';
import { failure, v2Client } from './support.js';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const TOKEN = 'portico-test-data-plane-token';

let cp: TestControlPlane;
let client: ApiGatewayV2Client;
let subscriber: Redis;
const published: string[] = [];

beforeAll(async () => {
  cp = await startTestControlPlane({ redisUrl: REDIS_URL, dataPlaneToken: TOKEN });
  client = v2Client(cp);
  subscriber = new Redis(REDIS_URL);
  await subscriber.subscribe(CONFIG_CHANGED_CHANNEL);
  subscriber.on('message', (_channel: string, revision: string) => published.push(revision));
});
afterAll(async () => {
  client?.destroy();
  await subscriber?.quit();
  await cp?.close();
});

/** The v2 document a data plane gets (HTTP APIs travel in v2 only), with its HTTP API snapshots listed flat. */
async function configDocument(): Promise<{ revision: string; httpApis: HttpApiSnapshot[] }> {
  const response = await fetch(`${cp.url}/internal/config`, { headers: { authorization: `Bearer ${TOKEN}`, accept: configAcceptHeader() } });
  expect(response.status).toBe(200);
  const document = configDocumentV2Schema.parse(await response.json());
  const httpApis = Object.values(document.apis).flatMap((api) => (api.protocolType === 'HTTP' ? api.stages : []));
  return { revision: document.revision, httpApis };
}

/** Waits until the current document's revision has been announced (other files share the channel). */
async function announced(revision: string): Promise<void> {
  for (let i = 0; i < 200 && !published.includes(revision); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(published).toContain(revision);
}

async function apiWithRoute(name: string): Promise<{ apiId: string; integrationId: string }> {
  const apiId = (await client.send(new CreateApiCommand({ Name: name, ProtocolType: 'HTTP' }))).ApiId!;
  const integrationId = (
    await client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: 'https://backend.example.com', PayloadFormatVersion: '1.0' }))
  ).IntegrationId!;
  await client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /pets', Target: `integrations/${integrationId}` }));
  return { apiId, integrationId };
}

describe('named stages and CreateDeployment', () => {
  it('serves a stage only once a deployment points at it, frozen until the next deployment', async () => {
    const { apiId, integrationId } = await apiWithRoute('deployed');
    const stage = await client.send(new CreateStageCommand({ ApiId: apiId, StageName: 'prod', StageVariables: { backend: 'b.example.com' }, Tags: { env: 'prod' } }));
    expect(stage.$metadata.httpStatusCode).toBe(201);
    expect(stage).toMatchObject({ StageName: 'prod', AutoDeploy: false, StageVariables: { backend: 'b.example.com' }, ApiGatewayManaged: false, DefaultRouteSettings: {}, RouteSettings: {}, Tags: { env: 'prod' } });
    expect(stage.DeploymentId).toBeUndefined();
    expect(stage.CreatedDate).toBeInstanceOf(Date);
    expect((await configDocument()).httpApis.filter((s) => s.api.apiId === apiId)).toEqual([]);

    const deployment = await client.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: 'prod', Description: 'first' }));
    expect(deployment).toMatchObject({ DeploymentStatus: 'DEPLOYED', AutoDeployed: false, Description: 'first' });
    expect((await client.send(new GetStageCommand({ ApiId: apiId, StageName: 'prod' }))).DeploymentId).toBe(deployment.DeploymentId);

    const document = await configDocument();
    const served = document.httpApis.filter((s) => s.api.apiId === apiId);
    expect(served).toHaveLength(1);
    expect(httpApiSnapshotSchema.safeParse(served[0]).success).toBe(true);
    expect(served[0]).toMatchObject({
      api: { apiId, name: 'deployed', protocolType: 'HTTP' },
      routes: [{ routeKey: 'GET /pets', target: `integrations/${integrationId}`, authorizationType: 'NONE' }],
      integrations: [{ integrationId, integrationType: 'HTTP_PROXY', payloadFormatVersion: '1.0' }],
      stage: { stageName: 'prod', deploymentId: deployment.DeploymentId, stageVariables: { backend: 'b.example.com' }, autoDeploy: false },
    });
    await announced(document.revision);

    // A change without a deployment is not served; stage settings are (they are live, as AWS applies them).
    await client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'POST /pets', Target: `integrations/${integrationId}` }));
    await client.send(new UpdateStageCommand({ ApiId: apiId, StageName: 'prod', StageVariables: { backend: '', extra: 'x' }, DefaultRouteSettings: { ThrottlingBurstLimit: 10, ThrottlingRateLimit: 5 } }));
    const after = (await configDocument()).httpApis.find((s) => s.api.apiId === apiId)!;
    expect(after.routes.map((r) => r.routeKey)).toEqual(['GET /pets']);
    expect(after.stage).toMatchObject({ stageVariables: { extra: 'x' }, defaultRouteSettings: { throttlingBurstLimit: 10, throttlingRateLimit: 5 } });

    await client.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: 'prod' }));
    expect((await configDocument()).httpApis.find((s) => s.api.apiId === apiId)!.routes.map((r) => r.routeKey)).toEqual(['GET /pets', 'POST /pets']);
  });

  it('lists, updates and deletes deployments, refusing to delete one a stage serves', async () => {
    const { apiId } = await apiWithRoute('deployments');
    const unattached = await client.send(new CreateDeploymentCommand({ ApiId: apiId }));
    await client.send(new CreateStageCommand({ ApiId: apiId, StageName: 'beta', DeploymentId: unattached.DeploymentId }));
    expect(await failure(client.send(new DeleteDeploymentCommand({ ApiId: apiId, DeploymentId: unattached.DeploymentId })))).toMatchObject({ name: 'BadRequestException', message: expect.stringContaining('beta') });
    expect(await client.send(new UpdateDeploymentCommand({ ApiId: apiId, DeploymentId: unattached.DeploymentId, Description: 'renamed' }))).toMatchObject({ Description: 'renamed' });
    expect((await client.send(new GetDeploymentsCommand({ ApiId: apiId }))).Items).toHaveLength(1);
    await client.send(new DeleteStageCommand({ ApiId: apiId, StageName: 'beta' }));
    const deleted = await client.send(new DeleteDeploymentCommand({ ApiId: apiId, DeploymentId: unattached.DeploymentId }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(await failure(client.send(new GetDeploymentCommand({ ApiId: apiId, DeploymentId: unattached.DeploymentId })))).toMatchObject({ name: 'NotFoundException', status: 404 });
    expect(await failure(client.send(new CreateStageCommand({ ApiId: apiId, StageName: 'gamma', DeploymentId: 'nosuch' })))).toMatchObject({ name: 'NotFoundException' });
    expect(await failure(client.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: 'nosuch' })))).toMatchObject({ name: 'NotFoundException' });
  });
});

describe('auto-deploy and the $default stage', () => {
  it('deploys every change of routes, integrations and API settings by itself', async () => {
    const { apiId, integrationId } = await apiWithRoute('auto');
    const stage = await client.send(new CreateStageCommand({ ApiId: apiId, StageName: '$default', AutoDeploy: true }));
    expect(stage.DeploymentId).toBeDefined();
    expect(stage.LastDeploymentStatusMessage).toContain(stage.DeploymentId);
    await client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'ANY /{proxy+}', Target: `integrations/${integrationId}` }));
    const next = await client.send(new GetStageCommand({ ApiId: apiId, StageName: '$default' }));
    expect(next.DeploymentId).not.toBe(stage.DeploymentId);
    const deployments = (await client.send(new GetDeploymentsCommand({ ApiId: apiId }))).Items!;
    expect(deployments.every((d) => d.AutoDeployed)).toBe(true);
    expect(deployments).toHaveLength(2);

    await client.send(new UpdateApiCommand({ ApiId: apiId, CorsConfiguration: { AllowOrigins: ['https://app.example.com'] }, DisableExecuteApiEndpoint: true }));
    const document = await configDocument();
    const served = document.httpApis.find((s) => s.api.apiId === apiId)!;
    expect(served.api).toMatchObject({ disableExecuteApiEndpoint: true, corsConfiguration: { allowOrigins: ['https://app.example.com'] } });
    expect(served.routes.map((r) => r.routeKey)).toEqual(['ANY /{proxy+}', 'GET /pets']);
    expect(served.stage).toMatchObject({ stageName: '$default', autoDeploy: true });
    await announced(document.revision);

    expect(await failure(client.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: '$default' })))).toMatchObject({ name: 'BadRequestException', message: expect.stringContaining('autoDeploy') });
    expect(await failure(client.send(new UpdateStageCommand({ ApiId: apiId, StageName: '$default', DeploymentId: deployments[0]!.DeploymentId })))).toMatchObject({
      name: 'BadRequestException',
      message: "deploymentId can't be updated if autoDeploy is enabled",
    });
  });
});

describe('stage settings', () => {
  it('validates and keeps route settings, stage variables and access log settings', async () => {
    const { apiId } = await apiWithRoute('settings');
    expect(await failure(client.send(new CreateStageCommand({ ApiId: apiId, StageName: 'dev', RouteSettings: { 'GET /some-route': { ThrottlingBurstLimit: 1 } } })))).toEqual({
      name: 'NotFoundException',
      message: 'Unable to find Route by key GET /some-route within the provided RouteSettings',
      status: 404,
    });
    expect(await failure(client.send(new CreateStageCommand({ ApiId: apiId, StageName: 'bad name' })))).toMatchObject({ name: 'BadRequestException' });
    expect(await failure(client.send(new CreateStageCommand({ ApiId: apiId, StageName: 'dev', DefaultRouteSettings: { LoggingLevel: 'INFO' } })))).toMatchObject({ name: 'BadRequestException', message: expect.stringContaining('WebSocket') });
    expect(await failure(client.send(new CreateStageCommand({ ApiId: apiId, StageName: 'dev', StageVariables: { 'bad-name': 'x' } })))).toMatchObject({ name: 'BadRequestException' });
    expect(await failure(client.send(new CreateStageCommand({ ApiId: apiId, StageName: 'dev', AccessLogSettings: { DestinationArn: 'arn:aws:logs:us-east-1:000000000000:log-group:x', Format: '$context.status' } })))).toMatchObject({
      name: 'BadRequestException',
      message: expect.stringContaining('$context.requestId'),
    });

    const logs = { DestinationArn: 'arn:aws:logs:us-east-1:000000000000:log-group:access', Format: '$context.requestId $context.routeKey $context.status' };
    const stage = await client.send(
      new CreateStageCommand({ ApiId: apiId, StageName: 'dev', AccessLogSettings: logs, RouteSettings: { 'GET /pets': { ThrottlingBurstLimit: 1, ThrottlingRateLimit: 2, DetailedMetricsEnabled: true } } }),
    );
    expect(stage).toMatchObject({ AccessLogSettings: logs, RouteSettings: { 'GET /pets': { ThrottlingBurstLimit: 1, ThrottlingRateLimit: 2, DetailedMetricsEnabled: true } } });
    expect(await failure(client.send(new CreateStageCommand({ ApiId: apiId, StageName: 'dev' })))).toMatchObject({ name: 'ConflictException', status: 409 });

    // DeleteRouteSettings takes the route key as one percent-encoded path label.
    const cleared = await client.send(new DeleteRouteSettingsCommand({ ApiId: apiId, StageName: 'dev', RouteKey: 'GET /pets' }));
    expect(cleared.$metadata.httpStatusCode).toBe(204);
    expect(await failure(client.send(new DeleteRouteSettingsCommand({ ApiId: apiId, StageName: 'dev', RouteKey: 'GET /pets' })))).toMatchObject({ name: 'NotFoundException' });
    await client.send(new DeleteAccessLogSettingsCommand({ ApiId: apiId, StageName: 'dev' }));
    const after = await client.send(new GetStageCommand({ ApiId: apiId, StageName: 'dev' }));
    expect(after.AccessLogSettings).toBeUndefined();
    expect(after.RouteSettings).toEqual({});

    expect((await client.send(new ResetAuthorizersCacheCommand({ ApiId: apiId, StageName: 'dev' }))).$metadata.httpStatusCode).toBe(204);
    expect(await failure(client.send(new ResetAuthorizersCacheCommand({ ApiId: apiId, StageName: 'nosuch' })))).toMatchObject({ name: 'NotFoundException' });
    expect((await client.send(new GetStagesCommand({ ApiId: apiId }))).Items!.map((s) => s.StageName)).toEqual(['dev']);
  });
});
