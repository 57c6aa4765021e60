// The stage cache's control plane (issue 16): cache cluster settings and caching method settings on stages through
// the AWS SDK, what the config document carries to data planes, and FlushStageCache against a real Redis.
import { CreateDeploymentCommand, FlushStageCacheCommand, GetStageCommand, UpdateStageCommand } from '@aws-sdk/client-api-gateway';
import { Redis } from 'ioredis';
import { configDocumentV2Schema, STAGE_CACHE_FLUSH_CHANNEL, type ConfigDocumentV2 } from '@portico/contracts';
import { createMockApi, errorOf, startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let cp: TestControlPlane;
let apiId: string;

beforeAll(async () => {
  cp = await startTestControlPlane({ redisUrl });
  ({ apiId } = await createMockApi(cp.client, 'cached'));
  await cp.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod', cacheClusterEnabled: true, cacheClusterSize: '1.6' }));
  await cp.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'plain' }));
});
afterAll(async () => {
  await cp?.close();
});

async function configDocument(): Promise<ConfigDocumentV2> {
  const response = await fetch(`${cp.url}/internal/config`, {
    headers: { authorization: `Bearer ${cp.config.dataPlaneToken}`, accept: 'application/vnd.portico.config+json; version=2' },
  });
  expect(response.status).toBe(200);
  return configDocumentV2Schema.parse(await response.json());
}

describe('stage cache settings', () => {
  it('reports AVAILABLE for an enabled cache and NOT_AVAILABLE otherwise', async () => {
    expect(await cp.client.send(new GetStageCommand({ restApiId: apiId, stageName: 'prod' }))).toMatchObject({
      cacheClusterEnabled: true,
      cacheClusterSize: '1.6',
      cacheClusterStatus: 'AVAILABLE',
    });
    expect(await cp.client.send(new GetStageCommand({ restApiId: apiId, stageName: 'plain' }))).toMatchObject({ cacheClusterEnabled: false, cacheClusterStatus: 'NOT_AVAILABLE' });
  });

  it('takes the caching method settings and refuses a TTL outside 0–3600 without changing anything', async () => {
    const updated = await cp.client.send(
      new UpdateStageCommand({
        restApiId: apiId,
        stageName: 'prod',
        patchOperations: [
          { op: 'replace', path: '/*/*/caching/enabled', value: 'true' },
          { op: 'replace', path: '/*/*/caching/ttlInSeconds', value: '60' },
          { op: 'replace', path: '/*/*/caching/dataEncrypted', value: 'true' },
          { op: 'replace', path: '/*/*/caching/unauthorizedCacheControlHeaderStrategy', value: 'FAIL_WITH_403' },
        ],
      }),
    );
    expect(updated.methodSettings!['*/*']).toMatchObject({ cachingEnabled: true, cacheTtlInSeconds: 60, cacheDataEncrypted: true, unauthorizedCacheControlHeaderStrategy: 'FAIL_WITH_403' });
    const refused = await errorOf(
      cp.client.send(new UpdateStageCommand({ restApiId: apiId, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/*/*/caching/ttlInSeconds', value: '3601' }] })),
    );
    expect(refused.name).toBe('BadRequestException');
    expect((await cp.client.send(new GetStageCommand({ restApiId: apiId, stageName: 'prod' }))).methodSettings!['*/*'].cacheTtlInSeconds).toBe(60);
  });

  it('carries the cache settings and the entry key to data planes in the config document', async () => {
    const doc = await configDocument();
    const api = doc.apis[apiId];
    expect(api.protocolType).toBe('REST');
    const stages = api.protocolType === 'REST' ? api.stages : [];
    expect(stages.find((s) => s.stageName === 'prod')).toMatchObject({ cacheClusterEnabled: true, cacheClusterSize: '1.6', methodSettings: { '*/*': { cachingEnabled: true, cacheTtlInSeconds: 60 } } });
    expect(stages.find((s) => s.stageName === 'plain')).toMatchObject({ cacheClusterEnabled: false });
    expect(doc.stageCacheKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('FlushStageCache', () => {
  it('answers 404 for an unknown stage', async () => {
    await expect(cp.client.send(new FlushStageCacheCommand({ restApiId: apiId, stageName: 'nope' }))).rejects.toMatchObject({
      name: 'NotFoundException',
      message: 'Invalid Stage identifier specified',
    });
  });

  it('deletes the stage’s shared entries and announces the stage to the data planes (202)', async () => {
    const redis = new Redis(redisUrl);
    const subscriber = new Redis(redisUrl);
    try {
      const messages: string[] = [];
      await subscriber.subscribe(STAGE_CACHE_FLUSH_CHANNEL);
      const received = new Promise<void>((resolve) => subscriber.on('message', (_channel: string, message: string) => (messages.push(message), resolve())));
      const prod = `portico:stage-cache:{${apiId}:prod}:`;
      const plain = `portico:stage-cache:{${apiId}:plain}:`;
      await redis.set(`${prod}entry1`, 'x', 'EX', 60);
      await redis.set(`${prod}index`, 'x', 'EX', 60);
      await redis.set(`${plain}entry1`, 'x', 'EX', 60);
      const answer = await cp.client.send(new FlushStageCacheCommand({ restApiId: apiId, stageName: 'prod' }));
      expect(answer.$metadata.httpStatusCode).toBe(202);
      expect(await redis.keys(`portico:stage-cache:{${apiId}:*`)).toEqual([`${plain}entry1`]);
      await received;
      expect(JSON.parse(messages[0])).toEqual({ restApiId: apiId, stageName: 'prod' });
      await redis.del(`${plain}entry1`);
    } finally {
      redis.disconnect();
      subscriber.disconnect();
    }
  });
});
