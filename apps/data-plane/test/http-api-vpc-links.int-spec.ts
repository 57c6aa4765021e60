// HTTP API private integrations end to end: a v2 VPC link (its portico:targets tag naming two real backends) and an
// HTTP_PROXY integration through it (an ALB listener ARN), created with the real apigatewayv2 SDK on the real control
// plane, carried to a data plane in the config document, and served round-robin over both targets, with the
// request's path (named stage included, as AWS sends it); one backend stopped → once the health check marks it
// down every request goes to the other; re-tagging the link re-targets it without a redeploy.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ApiGatewayV2Client,
  CreateApiCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateStageCommand,
  CreateVpcLinkCommand,
  TagResourceCommand,
} from '@aws-sdk/client-apigatewayv2';
import { startBackend, type TestBackend } from './support/backends.js';
import { CP_ACCESS_KEY_ID, CP_DATA_PLANE_TOKEN, CP_SECRET_ACCESS_KEY, startControlPlaneProcess, testRedisUrl, type ControlPlaneProcess } from './support/control-plane-process.js';
import { metricValue, startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { invoke, type HttpAnswer } from './support/http-api-documents.js';
import { createPostgresDatabase, type PostgresDatabase } from './support/postgres.js';
import { eventually } from './support/processes.js';

const LISTENER_ARN = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:listener/app/orders-alb/50dc6c495c0c9188/0467ef3c8400ae65';

describe('HTTP API over a v2 VPC link', () => {
  let database: PostgresDatabase;
  let cp: ControlPlaneProcess;
  let dp: TestDataPlane;
  let a: TestBackend;
  let b: TestBackend;
  let c: TestBackend;
  let cacheDir: string;
  let client: ApiGatewayV2Client;
  let apiId: string;
  let linkId: string;

  const hostPort = (backend: TestBackend) => backend.url.replace('http://', '');
  const call = (path: string): Promise<HttpAnswer> => invoke(Number(new URL(dp.invokeUrl).port), apiId, 'GET', path);
  const backendOf = (answer: HttpAnswer) => (answer.status === 200 ? answer.json<{ backend: string }>().backend : `status ${answer.status}`);
  const burst = async (path: string, n: number) => {
    const answers: HttpAnswer[] = [];
    for (let i = 0; i < n; i++) answers.push(await call(path));
    return answers;
  };

  beforeAll(async () => {
    [a, b, c] = await Promise.all([startBackend('a'), startBackend('b'), startBackend('c')]);
    database = await createPostgresDatabase();
    cp = await startControlPlaneProcess({ databaseUrl: database.url, redisUrl: testRedisUrl() });
    cacheDir = await mkdtemp(join(tmpdir(), 'portico-v2-vpclinks-'));
    dp = await startTestDataPlane({
      source: { kind: 'control-plane', url: cp.url, token: CP_DATA_PLANE_TOKEN },
      redisUrl: testRedisUrl(),
      pollIntervalMs: 1000,
      configCachePath: join(cacheDir, 'config.json'),
      vpcLinkHealthCheck: { intervalMs: 200, timeoutMs: 2000, healthyThreshold: 1, unhealthyThreshold: 2 },
    });
    client = new ApiGatewayV2Client({ endpoint: cp.url, region: 'us-east-1', credentials: { accessKeyId: CP_ACCESS_KEY_ID, secretAccessKey: CP_SECRET_ACCESS_KEY }, maxAttempts: 1 });
  });

  afterAll(async () => {
    client?.destroy();
    await dp?.close();
    await cp?.stop();
    await database?.drop();
    await Promise.all([a?.close(), b?.close(), c?.close()]);
    if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
  });

  it('serves a private integration round-robin over the link\'s two targets, with the request path and the listener\'s name as Host', async () => {
    const link = await client.send(new CreateVpcLinkCommand({ Name: 'orders', SubnetIds: ['subnet-aaaa1111'], Tags: { 'portico:targets': `${hostPort(a)},${hostPort(b)}` } }));
    linkId = link.VpcLinkId!;
    apiId = (await client.send(new CreateApiCommand({ Name: 'private', ProtocolType: 'HTTP' }))).ApiId!;
    const integration = await client.send(
      new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: LISTENER_ARN, PayloadFormatVersion: '1.0', ConnectionType: 'VPC_LINK', ConnectionId: linkId }),
    );
    await client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'ANY /orders/{proxy+}', Target: `integrations/${integration.IntegrationId}` }));
    await client.send(new CreateStageCommand({ ApiId: apiId, StageName: 'prod', AutoDeploy: true }));
    await eventually(async () => ((await call('/prod/orders/1')).status === 200 ? true : undefined), 'the private integration to serve', 60_000);

    const seen = (await burst('/prod/orders/7?x=1', 10)).map(backendOf);
    expect(seen.filter((s) => s === 'a')).toHaveLength(5);
    expect(seen.filter((s) => s === 'b')).toHaveLength(5);
    const last = b.requests.at(-1)!;
    // AWS includes the named stage in the path it sends a private integration (spec §5).
    expect(last.url).toBe('/prod/orders/7?x=1');
    expect(last.headers.host).toBe('orders-alb');
  });

  it('sends everything to the healthy target once the health check marks the stopped one down', async () => {
    await b.close();
    // Requests between the stop and the health check's verdict may fail (as behind a load balancer); after it, none does.
    await eventually(async () => ((await burst('/prod/orders/after', 20)).every((answer) => backendOf(answer) === 'a') ? true : undefined), 'every request answered by a', 30_000);
    const after = await burst('/prod/orders/after', 40);
    expect(after.map((answer) => answer.status)).toEqual(after.map(() => 200));
    expect(new Set(after.map(backendOf))).toEqual(new Set(['a']));
    const exposition = await (await fetch(`${dp.statusUrl}/metrics`)).text();
    expect(metricValue(exposition, 'portico_vpc_link_target_healthy', { vpc_link_id: linkId, target: hostPort(b) })).toBe(0);
    expect(metricValue(exposition, 'portico_vpc_link_target_healthy', { vpc_link_id: linkId, target: hostPort(a) })).toBe(1);
  });

  it('follows a change of the link\'s portico:targets tag without a redeploy', async () => {
    await client.send(new TagResourceCommand({ ResourceArn: `arn:aws:apigateway:us-east-1::/vpclinks/${linkId}`, Tags: { 'portico:targets': hostPort(c) } }));
    await eventually(async () => (backendOf(await call('/prod/orders/retag')) === 'c' ? true : undefined), 'the re-tagged target to serve', 30_000);
    expect(new Set((await burst('/prod/orders/retag', 6)).map(backendOf))).toEqual(new Set(['c']));
  });
});
