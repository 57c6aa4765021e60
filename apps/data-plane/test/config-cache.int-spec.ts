import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackend, type TestBackend } from './support/backends.js';
import { CP_DATA_PLANE_TOKEN, startControlPlaneProcess, type ControlPlaneProcess } from './support/control-plane-process.js';
import { metricValue, startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { deployProxyApi, pointProxyAt, redeploy, type DeployedProxyApi } from './support/deploy-proxy-api.js';
import { createPostgresDatabase, type PostgresDatabase } from './support/postgres.js';
import { eventually } from './support/processes.js';

// The last-known-good document on disk: a data plane that starts while the control plane is down serves what it
// last loaded, and catches up once the control plane is back. No Redis here: polling alone must do.
describe('data plane disk cache (PORTICO_CONFIG_CACHE)', () => {
  let database: PostgresDatabase;
  let cp: ControlPlaneProcess | undefined;
  let backendA: TestBackend;
  let backendB: TestBackend;
  let dir: string;
  let cachePath: string;
  let api: DeployedProxyApi;
  const dataPlanes: TestDataPlane[] = [];

  async function dataPlane(url: string): Promise<TestDataPlane> {
    const dp = await startTestDataPlane({
      source: { kind: 'control-plane', url, token: CP_DATA_PLANE_TOKEN },
      pollIntervalMs: 200,
      configCachePath: cachePath,
    });
    dataPlanes.push(dp);
    return dp;
  }
  const invoke = async (dp: TestDataPlane, rest: string) => {
    const res = await fetch(`${dp.invokeUrl}/restapis/${api.restApiId}/${api.stageName}/_user_request_/${rest}`);
    return { status: res.status, body: (await res.json()) as { backend?: string; message?: string } };
  };

  beforeAll(async () => {
    [backendA, backendB] = await Promise.all([startBackend('A'), startBackend('B')]);
    database = await createPostgresDatabase();
    dir = await mkdtemp(join(tmpdir(), 'portico-dp-cache-'));
    cachePath = join(dir, 'cache', 'data-plane-config.json');
    cp = await startControlPlaneProcess({ databaseUrl: database.url });
  });

  afterAll(async () => {
    for (const dp of dataPlanes) await dp.close();
    await cp?.stop();
    await database?.drop();
    await Promise.all([backendA?.close(), backendB?.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  it('writes each loaded document to the cache', async () => {
    api = await deployProxyApi(cp!.client, 'dp-cache', backendA.url);
    const dp = await dataPlane(cp!.url);
    expect(await invoke(dp, 'first')).toEqual({ status: 200, body: { backend: 'A', path: '/first' } });
    const cached = await eventually(async () => {
      const text = await readFile(cachePath, 'utf8').catch(() => undefined);
      return text && (JSON.parse(text) as { revision: string }).revision === dp.dataPlane.revision() ? text : undefined;
    }, 'the cache file');
    // As the control plane served it: v2, the newest schema version both know.
    expect(JSON.parse(cached)).toMatchObject({ schemaVersion: 2, apis: { [api.restApiId]: { protocolType: 'REST', stages: [{ stageName: api.stageName }] } } });
    await dp.close();
  });

  it('starts from the cache and serves while the control plane is down', async () => {
    const port = cp!.port;
    await cp!.stop('SIGKILL');
    cp = undefined;
    const dp = await dataPlane(`http://127.0.0.1:${port}`);
    expect((await fetch(`${dp.statusUrl}/health/ready`)).status).toBe(200);
    expect(await invoke(dp, 'from-cache')).toEqual({ status: 200, body: { backend: 'A', path: '/from-cache' } });
    const metrics = await (await fetch(`${dp.statusUrl}/metrics`)).text();
    expect(metricValue(metrics, 'portico_config_loads_total', { origin: 'cache' })).toBe(1);
    expect(metricValue(metrics, 'portico_config_load_failures_total', { origin: 'control-plane', reason: 'fetch' })).toBeGreaterThanOrEqual(1);
    expect(dp.logs.some((l) => l.message === 'serving the cached config document until the control plane answers')).toBe(true);

    // The control plane comes back on the same address; the next deployment reaches this data plane by polling.
    cp = await startControlPlaneProcess({ databaseUrl: database.url, port });
    await pointProxyAt(cp.client, api, backendB.url);
    await redeploy(cp.client, api);
    await eventually(async () => ((await invoke(dp, 'back')).body.backend === 'B' ? true : undefined), 'the new deployment');
  });

  it('is not ready and answers 503 with neither control plane nor cache', async () => {
    const dp = await startTestDataPlane({
      source: { kind: 'control-plane', url: 'http://127.0.0.1:9', token: CP_DATA_PLANE_TOKEN },
      configCachePath: join(dir, 'missing', 'none.json'),
    });
    dataPlanes.push(dp);
    expect((await fetch(`${dp.statusUrl}/health/ready`)).status).toBe(503);
    expect((await fetch(`${dp.statusUrl}/health/live`)).status).toBe(200);
    const res = await fetch(`${dp.invokeUrl}/anything`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ message: 'No configuration loaded yet' });
  });
});
