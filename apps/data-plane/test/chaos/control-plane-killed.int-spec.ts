import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackend, type TestBackend } from '../support/backends.js';
import { CP_DATA_PLANE_TOKEN, startControlPlaneProcess, type ControlPlaneProcess } from '../support/control-plane-process.js';
import { startTestDataPlane, type TestDataPlane } from '../support/data-plane-harness.js';
import { deployProxyApi, type DeployedProxyApi } from '../support/deploy-proxy-api.js';
import { createPostgresDatabase, type PostgresDatabase } from '../support/postgres.js';
import { eventually } from '../support/processes.js';

// The control plane is not on the request path: `kill -9` it while two data planes serve traffic, and every
// request still succeeds; a data plane restarted while it is dead serves from its disk cache.
describe('control plane killed under load', () => {
  let database: PostgresDatabase;
  let cp: ControlPlaneProcess | undefined;
  let backend: TestBackend;
  let dir: string;
  let api: DeployedProxyApi;
  const dataPlanes: TestDataPlane[] = [];

  beforeAll(async () => {
    backend = await startBackend('A');
    database = await createPostgresDatabase();
    dir = await mkdtemp(join(tmpdir(), 'portico-dp-cp-killed-'));
  });

  afterAll(async () => {
    for (const dp of dataPlanes) await dp.close();
    await cp?.stop('SIGKILL');
    await database?.drop();
    await backend?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const start = async (cachePath: string, url: string): Promise<TestDataPlane> => {
    const dp = await startTestDataPlane({ source: { kind: 'control-plane', url, token: CP_DATA_PLANE_TOKEN }, pollIntervalMs: 200, configCachePath: cachePath });
    dataPlanes.push(dp);
    return dp;
  };
  const invoke = async (dp: TestDataPlane, i: number): Promise<number> => {
    try {
      const res = await fetch(`${dp.invokeUrl}/restapis/${api.restApiId}/${api.stageName}/_user_request_/load-${i}`);
      await res.arrayBuffer();
      return res.status;
    } catch {
      return -1;
    }
  };

  it('keeps serving through the kill, and a restarted data plane serves from its cache', async () => {
    cp = await startControlPlaneProcess({ databaseUrl: database.url });
    const cpUrl = cp.url;
    api = await deployProxyApi(cp.client, 'cp-killed', backend.url);
    const caches = [join(dir, 'dp0.json'), join(dir, 'dp1.json')];
    const [dp0, dp1] = [await start(caches[0], cpUrl), await start(caches[1], cpUrl)];
    for (const dp of [dp0, dp1]) await eventually(async () => ((await invoke(dp, 0)) === 200 ? true : undefined), 'the deployment');

    // Load on both data planes: 8 concurrent loops until told to stop.
    const statuses: number[] = [];
    let running = true;
    const loops = Array.from({ length: 8 }, async (_, loop) => {
      for (let i = 0; running; i++) statuses.push(await invoke(loop % 2 === 0 ? dp0 : dp1, i));
    });
    await eventually(async () => (statuses.length >= 50 ? true : undefined), 'load to run');
    await cp.stop('SIGKILL');
    const atKill = statuses.length;
    await eventually(async () => (statuses.length >= atKill + 200 ? true : undefined), 'load after the kill', 60_000);
    running = false;
    await Promise.all(loops);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);

    // dp1 restarts while the control plane is still dead: its disk cache is what it serves.
    await dp1.close();
    dataPlanes.splice(dataPlanes.indexOf(dp1), 1);
    const restarted = await start(caches[1], cpUrl);
    expect(await invoke(restarted, 1)).toBe(200);
    expect(restarted.logs.map((l) => l.message)).toContain('serving the cached config document until the control plane answers');
    expect((await fetch(`${restarted.statusUrl}/health/ready`)).status).toBe(200);
  });
});
