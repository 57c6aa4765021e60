// Custom domain names and base path mappings, end to end: created through the real AWS SDK on the real control
// plane (REGIONAL and EDGE shapes, certificate ARNs as data), carried to a data plane in the config document,
// and routed by the Host header with the base path removed: `(none)`, single and multi-level base paths.
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBasePathMappingCommand,
  CreateDomainNameCommand,
  DeleteBasePathMappingCommand,
  DeleteDomainNameCommand,
  GetBasePathMappingsCommand,
  GetDomainNameCommand,
  GetDomainNamesCommand,
  UpdateBasePathMappingCommand,
  UpdateRestApiCommand,
  CreateDeploymentCommand,
} from '@aws-sdk/client-api-gateway';
import { startBackend, type TestBackend } from './support/backends.js';
import { CP_DATA_PLANE_TOKEN, startControlPlaneProcess, testRedisUrl, type ControlPlaneProcess } from './support/control-plane-process.js';
import { startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { deployProxyApi, type DeployedProxyApi } from './support/deploy-proxy-api.js';
import { createPostgresDatabase, type PostgresDatabase } from './support/postgres.js';
import { eventually } from './support/processes.js';

const CERTIFICATE = 'arn:aws:acm:us-east-1:000000000000:certificate/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

interface Answer {
  status: number;
  body: string;
}

describe('custom domain names', () => {
  let database: PostgresDatabase;
  let cp: ControlPlaneProcess;
  let dp: TestDataPlane;
  let orders: TestBackend;
  let users: TestBackend;
  let ordersApi: DeployedProxyApi;
  let usersApi: DeployedProxyApi;
  let cacheDir: string;

  const invoke = (host: string, path: string): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const url = new URL(dp.invokeUrl);
      const req = request({ host: url.hostname, port: url.port, path, headers: { host } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  const backendOf = (answer: Answer) => (answer.status === 200 ? (JSON.parse(answer.body) as { backend: string; path: string }) : undefined);

  beforeAll(async () => {
    [orders, users] = await Promise.all([startBackend('orders'), startBackend('users')]);
    database = await createPostgresDatabase();
    cp = await startControlPlaneProcess({ databaseUrl: database.url, redisUrl: testRedisUrl() });
    cacheDir = await mkdtemp(join(tmpdir(), 'portico-domains-'));
    dp = await startTestDataPlane({
      source: { kind: 'control-plane', url: cp.url, token: CP_DATA_PLANE_TOKEN },
      redisUrl: testRedisUrl(),
      pollIntervalMs: 1000,
      configCachePath: join(cacheDir, 'config.json'),
    });
    ordersApi = await deployProxyApi(cp.client, 'orders', orders.url, 'prod');
    usersApi = await deployProxyApi(cp.client, 'users', users.url, 'live');
  });

  afterAll(async () => {
    await dp?.close();
    await cp?.stop();
    await database?.drop();
    await Promise.all([orders?.close(), users?.close()]);
    if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
  });

  it('creates REGIONAL and EDGE domain names with AWS\'s shapes', async () => {
    const regional = await cp.client.send(
      new CreateDomainNameCommand({ domainName: 'api.example.test', regionalCertificateArn: CERTIFICATE, endpointConfiguration: { types: ['REGIONAL'] }, tags: { env: 'test' } }),
    );
    expect(regional).toMatchObject({
      domainName: 'api.example.test',
      regionalCertificateArn: CERTIFICATE,
      endpointConfiguration: { types: ['REGIONAL'] },
      domainNameStatus: 'AVAILABLE',
      securityPolicy: 'TLS_1_2',
      regionalHostedZoneId: 'Z1UJRXOUMOOFQ8',
      tags: { env: 'test' },
    });
    expect(regional.regionalDomainName).toMatch(/^d-[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$/);
    expect(regional.distributionDomainName).toBeUndefined();
    const edge = await cp.client.send(new CreateDomainNameCommand({ domainName: 'edge.example.test', certificateArn: CERTIFICATE, certificateName: 'edge-cert' }));
    expect(edge).toMatchObject({ domainName: 'edge.example.test', certificateArn: CERTIFICATE, certificateName: 'edge-cert', endpointConfiguration: { types: ['EDGE'] }, distributionHostedZoneId: 'Z2FDTNDATAQYW2', tags: {} });
    expect(edge.distributionDomainName).toMatch(/^d[a-z0-9]{13}\.cloudfront\.net$/);
    expect((await cp.client.send(new GetDomainNameCommand({ domainName: 'edge.example.test' }))).certificateName).toBe('edge-cert');
    expect((await cp.client.send(new GetDomainNamesCommand({}))).items?.map((d) => d.domainName)).toEqual(['api.example.test', 'edge.example.test']);
    await expect(cp.client.send(new CreateDomainNameCommand({ domainName: 'api.example.test', regionalCertificateArn: CERTIFICATE, endpointConfiguration: { types: ['REGIONAL'] } }))).rejects.toMatchObject({
      name: 'ConflictException',
    });
    await expect(cp.client.send(new CreateDomainNameCommand({ domainName: 'nocert.example.test', endpointConfiguration: { types: ['REGIONAL'] } }))).rejects.toMatchObject({ name: 'BadRequestException' });
    await expect(cp.client.send(new GetDomainNameCommand({ domainName: 'missing.example.test' }))).rejects.toMatchObject({
      name: 'NotFoundException',
      message: 'Invalid domain name identifier specified',
    });
  });

  it('maps (none), single and multi-level base paths and routes by Host with the base path removed', async () => {
    const none = await cp.client.send(new CreateBasePathMappingCommand({ domainName: 'api.example.test', restApiId: usersApi.restApiId, stage: 'live' }));
    expect(none).toEqual(expect.objectContaining({ basePath: '(none)', restApiId: usersApi.restApiId, stage: 'live' }));
    await cp.client.send(new CreateBasePathMappingCommand({ domainName: 'api.example.test', basePath: 'orders', restApiId: ordersApi.restApiId, stage: 'prod' }));
    await cp.client.send(new CreateBasePathMappingCommand({ domainName: 'api.example.test', basePath: 'v2/orders', restApiId: usersApi.restApiId, stage: 'live' }));
    await cp.client.send(new CreateBasePathMappingCommand({ domainName: 'edge.example.test', basePath: 'o', restApiId: ordersApi.restApiId, stage: 'prod' }));
    expect((await cp.client.send(new GetBasePathMappingsCommand({ domainName: 'api.example.test' }))).items?.map((m) => m.basePath)).toEqual(['(none)', 'orders', 'v2/orders']);
    await expect(cp.client.send(new CreateBasePathMappingCommand({ domainName: 'api.example.test', basePath: 'orders', restApiId: ordersApi.restApiId, stage: 'prod' }))).rejects.toMatchObject({
      name: 'ConflictException',
    });
    await expect(cp.client.send(new CreateBasePathMappingCommand({ domainName: 'api.example.test', basePath: 'x', restApiId: 'nope000000' }))).rejects.toMatchObject({
      name: 'BadRequestException',
      message: 'Invalid REST API identifier specified',
    });
    await expect(cp.client.send(new CreateBasePathMappingCommand({ domainName: 'api.example.test', basePath: 'y', restApiId: ordersApi.restApiId, stage: 'nope' }))).rejects.toMatchObject({
      name: 'BadRequestException',
      message: 'Invalid stage identifier specified',
    });

    await eventually(async () => backendOf(await invoke('api.example.test', '/orders/42')), 'the mappings to reach the data plane', 20_000);
    expect(backendOf(await invoke('api.example.test', '/orders/42?x=1'))).toEqual({ backend: 'orders', path: '/42?x=1' });
    expect(backendOf(await invoke('API.Example.Test:8443', '/orders/7'))).toEqual({ backend: 'orders', path: '/7' });
    // The longest base path wins; whole segments only (`/orders2` is not under `orders`).
    expect(backendOf(await invoke('api.example.test', '/v2/orders/9'))).toEqual({ backend: 'users', path: '/9' });
    expect(backendOf(await invoke('api.example.test', '/orders2/1'))).toEqual({ backend: 'users', path: '/orders2/1' });
    expect(backendOf(await invoke('api.example.test', '/people/3'))).toEqual({ backend: 'users', path: '/people/3' });
    expect(backendOf(await invoke('edge.example.test', '/o/5'))).toEqual({ backend: 'orders', path: '/5' });
    // A domain without a matching base path answers 403, as AWS does.
    expect((await invoke('edge.example.test', '/users/1')).status).toBe(403);
    // An unknown host is not a custom domain: the execute-api forms still apply.
    expect((await invoke('unknown.example.test', '/orders/1')).status).toBe(403);
  });

  it('keeps serving a custom domain when the execute-api endpoint is disabled', async () => {
    await cp.client.send(new UpdateRestApiCommand({ restApiId: ordersApi.restApiId, patchOperations: [{ op: 'replace', path: '/disableExecuteApiEndpoint', value: 'true' }] }));
    await cp.client.send(new CreateDeploymentCommand({ restApiId: ordersApi.restApiId, stageName: 'prod' }));
    await eventually(async () => ((await invoke(`${ordersApi.restApiId}.execute-api.localhost`, '/prod/1')).status === 403 ? true : undefined), 'the execute-api endpoint to close', 20_000);
    expect(backendOf(await invoke('api.example.test', '/orders/1'))).toEqual({ backend: 'orders', path: '/1' });
  });

  it('updates and deletes mappings and domains, and the data plane follows', async () => {
    await cp.client.send(
      new UpdateBasePathMappingCommand({ domainName: 'api.example.test', basePath: 'v2/orders', patchOperations: [{ op: 'replace', path: '/basePath', value: 'v3/orders' }] }),
    );
    await eventually(async () => (backendOf(await invoke('api.example.test', '/v3/orders/1'))?.path === '/1' ? true : undefined), 'the renamed base path', 20_000);
    await cp.client.send(new DeleteBasePathMappingCommand({ domainName: 'api.example.test', basePath: 'v3/orders' }));
    await cp.client.send(new DeleteDomainNameCommand({ domainName: 'edge.example.test' }));
    await eventually(async () => ((await invoke('edge.example.test', '/o/5')).status === 403 ? true : undefined), 'the deleted domain to stop serving', 20_000);
    expect((await cp.client.send(new GetDomainNamesCommand({}))).items?.map((d) => d.domainName)).toEqual(['api.example.test']);
  });
});
