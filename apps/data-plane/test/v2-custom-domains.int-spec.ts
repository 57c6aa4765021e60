// Custom domains for every protocol, end to end: domain names and API mappings made through the real
// @aws-sdk/client-apigatewayv2 on a real control-plane process, followed by a data plane, and invoked by Host:
// a REST API and an HTTP API (a local function answering its event) on one domain under different mapping keys,
// and a WebSocket API on a domain of its own (AWS never lets WebSocket APIs share one), reached by a real `ws`
// handshake with the mapping key as its path. The mapping is removed from the path the API routes; the domain and
// the matched mapping show in the event and in `$context`.
import { request } from 'node:http';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UpdateStageCommand as UpdateRestStageCommand } from '@aws-sdk/client-api-gateway';
import {
  ApiGatewayV2Client,
  CreateApiCommand,
  CreateApiMappingCommand,
  CreateDeploymentCommand,
  CreateDomainNameCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateRouteResponseCommand,
  CreateStageCommand,
  DeleteApiMappingCommand,
  GetApiMappingsCommand,
} from '@aws-sdk/client-apigatewayv2';
import WebSocket from 'ws';
import { startBackend, type TestBackend } from './support/backends.js';
import { CP_ACCESS_KEY_ID, CP_DATA_PLANE_TOKEN, CP_SECRET_ACCESS_KEY, startControlPlaneProcess, testRedisUrl, type ControlPlaneProcess } from './support/control-plane-process.js';
import { startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { deployProxyApi, type DeployedProxyApi } from './support/deploy-proxy-api.js';
import { createPostgresDatabase, type PostgresDatabase } from './support/postgres.js';
import { eventually } from './support/processes.js';

const CERTIFICATE = 'arn:aws:acm:us-east-1:000000000000:certificate/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const httpFunctions = fileURLToPath(new URL('./http-api-functions', import.meta.url));
const websocketFunctions = fileURLToPath(new URL('./websocket-functions', import.meta.url));
const lambda = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
const wsLambda = (name: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${lambda(name)}/invocations`;
const LOG_GROUP = 'arn:aws:logs:us-east-1:000000000000:log-group:domains';

interface Answer {
  status: number;
  body: string;
}

interface HttpEvent {
  rawPath: string;
  rawQueryString: string;
  routeKey: string;
  pathParameters?: Record<string, string>;
  requestContext: { domainName: string; domainPrefix: string; stage: string; apiId: string; http: { path: string } };
}

describe('custom domains for REST, HTTP and WebSocket APIs', () => {
  let database: PostgresDatabase;
  let cp: ControlPlaneProcess;
  let client: ApiGatewayV2Client;
  let dp: TestDataPlane;
  let backend: TestBackend;
  let restApi: DeployedProxyApi;
  let httpApiId: string;
  let websocketApiId: string;
  let dir: string;
  let port: string;

  const invoke = (host: string, path: string): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });

  /** A handshake: the open socket, or the HTTP status that refused it. */
  const connect = (host: string, path: string): Promise<WebSocket | number> =>
    new Promise((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers: { host } });
      socket.once('open', () => resolve(socket));
      socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.once('error', () => resolve(0));
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'portico-v2-domains-'));
    const functionsDir = join(dir, 'functions');
    await mkdir(functionsDir);
    await symlink(join(httpFunctions, 'event'), join(functionsDir, 'event'));
    await symlink(join(websocketFunctions, 'ws-echo'), join(functionsDir, 'ws-echo'));
    backend = await startBackend('rest');
    database = await createPostgresDatabase();
    cp = await startControlPlaneProcess({ databaseUrl: database.url, redisUrl: testRedisUrl() });
    client = new ApiGatewayV2Client({ endpoint: cp.url, region: 'us-east-1', credentials: { accessKeyId: CP_ACCESS_KEY_ID, secretAccessKey: CP_SECRET_ACCESS_KEY }, maxAttempts: 1 });
    dp = await startTestDataPlane({
      source: { kind: 'control-plane', url: cp.url, token: CP_DATA_PLANE_TOKEN },
      redisUrl: testRedisUrl(),
      pollIntervalMs: 500,
      functionsDir,
      configCachePath: join(dir, 'cache.json'),
    });
    port = new URL(dp.invokeUrl).port;

    restApi = await deployProxyApi(cp.client, 'legacy', backend.url, 'prod');
    await cp.client.send(
      new UpdateRestStageCommand({
        restApiId: restApi.restApiId,
        stageName: 'prod',
        patchOperations: [
          { op: 'replace', path: '/accessLogSettings/destinationArn', value: LOG_GROUP },
          { op: 'replace', path: '/accessLogSettings/format', value: '{"requestId":"$context.requestId","api":"rest","domainName":"$context.domainName","basePathMatched":"$context.customDomain.basePathMatched","path":"$context.path"}' },
        ],
      }),
    );

    httpApiId = (await client.send(new CreateApiCommand({ Name: 'shop', ProtocolType: 'HTTP' }))).ApiId!;
    const event = (await client.send(new CreateIntegrationCommand({ ApiId: httpApiId, IntegrationType: 'AWS_PROXY', IntegrationUri: lambda('event'), PayloadFormatVersion: '2.0' }))).IntegrationId!;
    await client.send(new CreateRouteCommand({ ApiId: httpApiId, RouteKey: 'GET /pets/{petId}', Target: `integrations/${event}` }));
    await client.send(
      new CreateStageCommand({
        ApiId: httpApiId,
        StageName: '$default',
        AutoDeploy: true,
        AccessLogSettings: { DestinationArn: LOG_GROUP, Format: '{"requestId":"$context.requestId","api":"http","domainName":"$context.domainName","basePathMatched":"$context.customDomain.basePathMatched","path":"$context.path"}' },
      }),
    );

    websocketApiId = (await client.send(new CreateApiCommand({ Name: 'chat', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }))).ApiId!;
    const echo = (await client.send(new CreateIntegrationCommand({ ApiId: websocketApiId, IntegrationType: 'AWS_PROXY', IntegrationUri: wsLambda('ws-echo') }))).IntegrationId!;
    await client.send(new CreateRouteCommand({ ApiId: websocketApiId, RouteKey: '$connect', Target: `integrations/${echo}` }));
    const route = await client.send(new CreateRouteCommand({ ApiId: websocketApiId, RouteKey: 'echo', Target: `integrations/${echo}`, RouteResponseSelectionExpression: '$default' }));
    await client.send(new CreateRouteResponseCommand({ ApiId: websocketApiId, RouteId: route.RouteId, RouteResponseKey: '$default' }));
    await client.send(new CreateStageCommand({ ApiId: websocketApiId, StageName: 'prod' }));
    await client.send(new CreateDeploymentCommand({ ApiId: websocketApiId, StageName: 'prod' }));

    for (const domain of ['api.example.test', 'ws.example.test']) {
      await client.send(new CreateDomainNameCommand({ DomainName: domain, DomainNameConfigurations: [{ CertificateArn: CERTIFICATE, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }] }));
    }
    await client.send(new CreateApiMappingCommand({ DomainName: 'api.example.test', ApiId: restApi.restApiId, Stage: 'prod' }));
    await client.send(new CreateApiMappingCommand({ DomainName: 'api.example.test', ApiId: restApi.restApiId, Stage: 'prod', ApiMappingKey: 'legacy' }));
    await client.send(new CreateApiMappingCommand({ DomainName: 'api.example.test', ApiId: httpApiId, Stage: '$default', ApiMappingKey: 'shop/v1' }));
    await client.send(new CreateApiMappingCommand({ DomainName: 'ws.example.test', ApiId: websocketApiId, Stage: 'prod', ApiMappingKey: 'chat' }));
  }, 300_000);

  afterAll(async () => {
    client?.destroy();
    await dp?.close();
    await cp?.stop();
    await database?.drop();
    await backend?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('routes an HTTP API mapping by the longest key, with the key out of the routed path and in rawPath', async () => {
    const answer = await eventually(async () => {
      // Until every mapping has arrived, the empty mapping's REST API answers.
      const r = await invoke('api.example.test', '/shop/v1/pets/7?color=red');
      return r.status === 200 && r.body.includes('"rawPath"') ? r : undefined;
    }, 'the HTTP API mapping to reach the data plane', 90_000);
    const event = JSON.parse(answer.body) as HttpEvent;
    expect(event).toMatchObject({ routeKey: 'GET /pets/{petId}', rawPath: '/shop/v1/pets/7', rawQueryString: 'color=red', pathParameters: { petId: '7' } });
    expect(event.requestContext).toMatchObject({ apiId: httpApiId, stage: '$default', domainName: 'api.example.test', domainPrefix: 'api', http: { path: '/shop/v1/pets/7' } });
    // Routes of the HTTP API are not consulted to pick the mapping: `/shop/v1/other` is the HTTP API's 404.
    expect(await invoke('API.Example.Test:443', '/shop/v1/other')).toMatchObject({ status: 404, body: '{"message":"Not Found"}' });
    const logged = await eventually(async () => dp.accessLog.map((l) => JSON.parse(l) as Record<string, string>).find((l) => l.api === 'http' && l.path === '/shop/v1/pets/7'), 'the HTTP API access-log line');
    expect(logged).toMatchObject({ domainName: 'api.example.test', basePathMatched: 'shop/v1' });
  });

  it('routes REST API mappings on the same domain, the empty one catching what no key matches', async () => {
    const legacy = JSON.parse((await invoke('api.example.test', '/legacy/orders/1')).body) as { backend: string; path: string };
    expect(legacy).toEqual({ backend: 'rest', path: '/orders/1' });
    // `/shop` alone is not under `shop/v1`; `/shopping` is not under `shop`: both go to the empty mapping.
    expect(JSON.parse((await invoke('api.example.test', '/shop/v2/x')).body)).toEqual({ backend: 'rest', path: '/shop/v2/x' });
    expect(JSON.parse((await invoke('api.example.test', '/shopping')).body)).toEqual({ backend: 'rest', path: '/shopping' });
    const logged = await eventually(async () => dp.accessLog.map((l) => JSON.parse(l) as Record<string, string>).find((l) => l.api === 'rest' && l.path === '/legacy/orders/1'), 'the REST access-log line');
    expect(logged).toMatchObject({ domainName: 'api.example.test', basePathMatched: 'legacy' });
    // The execute-api forms are unchanged.
    expect((await invoke(`${httpApiId}.execute-api.us-east-1.amazonaws.com`, '/pets/3')).status).toBe(200);
  });

  it('opens a WebSocket through its mapping key and routes messages with the custom domain in the event', async () => {
    const ws = await eventually(async () => {
      const socket = await connect('ws.example.test', '/chat');
      return typeof socket === 'number' ? undefined : socket;
    }, 'the WebSocket mapping to reach the data plane', 90_000);
    try {
      const frame = new Promise<string>((resolve) => ws.once('message', (data) => resolve(data.toString())));
      ws.send(JSON.stringify({ action: 'echo', text: 'hi' }));
      const answer = JSON.parse(await frame) as { route: string; event: { requestContext: Record<string, unknown> } };
      expect(answer.route).toBe('echo');
      expect(answer.event.requestContext).toMatchObject({ apiId: websocketApiId, stage: 'prod', domainName: 'ws.example.test', eventType: 'MESSAGE' });
    } finally {
      ws.close();
    }
    // Only the mapping itself is a handshake path; a domain path no key matches is refused before any socket.
    expect(await connect('ws.example.test', '/chat/extra')).toBe(403);
    expect(await connect('ws.example.test', '/other')).toBe(403);
    // A WebSocket handshake to a domain mapped to HTTP and REST APIs is refused too.
    expect(await connect('api.example.test', '/shop/v1')).toBe(403);
  });

  it('stops serving a mapping once it is deleted', async () => {
    const mappings = await client.send(new GetApiMappingsCommand({ DomainName: 'api.example.test' }));
    const shop = mappings.Items!.find((m) => m.ApiMappingKey === 'shop/v1')!;
    await client.send(new DeleteApiMappingCommand({ DomainName: 'api.example.test', ApiMappingId: shop.ApiMappingId }));
    const after = await eventually(async () => {
      const r = await invoke('api.example.test', '/shop/v1/pets/7');
      return r.status === 200 && r.body.includes('"backend":"rest"') ? r : undefined;
    }, 'the deleted mapping to leave the data plane', 90_000);
    expect(JSON.parse(after.body)).toEqual({ backend: 'rest', path: '/shop/v1/pets/7' });
  });
});
