import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HttpApiSnapshotInput } from '@portico/contracts';
import { Redis } from 'ioredis';
import { startBackend, type TestBackend } from './support/backends.js';
import { startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { httpApiDocument, invoke } from './support/http-api-documents.js';
import { randomAccountId } from './support/usage-plan-documents.js';
import { eventually } from './support/processes.js';

// HTTP API throttling on the shared Redis buckets: two data-plane replicas, each with its own Redis client, take
// a route's tokens (routeSettings) and the stage's (defaultRouteSettings) from one bucket each, and admit no more
// than the bucket holds between them (exact mode: one decision per request, so the count is exact). The replicas
// run with a `PORTICO_REDIS_KEY_PREFIX`, which the HTTP API buckets must carry as the REST ones do.
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const accountId = randomAccountId();
const keyPrefix = `http-throttle-${accountId}:`;
const API = 'thrhttp001';

describe('HTTP API throttling across replicas (Redis)', () => {
  let dir: string;
  let backend: TestBackend;
  let replicas: TestDataPlane[];
  const port = (r: TestDataPlane) => Number(new URL(r.invokeUrl).port);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'portico-http-throttle-'));
    backend = await startBackend('B');
    const snapshot: HttpApiSnapshotInput = {
      schemaVersion: 1,
      api: { apiId: API, name: 'throttled', protocolType: 'HTTP' },
      integrations: [{ integrationId: 'i1', integrationType: 'HTTP_PROXY', integrationMethod: 'ANY', integrationUri: `${backend.url}/x`, payloadFormatVersion: '1.0' }],
      routes: [
        { routeId: 'r1', routeKey: 'GET /route', target: 'integrations/i1' },
        { routeId: 'r2', routeKey: 'GET /stage', target: 'integrations/i1' },
      ],
      stage: {
        stageName: '$default',
        deploymentId: 'd1',
        defaultRouteSettings: { throttlingBurstLimit: 5, throttlingRateLimit: 0.0001 },
        routeSettings: { 'GET /route': { throttlingBurstLimit: 2, throttlingRateLimit: 0.0001 } },
      },
    };
    const file = join(dir, 'config.json');
    // An API without route settings, to see each replica's Redis client up before the counting starts.
    const open: HttpApiSnapshotInput = { ...snapshot, api: { ...snapshot.api, apiId: 'thrhttp002' }, stage: { stageName: '$default', deploymentId: 'd1' } };
    await writeFile(file, httpApiDocument([snapshot, open]));
    // A Redis call slower than redisTimeoutMs falls back to each replica's own bucket (fail open), and a refill
    // adds tokens: on a loaded machine either would admit a third request. 10 s and a rate of one token in ~3 h
    // keep the counts a matter of the shared bucket alone.
    const exact = { mode: 'exact', failMode: 'open', redisTimeoutMs: 10_000, leaseMs: 100 } as const;
    replicas = await Promise.all([1, 2].map(() => startTestDataPlane({ source: { kind: 'file', path: file }, redisUrl, redis: { url: redisUrl, keyPrefix, cluster: false }, accountId, throttle: exact })));
    for (const replica of replicas) {
      await eventually(async () => ((await invoke(port(replica), 'thrhttp002', 'GET', '/route')).status === 200 ? true : undefined), 'the replica to answer');
    }
  });

  afterAll(async () => {
    await Promise.all((replicas ?? []).map((r) => r.close()));
    await backend?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("shares a route's bucket (routeSettings) between replicas", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await invoke(port(replicas[i % 2]), API, 'GET', '/route')).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(2);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
    const answer = await invoke(port(replicas[0]), API, 'GET', '/route');
    expect([answer.status, answer.text]).toEqual([429, '{"message":"Too Many Requests"}']);
  });

  it('takes the stage default (defaultRouteSettings) from one bucket for every route', async () => {
    // GET /route spent 2 of the stage's 5 tokens above; GET /stage gets the remaining 3.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await invoke(port(replicas[i % 2]), API, 'GET', '/stage')).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
  });

  it("names the buckets with PORTICO_REDIS_KEY_PREFIX", async () => {
    const redis = new Redis(redisUrl);
    try {
      const keys = await redis.keys(`*${accountId}*`);
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.filter((k) => !k.startsWith(`{${keyPrefix}`))).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });
});
