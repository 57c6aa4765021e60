import { Agent, request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackend, type TestBackend } from './support/backends.js';
import { CP_DATA_PLANE_TOKEN, startControlPlaneProcess, testRedisUrl, type ControlPlaneProcess } from './support/control-plane-process.js';
import { UpdateStageCommand } from '@aws-sdk/client-api-gateway';
import { metricValue, startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { deployProxyApi, pointProxyAt, redeploy, type DeployedProxyApi } from './support/deploy-proxy-api.js';
import { createPostgresDatabase, type PostgresDatabase } from './support/postgres.js';
import { eventually } from './support/processes.js';

interface Invoked {
  status: number;
  backend?: string;
  body: string;
}

// A data plane fed by the real control plane (its own process, on PostgreSQL, publishing change events on
// Redis), driven through the real AWS SDK. Polling is set to a minute so that only the Redis event can explain
// a deployment showing up within the test.
describe('data plane following the control plane', () => {
  let database: PostgresDatabase;
  let cp: ControlPlaneProcess;
  let dp: TestDataPlane;
  let backendA: TestBackend;
  let backendB: TestBackend;
  let cacheDir: string;
  let api: DeployedProxyApi;
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });

  function invoke(path: string, host?: string): Promise<Invoked> {
    const url = new URL(dp.invokeUrl);
    return new Promise((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path, agent, headers: host ? { host } : {} },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => {
            let backend: string | undefined;
            try {
              backend = (JSON.parse(body) as { backend?: string }).backend;
            } catch {
              backend = undefined;
            }
            resolve({ status: res.statusCode ?? 0, backend, body });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }
  const invokeStage = (rest: string) => invoke(`/restapis/${api.restApiId}/${api.stageName}/_user_request_/${rest}`);

  beforeAll(async () => {
    [backendA, backendB] = await Promise.all([startBackend('A'), startBackend('B')]);
    database = await createPostgresDatabase();
    cp = await startControlPlaneProcess({ databaseUrl: database.url, redisUrl: testRedisUrl() });
    cacheDir = await mkdtemp(join(tmpdir(), 'portico-dp-sync-'));
    dp = await startTestDataPlane({
      source: { kind: 'control-plane', url: cp.url, token: CP_DATA_PLANE_TOKEN },
      redisUrl: testRedisUrl(),
      pollIntervalMs: 60_000,
      configCachePath: join(cacheDir, 'config.json'),
    });
  });

  afterAll(async () => {
    await dp?.close();
    agent.destroy();
    await cp?.stop();
    await database?.drop();
    await Promise.all([backendA?.close(), backendB?.close()]);
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('is ready with the (empty) document before anything is deployed', async () => {
    expect((await fetch(`${dp.statusUrl}/health/ready`)).status).toBe(200);
  });

  it('serves an HTTP_PROXY API deployed through the AWS SDK, on both URL forms', async () => {
    api = await deployProxyApi(cp.client, 'dp-sync', backendA.url);
    const byPath = await eventually(async () => {
      const r = await invokeStage('pets/1?q=2');
      return r.status === 200 ? r : undefined;
    }, 'the deployment to serve');
    expect(JSON.parse(byPath.body)).toEqual({ backend: 'A', path: '/pets/1?q=2' });
    const byHost = await invoke(`/${api.stageName}/pets/2`, `${api.restApiId}.execute-api.localhost`);
    expect(byHost).toMatchObject({ status: 200, backend: 'A' });
  });

  it('serves a redeployment soon after CreateDeployment returns (Redis change event)', async () => {
    await pointProxyAt(cp.client, api, backendB.url);
    await redeploy(cp.client, api);
    const deployedAt = performance.now();
    await eventually(async () => ((await invokeStage('which')).backend === 'B' ? true : undefined), 'backend B', 10_000);
    const ms = performance.now() - deployedAt;
    console.log(`CreateDeployment returned → new deployment serving: ${ms.toFixed(1)} ms`);
    expect(ms).toBeLessThan(5000);
  });

  it('drops no request while the stage is redeployed ten times under load', async () => {
    let running = true;
    let ok = 0;
    const failures: string[] = [];
    const seen = { A: 0, B: 0 };
    const worker = async () => {
      // Bounded: a stuck test ends rather than looping forever.
      for (let i = 0; running && i < 200_000; i++) {
        try {
          const r = await invokeStage(`load/${i}`);
          if (r.status === 200 && (r.backend === 'A' || r.backend === 'B')) {
            ok++;
            seen[r.backend]++;
          } else failures.push(`${r.status} ${r.body.slice(0, 200)}`);
        } catch (error) {
          failures.push(String(error));
        }
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    let current = 'B';
    for (let n = 0; n < 10; n++) {
      const next = current === 'A' ? 'B' : 'A';
      await pointProxyAt(cp.client, api, next === 'A' ? backendA.url : backendB.url);
      await redeploy(cp.client, api);
      const before = seen[next];
      await eventually(async () => (seen[next] > before + 20 ? true : undefined), `backend ${next} after redeployment ${n + 1}`, 10_000);
      current = next;
    }
    running = false;
    await Promise.all(workers);
    console.log(`redeploy under load: ${ok} requests, ${failures.length} failures, A ${seen.A} / B ${seen.B}`);
    expect(failures).toEqual([]);
    expect(ok).toBeGreaterThan(200);
  }, 180_000);

  it('counts the stage on /metrics under its API id, API name and stage', async () => {
    const text = await (await fetch(`${dp.statusUrl}/metrics`)).text();
    const labels = { api_id: api.restApiId, api_name: 'dp-sync', stage: api.stageName };
    expect(metricValue(text, 'apigateway_Count', labels)).toBeGreaterThan(200);
    expect(metricValue(text, 'apigateway_5XXError', labels)).toBe(0);
    expect(metricValue(text, 'apigateway_IntegrationLatency_count', labels)).toBeGreaterThan(200);
  });

  it("writes access-log lines once the stage's accessLogSettings are updated", async () => {
    await cp.client.send(
      new UpdateStageCommand({
        restApiId: api.restApiId,
        stageName: api.stageName,
        patchOperations: [
          { op: 'replace', path: '/accessLogSettings/destinationArn', value: 'arn:aws:logs:us-east-1:000000000000:log-group:portico-access' },
          { op: 'replace', path: '/accessLogSettings/format', value: '{"requestId":"$context.requestId","status":"$context.status","resourcePath":"$context.resourcePath"}' },
        ],
      }),
    );
    const line = await eventually(async () => {
      await invokeStage('logged');
      return dp.accessLog.find((l) => l.includes('"resourcePath":"/{proxy+}"'));
    }, 'an access-log line');
    expect(JSON.parse(line)).toEqual({ requestId: expect.any(String), status: '200', resourcePath: '/{proxy+}' });
  });
});
