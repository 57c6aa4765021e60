// End to end: an HTTP API quick-created through the real apigatewayv2 SDK on the real control plane (its own
// process, PostgreSQL, Redis change events) is served by a data plane following it, on `{apiId}.execute-api.*`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiGatewayV2Client, CreateApiCommand, UpdateApiCommand } from '@aws-sdk/client-apigatewayv2';
import { startBackend, type TestBackend } from './support/backends.js';
import { CP_ACCESS_KEY_ID, CP_DATA_PLANE_TOKEN, CP_SECRET_ACCESS_KEY, startControlPlaneProcess, testRedisUrl, type ControlPlaneProcess } from './support/control-plane-process.js';
import { startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { createPostgresDatabase, type PostgresDatabase } from './support/postgres.js';
import { eventually } from './support/processes.js';
import { invoke } from './support/http-api-documents.js';

describe('HTTP API from the /v2 control plane to the data plane', () => {
  let database: PostgresDatabase;
  let cp: ControlPlaneProcess;
  let dp: TestDataPlane;
  let backendA: TestBackend;
  let backendB: TestBackend;
  let cacheDir: string;
  let client: ApiGatewayV2Client;

  beforeAll(async () => {
    [backendA, backendB] = await Promise.all([startBackend('A'), startBackend('B')]);
    database = await createPostgresDatabase();
    cp = await startControlPlaneProcess({ databaseUrl: database.url, redisUrl: testRedisUrl() });
    cacheDir = await mkdtemp(join(tmpdir(), 'portico-dp-v2-'));
    dp = await startTestDataPlane({ source: { kind: 'control-plane', url: cp.url, token: CP_DATA_PLANE_TOKEN }, redisUrl: testRedisUrl(), pollIntervalMs: 60_000, configCachePath: join(cacheDir, 'config.json') });
    client = new ApiGatewayV2Client({ endpoint: cp.url, region: 'us-east-1', credentials: { accessKeyId: CP_ACCESS_KEY_ID, secretAccessKey: CP_SECRET_ACCESS_KEY }, maxAttempts: 1 });
  });

  afterAll(async () => {
    client?.destroy();
    await dp?.close();
    await cp?.stop();
    await database?.drop();
    await Promise.all([backendA?.close(), backendB?.close()]);
    if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
  });

  it('serves a quick-created API at once, and its auto-deployed change after UpdateApi', async () => {
    const api = await client.send(new CreateApiCommand({ Name: 'e2e', ProtocolType: 'HTTP', Target: backendA.url }));
    // node:http, not fetch: fetch does not send a caller's Host header.
    const port = Number(new URL(dp.invokeUrl).port);
    const call = (path: string) => invoke(port, api.ApiId!, 'GET', path);
    let last: unknown;
    const first = await eventually(async () => {
      const r = await call('/pets/1');
      last = r;
      return r.status === 200 ? r : undefined;
    }, 'the quick-created API to serve', 90_000).catch((error: Error) => {
      throw new Error(`${error.message}: last ${JSON.stringify(last)}`);
    });
    expect(first.json()).toMatchObject({ backend: 'A' });
    await client.send(new UpdateApiCommand({ ApiId: api.ApiId, Target: backendB.url }));
    await eventually(async () => {
      const r = await call('/pets/2');
      return r.status === 200 && (r.json<{ backend?: string }>()).backend === 'B' ? true : undefined;
    }, 'the auto-deployed target', 90_000);
  });
});
