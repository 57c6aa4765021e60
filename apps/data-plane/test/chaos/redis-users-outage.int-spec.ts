import { Redis } from 'ioredis';
import { CP_DATA_PLANE_TOKEN, startControlPlaneProcess, type ControlPlaneProcess } from '../support/control-plane-process.js';
import { startTestDataPlane, type TestDataPlane } from '../support/data-plane-harness.js';
import { createPostgresDatabase, type PostgresDatabase } from '../support/postgres.js';
import { eventually } from '../support/processes.js';
import { startPrivateRedis, type PrivateRedis } from '../support/redis-server.js';

// Every Redis user of both planes, on this test's own redis-server: killed, then started again (empty). Each user
// says once that its connection is lost and once that it is back, however many reconnect attempts happen between.
const DATA_PLANE_CLIENTS = ['data-plane-config', 'data-plane-authorizer-cache', 'data-plane-authorizer-flushes', 'data-plane-throttling'];
const CONTROL_PLANE_CLIENTS = ['control-plane-usage', 'control-plane-admin-rate-limit', 'control-plane-config-changes'];

describe('Redis killed and restarted under every Redis user of both planes', () => {
  let redis: PrivateRedis;
  let database: PostgresDatabase;
  let cp: ControlPlaneProcess | undefined;
  let dp: TestDataPlane | undefined;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    database = await createPostgresDatabase();
  });

  afterAll(async () => {
    await dp?.close();
    await cp?.stop();
    await redis?.stop();
    await database?.drop();
  });

  async function connectedNames(): Promise<string[]> {
    const probe = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await probe.connect();
      const list = (await probe.call('CLIENT', 'LIST')) as string;
      return [...list.matchAll(/name=portico-(\S+)/g)].map((m) => m[1]);
    } catch {
      return [];
    } finally {
      probe.disconnect();
    }
  }

  it('logs loss and recovery once per client', async () => {
    cp = await startControlPlaneProcess({ databaseUrl: database.url, redisUrl: redis.url });
    dp = await startTestDataPlane({
      source: { kind: 'control-plane', url: cp.url, token: CP_DATA_PLANE_TOKEN },
      redisUrl: redis.url,
      pollIntervalMs: 1000,
    });
    const everyone = [...DATA_PLANE_CLIENTS, ...CONTROL_PLANE_CLIENTS];
    await eventually(async () => {
      const names = await connectedNames();
      return everyone.every((n) => names.includes(n)) ? true : undefined;
    }, 'every client to connect', 30_000);

    const dpLines = (name: string, level: string) => (dp?.logs ?? []).filter((l) => l.level === level && l.fields?.redisClient === name);
    const cpLines = (text: string) => (cp?.process.output() ?? '').split('\n').filter((l) => l.includes(text)).length;

    await redis.stop();
    await eventually(async () => (DATA_PLANE_CLIENTS.every((n) => dpLines(n, 'warn').length > 0) ? true : undefined), 'data-plane loss lines', 30_000);
    await eventually(async () => (CONTROL_PLANE_CLIENTS.every((n) => cpLines(`Redis connection lost (${n})`) > 0) ? true : undefined), 'control-plane loss lines', 30_000);
    // Several reconnect attempts (100 ms … 1 s apart) fail meanwhile; none of them may log again.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await redis.start();

    await eventually(async () => (DATA_PLANE_CLIENTS.every((n) => dpLines(n, 'info').length > 0) ? true : undefined), 'data-plane recovery lines', 30_000);
    await eventually(async () => (CONTROL_PLANE_CLIENTS.every((n) => cpLines(`Redis connection restored (${n})`) > 0) ? true : undefined), 'control-plane recovery lines', 30_000);
    await eventually(async () => {
      const names = await connectedNames();
      return everyone.every((n) => names.includes(n)) ? true : undefined;
    }, 'every client to reconnect', 30_000);

    for (const name of DATA_PLANE_CLIENTS) {
      expect({ name, lost: dpLines(name, 'warn').length, restored: dpLines(name, 'info').length }).toEqual({ name, lost: 1, restored: 1 });
    }
    for (const name of CONTROL_PLANE_CLIENTS) {
      expect({ name, lost: cpLines(`Redis connection lost (${name})`), restored: cpLines(`Redis connection restored (${name})`) }).toEqual({ name, lost: 1, restored: 1 });
    }
    // The change-event subscriber keeps the wording operators know.
    expect(dp.logs.filter((l) => l.message === 'Redis unavailable; relying on polling until it is back')).toHaveLength(1);
    expect(dp.logs.filter((l) => l.message === 'Redis change events restored')).toHaveLength(1);
  });
});
