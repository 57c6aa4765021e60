// End to end for WebSocket APIs: built and deployed through the /v2 control plane (a real control-plane process and
// the real @aws-sdk/client-apigatewayv2), fetched by a data plane from /internal/config (v2), and used by a real
// `ws` client: $connect, then a message routed by `$request.body.action` through a two-way route to a local
// function, whose answer comes back as a frame.
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiGatewayV2Client, CreateApiCommand, CreateDeploymentCommand, CreateIntegrationCommand, CreateRouteCommand, CreateRouteResponseCommand, CreateStageCommand } from '@aws-sdk/client-apigatewayv2';
import WebSocket from 'ws';
import { CP_ACCESS_KEY_ID, CP_DATA_PLANE_TOKEN, CP_SECRET_ACCESS_KEY, startControlPlaneProcess, type ControlPlaneProcess } from './support/control-plane-process.js';
import { startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { createPostgresDatabase, type PostgresDatabase } from './support/postgres.js';
import { eventually } from './support/processes.js';

const suiteFunctions = fileURLToPath(new URL('./websocket-functions', import.meta.url));
const fn = (name: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:${name}/invocations`;

describe('WebSocket API from the /v2 control plane to a ws client', () => {
  let database: PostgresDatabase;
  let cp: ControlPlaneProcess;
  let client: ApiGatewayV2Client;
  let dp: TestDataPlane;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'portico-ws-e2e-'));
    const functionsDir = join(dir, 'functions');
    await mkdir(functionsDir);
    await symlink(join(suiteFunctions, 'ws-echo'), join(functionsDir, 'ws-echo'));
    database = await createPostgresDatabase();
    cp = await startControlPlaneProcess({ databaseUrl: database.url });
    client = new ApiGatewayV2Client({ endpoint: cp.url, region: 'us-east-1', credentials: { accessKeyId: CP_ACCESS_KEY_ID, secretAccessKey: CP_SECRET_ACCESS_KEY }, maxAttempts: 1 });
    dp = await startTestDataPlane({ source: { kind: 'control-plane', url: cp.url, token: CP_DATA_PLANE_TOKEN }, pollIntervalMs: 200, functionsDir, configCachePath: join(dir, 'cache.json') });
  }, 300_000);

  afterAll(async () => {
    client?.destroy();
    await dp?.close();
    await cp?.stop();
    await database?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('connects and answers a routed message on a two-way route', async () => {
    const apiId = (await client.send(new CreateApiCommand({ Name: 'e2e-chat', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }))).ApiId!;
    const echo = (await client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: fn('ws-echo') }))).IntegrationId!;
    // $connect names the same function by its bare ARN, which AWS takes beside the invocation URI.
    const connect = (await client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: 'arn:aws:lambda:us-east-1:000000000000:function:ws-echo' }))).IntegrationId!;
    await client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: '$connect', Target: `integrations/${connect}` }));
    const route = await client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'echo', Target: `integrations/${echo}`, RouteResponseSelectionExpression: '$default' }));
    await client.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: route.RouteId, RouteResponseKey: '$default' }));
    await client.send(new CreateStageCommand({ ApiId: apiId, StageName: 'prod' }));
    await client.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: 'prod' }));

    const port = new URL(dp.invokeUrl).port;
    // The data plane polls the control plane: the stage is served once the new revision has arrived.
    const ws = await eventually(
      () =>
        new Promise<WebSocket | undefined>((resolve) => {
          const socket = new WebSocket(`ws://127.0.0.1:${port}/prod`, { headers: { host: `${apiId}.execute-api.us-east-1.amazonaws.com` } });
          socket.once('open', () => resolve(socket));
          socket.once('unexpected-response', () => resolve(undefined));
          socket.once('error', () => resolve(undefined));
        }),
      'the deployed stage accepts a connection',
    );
    try {
      const frame = new Promise<string>((resolve) => ws.once('message', (data) => resolve(data.toString())));
      ws.send(JSON.stringify({ action: 'echo', text: 'hello' }));
      const answer = JSON.parse(await frame) as { route: string; event: { body: string; requestContext: { routeKey: string; eventType: string; apiId: string; stage: string } } };
      expect(answer.route).toBe('echo');
      expect(answer.event.requestContext).toMatchObject({ routeKey: 'echo', eventType: 'MESSAGE', apiId, stage: 'prod' });
      expect(JSON.parse(answer.event.body)).toEqual({ action: 'echo', text: 'hello' });
    } finally {
      ws.close();
    }
  }, 300_000);
});
