import { randomInt } from 'node:crypto';
import { Cluster } from 'ioredis';
import { AUTHORIZER_CACHE_KEY_PREFIX, CONFIG_CHANGED_CHANNEL } from '@portico/contracts';
import { DEFAULT_THROTTLE_KEY_PREFIX, ThrottleKeys } from '@portico/engine-throttling';
import { redisSettings } from '@portico/redis';
import { RedisThrottleBackend, ReplicaRegistry, RunSeeder, scanKeys, UsageCounters } from '@portico/throttling-redis';
import { RedisDecisionStore } from '../src/authorizers/redis-decision-store.js';
import { ConfigChangeSubscriber } from '../src/config-loader/config-change-subscriber.js';
import type { Logger } from '../src/logger.js';
import { eventually } from './support/processes.js';
import { startPrivateRedisCluster, type PrivateRedisCluster } from './support/redis-server.js';

// Portico's Redis users against a real Redis Cluster of three masters started here: the throttling and quota
// scripts (take, refund, usage, the run protocol's seed) touch keys of one hash tag (`{portico:accountId}`), so each
// script runs on one node whatever the key count; SCAN-based users (usage flush) walk every master; config events
// cross nodes through cluster pub/sub.
describe('Redis Cluster (three masters)', () => {
  let cluster: PrivateRedisCluster;
  let client: Cluster;

  beforeAll(async () => {
    cluster = await startPrivateRedisCluster();
    client = new Cluster([{ host: '127.0.0.1', port: cluster.ports[0] }], { redisOptions: { commandTimeout: 2000 } });
    await new Promise<void>((resolve) => client.once('ready', () => resolve()));
  }, 300_000);

  afterAll(async () => {
    await client?.quit().catch(() => client.disconnect());
    await cluster?.stop();
  });

  /** The master port serving a key's slot (CLUSTER KEYSLOT, then CLUSTER SLOTS). */
  async function masterOf(key: string): Promise<number> {
    const slot = (await client.cluster('KEYSLOT', key)) as number;
    const ranges = await client.cluster('SLOTS');
    const range = ranges.find(([from, to]) => slot >= from && slot <= to);
    if (!range) throw new Error(`no master serves slot ${slot}`);
    return range[2][1];
  }

  /** Accounts whose key tags land on three different masters, so a test covers every node. */
  async function accountsOnEveryMaster(): Promise<string[]> {
    const byMaster = new Map<number, string>();
    while (byMaster.size < 3) {
      const accountId = String(randomInt(100_000_000_000, 999_999_999_999));
      const master = await masterOf(new ThrottleKeys(DEFAULT_THROTTLE_KEY_PREFIX, accountId).tag);
      if (!byMaster.has(master)) byMaster.set(master, accountId);
    }
    return [...byMaster.values()];
  }

  /** The account's backend and counters, its Redis run seeded (nothing to carry), as a control plane does. */
  async function seededAccount(accountId: string): Promise<{ keys: ThrottleKeys; backend: RedisThrottleBackend; counters: UsageCounters }> {
    const keys = new ThrottleKeys(DEFAULT_THROTTLE_KEY_PREFIX, accountId);
    const counters = new UsageCounters(client, keys.tag);
    const backend = new RedisThrottleBackend(client, keys.run(), { id: `replica-${accountId}`, knownReplicas: () => [] });
    const seeder = new RunSeeder(client, counters, { ttlSeconds: 60, minWaitMs: 0, maxWaitMs: 60_000 });
    await backend.take([], undefined, undefined, 0, false);
    await eventually(async () => ((await seeder.check(async () => [], async () => undefined)).ready ? true : undefined), 'the run seeded');
    return { keys, backend, counters };
  }

  it('runs the take, refund and usage scripts over buckets, quota and usage of one account in one slot, on every master', async () => {
    for (const accountId of await accountsOnEveryMaster()) {
      const { keys, backend, counters } = await seededAccount(accountId);
      const buckets = [
        { key: keys.planKeyMethod('plan1', 'key1', 'api1', 'prod', '/pets/GET'), capacity: 2, rate: 0.001 },
        { key: keys.stage('api1', 'prod'), capacity: 10, rate: 0.001 },
        { key: keys.account(), capacity: 100, rate: 0.001 },
      ];
      const quota = { key: counters.key('q', 'plan1', 'key1', '2026-12-01'), limit: 5, ttlSeconds: 60 };
      const usage = { key: counters.key('u', 'plan1', 'key1', '2026-12-01'), ttlSeconds: 60 };
      const slots = new Set(await Promise.all([...buckets.map((b) => b.key), quota.key, usage.key, keys.run()].map((k) => client.cluster('KEYSLOT', k))));
      expect(slots.size).toBe(1);

      const first = await backend.take(buckets, quota, usage, 1, true);
      expect(first).toMatchObject({ granted: 1, quotaRemaining: 4, runReady: true });
      expect(await backend.take(buckets, quota, usage, 5, true)).toMatchObject({ granted: 1, quotaRemaining: 3 });
      // The narrow bucket is empty: nothing is granted and nothing counted, in any of the keys.
      expect(await backend.take(buckets, quota, usage, 1, true)).toMatchObject({ granted: 0, denied: 'throttled', quotaRemaining: 3 });
      expect(await counters.get('u', 'plan1', 'key1', '2026-12-01')).toBe(2);
      await backend.refund(buckets.slice(1), quota, usage, 1, first.quotaGeneration, first.run as string);
      expect(await counters.get('q', 'plan1', 'key1', '2026-12-01')).toBe(1);
      // The lease path's usage update: counters and run key, one slot.
      expect(await backend.addUsage(quota, usage, 3, first.run as string)).toBe(true);
      expect(await counters.get('q', 'plan1', 'key1', '2026-12-01')).toBe(4);
    }
  });

  it('grants exactly the bucket under concurrency across the cluster client', async () => {
    const { keys, backend } = await seededAccount(String(randomInt(100_000_000_000, 999_999_999_999)));
    const bucket = { key: keys.stage('api2', 'prod'), capacity: 20, rate: 0.001 };
    const results = await Promise.all(Array.from({ length: 50 }, () => backend.take([bucket], undefined, undefined, 3, true)));
    expect(results.reduce((sum, r) => sum + r.granted, 0)).toBe(20);
  });

  it("finds each account's usage counters on whichever master holds them (the control plane's flush)", async () => {
    for (const accountId of await accountsOnEveryMaster()) {
      const { counters } = await seededAccount(accountId);
      await counters.set('u', 'plan9', 'key9', '2026-12-01', 7, 60);
      await counters.set('q', 'plan9', 'key9', '2026-12-01', 3, 60);
      expect((await counters.keys()).sort()).toEqual([counters.key('q', 'plan9', 'key9', '2026-12-01'), counters.key('u', 'plan9', 'key9', '2026-12-01')]);
      expect((await counters.snapshot()).map(({ kind, used }) => ({ kind, used })).sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
        { kind: 'q', used: 3 },
        { kind: 'u', used: 7 },
      ]);
    }
  });

  it('counts data-plane replicas in one registry key', async () => {
    const keys = new ThrottleKeys(DEFAULT_THROTTLE_KEY_PREFIX, String(randomInt(100_000_000_000, 999_999_999_999)));
    const registries = [new ReplicaRegistry(client, keys.replicas()), new ReplicaRegistry(client, keys.replicas())];
    for (const registry of registries) registry.start();
    try {
      await eventually(async () => (registries.every((r) => r.replicas() === 2) ? true : undefined), 'both replicas counted');
    } finally {
      await Promise.all(registries.map((r) => r.stop()));
    }
  });

  it('shares authorizer results through the cluster (PORTICO_REDIS_CLUSTER) and flushes a stage on every master', async () => {
    const log = { warn: () => undefined, info: () => undefined };
    const settings = redisSettings({ REDIS_URL: `redis://127.0.0.1:${cluster.ports[0]}`, PORTICO_REDIS_CLUSTER: true });
    const writer = RedisDecisionStore.connect(settings, log);
    const reader = RedisDecisionStore.connect({ ...settings, url: `redis://127.0.0.1:${cluster.ports[2]}` }, log);
    const api = `a${randomInt(1e9)}`;
    try {
      // Request-path clients fail fast until connected (a miss, a skipped write): wait until both answer. A loaded
      // machine can take a while to get a fresh cluster client its slot map; this bounds a hang, not a speed.
      const probe = `${AUTHORIZER_CACHE_KEY_PREFIX}${api}:probe`;
      await eventually(async () => {
        await writer.set(probe, 'ready', 60);
        return (await reader.get(probe)) === 'ready' ? true : undefined;
      }, 'both cluster clients connected', 90_000);
      // One key per identity: they hash to different slots, so the entries spread over the masters.
      const keys = Array.from({ length: 30 }, (_, i) => `${AUTHORIZER_CACHE_KEY_PREFIX}${api}:prod:identity-${i}`);
      for (const key of keys) await writer.set(key, `{"allow":"${key}"}`, 60);
      expect(new Set(await Promise.all(keys.map((key) => masterOf(key)))).size).toBe(3);
      for (const key of keys) expect(await reader.get(key)).toBe(`{"allow":"${key}"}`);
      // FlushStageAuthorizersCache's walk: every master scanned, keys deleted one by one (no CROSSSLOT DEL).
      let found = 0;
      await scanKeys(client, `${AUTHORIZER_CACHE_KEY_PREFIX}${api}:prod:*`, async (batch) => {
        found += batch.length;
        await Promise.all(batch.map((key) => client.del(key)));
      });
      expect(found).toBe(30);
      for (const key of keys) expect(await reader.get(key)).toBeUndefined();
    } finally {
      await writer.close();
      await reader.close();
    }
  });

  it('delivers config change events published through one node to a data plane subscribed on another', async () => {
    const logs: string[] = [];
    const log: Logger = { log: (_level, message) => void logs.push(message) };
    const revisions: string[] = [];
    let ready = 0;
    // Each data plane subscribes on the node REDIS_URL names; cluster PUBLISH reaches every node's subscribers.
    const subscribers = cluster.ports.map(
      (port) =>
        new ConfigChangeSubscriber(
          redisSettings({ REDIS_URL: `redis://127.0.0.1:${port}` }),
          log,
          (revision) => revisions.push(`${port}:${revision}`),
          () => void ready++,
        ),
    );
    for (const subscriber of subscribers) subscriber.start();
    try {
      await eventually(async () => (ready === 3 ? true : undefined), 'three subscribers');
      // Subscribed once ready; publish until every node's subscriber has seen the revision.
      const revision = `sha256:${randomInt(1e9)}`;
      await eventually(async () => {
        await client.publish(CONFIG_CHANGED_CHANNEL, revision);
        return cluster.ports.every((port) => revisions.includes(`${port}:${revision}`)) ? true : undefined;
      }, 'the event on every node');
    } finally {
      await Promise.all(subscribers.map((s) => s.stop()));
    }
    expect(logs).not.toContain('Redis subscribe failed');
  });
});
