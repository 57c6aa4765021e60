import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackend, type TestBackend } from './support/backends.js';
import { CP_DATA_PLANE_TOKEN, startControlPlaneProcess, type ControlPlaneProcess } from './support/control-plane-process.js';
import { startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { deployProxyApi } from './support/deploy-proxy-api.js';
import { createPostgresDatabase, type PostgresDatabase } from './support/postgres.js';
import { eventually, freePort } from './support/processes.js';

// Neither the control plane nor Redis is a start-up dependency of the data plane: it starts without both, says
// so on /health/ready, and catches up by polling once the control plane appears; Redis being unreachable is
// logged once and never crashes the process.
describe('data plane starting before the control plane, with Redis unreachable', () => {
  let database: PostgresDatabase;
  let cp: ControlPlaneProcess | undefined;
  let dp: TestDataPlane;
  let backend: TestBackend;
  let dir: string;

  beforeAll(async () => {
    backend = await startBackend('A');
    database = await createPostgresDatabase();
    dir = await mkdtemp(join(tmpdir(), 'portico-dp-outage-'));
  });

  afterAll(async () => {
    await dp?.close();
    await cp?.stop();
    await database?.drop();
    await backend?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('becomes ready when the control plane comes up, and serves what is deployed, by polling alone', async () => {
    const cpPort = await freePort();
    dp = await startTestDataPlane({
      source: { kind: 'control-plane', url: `http://127.0.0.1:${cpPort}`, token: CP_DATA_PLANE_TOKEN },
      // Port 1 on loopback: connection refused, every retry.
      redisUrl: 'redis://127.0.0.1:1',
      pollIntervalMs: 200,
      configCachePath: join(dir, 'cache.json'),
    });
    expect((await fetch(`${dp.statusUrl}/health/ready`)).status).toBe(503);

    cp = await startControlPlaneProcess({ databaseUrl: database.url, port: cpPort });
    await eventually(async () => ((await fetch(`${dp.statusUrl}/health/ready`)).status === 200 ? true : undefined), 'readiness');
    const api = await deployProxyApi(cp.client, 'dp-outage', backend.url);
    const body = await eventually(async () => {
      const res = await fetch(`${dp.invokeUrl}/restapis/${api.restApiId}/${api.stageName}/_user_request_/up`);
      return res.status === 200 ? ((await res.json()) as unknown) : undefined;
    }, 'the deployment');
    expect(body).toEqual({ backend: 'A', path: '/up' });

    const messages = dp.logs.map((l) => l.message);
    expect(messages.filter((m) => m === 'Redis unavailable; relying on polling until it is back')).toHaveLength(1);
    expect(messages).toContain('control plane reachable again');
    expect(messages.filter((m) => m === 'cannot fetch the config document; the current one keeps serving')).toHaveLength(1);
  });
});
