import {
  CreateApiKeyCommand,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  GetResourcesCommand,
  GetUsageCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { CP_DATA_PLANE_TOKEN, startControlPlaneProcess, type ControlPlaneProcess } from '../support/control-plane-process.js';
import { startTestDataPlane, type TestDataPlane } from '../support/data-plane-harness.js';
import { count, driveLoad } from '../support/drive-load.js';
import { createPostgresDatabase, type PostgresDatabase } from '../support/postgres.js';
import { eventually } from '../support/processes.js';
import { startPrivateRedis, type PrivateRedis } from '../support/redis-server.js';

// Chaos (issue 11): two data-plane replicas and a control plane (as production runs it) share a private Redis;
// under load on an API key with a quota, Redis is killed (-9) and restarted EMPTY. The quota never admits one
// request too many, GetUsage (the real SDK) reports exactly the requests the clients saw admitted, and nothing
// answers 5xx. Before the fix, the counts Redis held since the last flush were lost and admitted again.
const QUOTA = 400;
const today = new Date().toISOString().slice(0, 10);

let redis: PrivateRedis;
let database: PostgresDatabase;
let cp: ControlPlaneProcess;
let replicas: TestDataPlane[];
let restApiId: string;
let keyId: string;
let keyValue: string;
let planId: string;

beforeAll(async () => {
  redis = await startPrivateRedis();
  database = await createPostgresDatabase();
  // The default flush interval (10 s): what Redis counted since the last flush is what a restart loses.
  cp = await startControlPlaneProcess({ databaseUrl: database.url, redisUrl: redis.url });
  const client = cp.client;
  restApiId = (await client.send(new CreateRestApiCommand({ name: 'chaos', endpointConfiguration: { types: ['REGIONAL'] } }))).id as string;
  const root = (await client.send(new GetResourcesCommand({ restApiId }))).items?.find((r) => r.path === '/')?.id as string;
  const resourceId = (await client.send(new CreateResourceCommand({ restApiId, parentId: root, pathPart: 'metered' }))).id as string;
  await client.send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: true }));
  await client.send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200' }));
  await client.send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
  await client.send(new PutIntegrationResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200', responseTemplates: { 'application/json': '' } }));
  await client.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
  const key = await client.send(new CreateApiKeyCommand({ name: 'chaos-key', enabled: true }));
  keyId = key.id as string;
  keyValue = key.value as string;
  planId = (await client.send(new CreateUsagePlanCommand({ name: 'chaos-plan', quota: { limit: QUOTA, period: 'DAY' }, apiStages: [{ apiId: restApiId, stage: 'prod' }] }))).id as string;
  await client.send(new CreateUsagePlanKeyCommand({ usagePlanId: planId, keyId, keyType: 'API_KEY' }));
  replicas = await Promise.all(
    [1, 2].map(() => startTestDataPlane({ source: { kind: 'control-plane', url: cp.url, token: CP_DATA_PLANE_TOKEN }, redisUrl: redis.url, pollIntervalMs: 200 })),
  );
}, 300_000);

afterAll(async () => {
  await Promise.all((replicas ?? []).map((r) => r.close()));
  await cp?.stop();
  await redis?.stop();
  await database?.drop();
});

function call(i: number): Promise<number> {
  return fetch(`${replicas[i % 2].invokeUrl}/restapis/${restApiId}/prod/_user_request_/metered`, { headers: { 'x-api-key': keyValue } }).then(async (r) => {
    await r.arrayBuffer();
    return r.status;
  });
}

async function usage(): Promise<number[] | undefined> {
  const report = await cp.client.send(new GetUsageCommand({ usagePlanId: planId, startDate: today, endDate: today }));
  return report.items?.[keyId]?.[0];
}

describe('Redis killed and restarted empty under load, two replicas, quota 400/DAY', () => {
  it('admits no more than the quota, GetUsage reports exactly what was admitted, and nothing answers 5xx', async () => {
    // Both replicas have the key (config from the control plane) and a seeded run.
    for (let i = 0; i < 2; i++) await eventually(async () => ((await call(i)) === 200 ? true : undefined), `replica ${i} to admit the key`, 30_000);
    const statuses: number[] = [200, 200];

    // 1. Shared counting: 150 requests at 100/s.
    statuses.push(...(await driveLoad(150, 100, call)).statuses);
    // 2. kill -9 mid-load; Redis stays away ~1.5 s, then comes back with nothing.
    const during = driveLoad(500, 100, call);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await redis.stop();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await redis.start();
    statuses.push(...(await during).statuses);
    // 3. Load goes on until the quota is spent: every request then gets 429 Limit Exceeded.
    let tail = await driveLoad(200, 100, call);
    statuses.push(...tail.statuses);
    for (let round = 0; round < 20 && count(statuses, 200) < QUOTA && tail.statuses.at(-1) !== 429; round++) {
      tail = await driveLoad(100, 100, call);
      statuses.push(...tail.statuses);
    }

    const admitted = count(statuses, 200);
    console.log(`quota ${QUOTA}: admitted ${admitted} of ${statuses.length}; 429: ${count(statuses, 429)}`);
    expect(statuses.filter((s) => s >= 500 || s === 0)).toEqual([]);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    expect(admitted).toBeLessThanOrEqual(QUOTA);
    // Counting resumed after the restart: the quota was reached (what was lost would have been admitted again).
    const final = await fetch(`${replicas[0].invokeUrl}/restapis/${restApiId}/prod/_user_request_/metered`, { headers: { 'x-api-key': keyValue } });
    expect(final.status).toBe(429);
    expect(await final.json()).toEqual({ message: 'Limit Exceeded' });
    statuses.push(429);
    expect(admitted).toBeGreaterThan(QUOTA * 0.9);

    // GetUsage through the real SDK: used = admitted, remaining = quota − admitted (leases returned within 100 ms).
    let last: number[] | undefined;
    await eventually(async () => {
      last = await usage();
      return last?.[0] === admitted && last[1] === QUOTA - admitted ? true : undefined;
    }, `GetUsage [${admitted}, ${QUOTA - admitted}] (last ${JSON.stringify(last)})`, 20_000);
  }, 90_000);
});
