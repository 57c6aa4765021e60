import {
  APIGatewayClient,
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
  UpdateStageCommand,
  UpdateUsageCommand,
} from '@aws-sdk/client-api-gateway';
import { CP_MASTER_KEY } from './support/control-plane-process.js';
import { startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { createPostgresDatabase, type PostgresDatabase } from './support/postgres.js';
import { distEntry, eventually, freePort, startNode, waitForOk, type NodeProcess } from './support/processes.js';
import { startPrivateRedis, type PrivateRedis } from './support/redis-server.js';

// Usage reports and resets through the real @aws-sdk/client-api-gateway: the control plane (as production runs
// it) reads the counters data planes keep in Redis, persists them to PostgreSQL, and still reports them after
// Redis restarts empty.
const ACCESS_KEY_ID = 'AKIAPORTICOUSAGETEST1';
const SECRET = 'portico-usage-test-secret-access-key';
const TOKEN = 'portico-usage-test-data-plane-token';

let redis: PrivateRedis;
let database: PostgresDatabase;
let cp: NodeProcess;
let client: APIGatewayClient;
let dp: TestDataPlane;
let restApiId: string;
let keyId: string;
let keyValue: string;
let planId: string;
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  redis = await startPrivateRedis();
  database = await createPostgresDatabase();
  const port = await freePort();
  cp = startNode([distEntry('control-plane')], {
    PORTICO_CONTROL_PLANE_PORT: String(port),
    PORTICO_CONTROL_PLANE_HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    PORTICO_ADMIN_ACCESS_KEY_ID: ACCESS_KEY_ID,
    PORTICO_ADMIN_SECRET_ACCESS_KEY: SECRET,
    PORTICO_DATA_PLANE_TOKEN: TOKEN,
    PORTICO_MASTER_KEY: CP_MASTER_KEY,
    PORTICO_USAGE_FLUSH_INTERVAL_MS: '200',
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForOk(`${url}/health/ready`, cp);
  client = new APIGatewayClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET }, maxAttempts: 1 });

  const api = await client.send(new CreateRestApiCommand({ name: 'metered', endpointConfiguration: { types: ['REGIONAL'] } }));
  restApiId = api.id as string;
  const root = (await client.send(new GetResourcesCommand({ restApiId }))).items?.find((r) => r.path === '/')?.id as string;
  const resourceId = (await client.send(new CreateResourceCommand({ restApiId, parentId: root, pathPart: 'metered' }))).id as string;
  await client.send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: true }));
  await client.send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200' }));
  await client.send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
  await client.send(new PutIntegrationResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200', responseTemplates: { 'application/json': '' } }));
  await client.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
  const key = await client.send(new CreateApiKeyCommand({ name: 'metered-key', enabled: true }));
  keyId = key.id as string;
  keyValue = key.value as string;
  const plan = await client.send(
    new CreateUsagePlanCommand({ name: 'metered-plan', quota: { limit: 100, period: 'DAY' }, apiStages: [{ apiId: restApiId, stage: 'prod' }] }),
  );
  planId = plan.id as string;
  await client.send(new CreateUsagePlanKeyCommand({ usagePlanId: planId, keyId, keyType: 'API_KEY' }));

  dp = await startTestDataPlane({ source: { kind: 'control-plane', url, token: TOKEN }, redisUrl: redis.url, pollIntervalMs: 200 });
}, 300_000);

afterAll(async () => {
  await dp?.close();
  client?.destroy();
  await cp?.stop();
  await redis?.stop();
  await database?.drop();
});

async function call(): Promise<number> {
  const res = await fetch(`${dp.invokeUrl}/restapis/${restApiId}/prod/_user_request_/metered`, { headers: { 'x-api-key': keyValue } });
  await res.arrayBuffer();
  return res.status;
}

async function usage(): Promise<number[][] | undefined> {
  const report = await client.send(new GetUsageCommand({ usagePlanId: planId, startDate: today, endDate: today }));
  return report.items?.[keyId];
}

/**
 * Waits for the report to read `[[used, remaining]]`. Tokens a replica leased count as used until it returns
 * the unused ones (within the lease time, 100 ms), so a report taken mid-lease may run ahead briefly.
 */
async function usageSettlesAt(used: number, remaining: number): Promise<void> {
  let last = '';
  await eventually(async () => {
    const values = await usage().catch((error: Error) => void (last = `${error.name}: ${error.message}`));
    if (values) last = JSON.stringify(values);
    return values?.[0]?.[0] === used && values[0][1] === remaining ? true : undefined;
  }, `usage [[${used}, ${remaining}]] (last ${last})`);
}

describe('usage through @aws-sdk/client-api-gateway', () => {
  it('reports, resets and keeps usage across a Redis restart', async () => {
    // The key reaches the data plane with the next config revision.
    await eventually(async () => ((await call()) === 200 ? true : undefined), 'the keyed method to admit the key');
    for (let i = 0; i < 6; i++) expect(await call()).toBe(200);
    await usageSettlesAt(7, 93);

    const reset = await client.send(
      new UpdateUsageCommand({ usagePlanId: planId, keyId, patchOperations: [{ op: 'replace', path: '/remaining', value: '50' }] }),
    );
    expect(reset.items?.[keyId]).toEqual([[7, 50]]);
    expect(await call()).toBe(200);
    await usageSettlesAt(8, 49);

    // Let the flush job persist the counters, then restart Redis empty.
    await new Promise((resolve) => setTimeout(resolve, 600));
    await redis.stop();
    await redis.start();
    await usageSettlesAt(8, 49);

    // Counting goes on from the restored values once the data plane is back on Redis.
    await eventually(async () => ((await call()) === 200 ? true : undefined), 'an admitted request after the restart');
    await usageSettlesAt(9, 48);
  }, 300_000);

  it('applies stage methodSettings throttling set through UpdateStage (*/*: burst 2)', async () => {
    const before = dp.dataPlane.revision();
    await client.send(
      new UpdateStageCommand({
        restApiId,
        stageName: 'prod',
        patchOperations: [
          { op: 'replace', path: '/*/*/throttling/burstLimit', value: '2' },
          { op: 'replace', path: '/*/*/throttling/rateLimit', value: '0.01' },
        ],
      }),
    );
    await eventually(async () => (dp.dataPlane.revision() !== before ? true : undefined), 'the new stage settings on the data plane');
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push(await call());
    expect(statuses).toEqual([200, 200, 429, 429, 429]);
  });
});
