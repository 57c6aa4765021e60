import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { metricValue, startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { count, driveLoad } from './support/drive-load.js';
import { eventually } from './support/processes.js';
import { startPrivateRedis, type PrivateRedis } from './support/redis-server.js';
import { keyedRoute, randomAccountId, usageDocument } from './support/usage-plan-documents.js';

// Redis stopped in the middle of a load run (a private redis-server this file starts and stops): the data
// planes answer no 5xx, fall back to local buckets sized to their share, show it in /metrics, and go back to
// the shared buckets by themselves once Redis is back.
const run = promisify(execFile);
const API = 'outageapi1';
const KEY = { id: 'outagekey1', value: 'outage-key-value-0123456789' };

let dir: string;
let redis: PrivateRedis;
let replicas: TestDataPlane[];

beforeAll(async () => {
  redis = await startPrivateRedis();
  dir = await mkdtemp(join(tmpdir(), 'portico-throttling-outage-'));
  const file = join(dir, 'config.json');
  const document = usageDocument({
    accountId: randomAccountId(),
    apis: [{ apiId: API, resources: { '/keyed': { GET: keyedRoute('keyed') } } }],
    keys: [KEY],
    plans: [{ id: 'outageplan', keyIds: [KEY.id], throttle: { burstLimit: 20, rateLimit: 40 }, apiStages: [{ apiId: API, stage: 'test' }] }],
  });
  await writeFile(file, JSON.stringify(document));
  replicas = await Promise.all([1, 2].map(() => startTestDataPlane({ source: { kind: 'file', path: file }, redisUrl: redis.url, accountId: document.accountId })));
});

afterAll(async () => {
  await Promise.all((replicas ?? []).map((r) => r.close()));
  await redis?.stop();
  await rm(dir, { recursive: true, force: true });
});

function call(i: number): Promise<number> {
  return fetch(`${replicas[i % 2].invokeUrl}/restapis/${API}/test/_user_request_/keyed`, { headers: { 'x-api-key': KEY.value } }).then(async (r) => {
    await r.arrayBuffer();
    return r.status;
  });
}

async function metric(replica: TestDataPlane, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${replica.statusUrl}/metrics`)).text();
  return metricValue(text, name, labels) ?? 0;
}

async function fallbackDecisions(replica: TestDataPlane): Promise<number> {
  let total = 0;
  for (const outcome of ['allowed', 'throttled', 'quota-exceeded']) total += await metric(replica, 'portico_throttle_fallback_decisions_total', { outcome });
  return total;
}

describe('Redis outage during a load run', () => {
  it('answers no 5xx, applies the fallback share, shows it in /metrics, and resumes shared limiting', async () => {
    // 1. Shared: 100/s for 2 s against rate 40/s, burst 20.
    const shared = await driveLoad(200, 100, call);
    expect(shared.statuses.every((s) => s === 200 || s === 429)).toBe(true);
    // Decisions lie between the first send and the last answer (longer than 2 s on a loaded machine).
    expect(count(shared.statuses, 200)).toBeLessThanOrEqual(20 + (40 * (shared.lastAnsweredMs - shared.firstSentMs)) / 1000 + 1);
    expect(await metric(replicas[0], 'portico_throttle_fallback_active')).toBe(0);

    // 2. Redis stops; load goes on for 3 s. Each replica now holds half of every limit: burst 10, rate 20/s.
    await redis.stop();
    const outage = await driveLoad(300, 100, call);
    expect(outage.statuses.every((s) => s === 200 || s === 429)).toBe(true);
    const admitted = count(outage.statuses, 200);
    // The window the decisions were taken in: from the first send to the last answer, whatever the load.
    const seconds = (outage.lastAnsweredMs - outage.firstSentMs) / 1000;
    console.log(`Redis down ${seconds.toFixed(2)} s: admitted ${admitted} of ${outage.statuses.length}, fallback share bound ${(2 * (10 + 20 * seconds)).toFixed(0)}`);
    // Two replicas × (burst 10 + 20/s) — the limit still holds (plus tokens leased just before the outage).
    expect(admitted).toBeLessThanOrEqual(2 * (10 + 20 * seconds) + 20);
    expect(count(outage.statuses, 429)).toBeGreaterThan(0);
    for (const r of replicas) {
      expect(await metric(r, 'portico_throttle_fallback_total')).toBeGreaterThanOrEqual(1);
      expect(await metric(r, 'portico_throttle_fallback_active')).toBe(1);
      expect(await fallbackDecisions(r)).toBeGreaterThan(0);
      expect(r.logs.some((l) => l.level === 'warn' && l.message.startsWith('throttling falls back to local buckets'))).toBe(true);
    }

    // 3. Redis is back (empty: it kept nothing): each replica returns to the shared buckets by itself.
    await redis.start();
    let i = 0;
    await eventually(
      async () => {
        await call(i++);
        const active = await Promise.all(replicas.map((r) => metric(r, 'portico_throttle_fallback_active')));
        return active.every((a) => a === 0) ? true : undefined;
      },
      'both replicas back on shared buckets',
      20_000,
    );
    for (const r of replicas) expect(r.logs.some((l) => l.message === 'throttling is shared again (Redis reachable)')).toBe(true);
    const before = await Promise.all(replicas.map(fallbackDecisions));
    const resumed = await driveLoad(100, 100, call);
    expect(resumed.statuses.every((s) => s === 200 || s === 429)).toBe(true);
    expect(await Promise.all(replicas.map(fallbackDecisions))).toEqual(before);
    const { stdout } = await run('redis-cli', ['-p', String(redis.port), '--scan', '--pattern', '*:pk:outageplan:*']);
    expect(stdout.trim()).not.toBe('');
  }, 300_000);
});
