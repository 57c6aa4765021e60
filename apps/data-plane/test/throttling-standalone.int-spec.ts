import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { mockRoute } from './support/pipeline-fixtures.js';
import { eventually } from './support/processes.js';
import { keyedRoute, randomAccountId, usageDocument } from './support/usage-plan-documents.js';

// Standalone mode (no Redis): the same semantics from in-process buckets — the account bucket, quotas, and the
// key identity in $context.
const API = 'standapi01';
const KEY = { id: 'standkey01', value: 'standalone-key-value-0123456789' };

let dir: string;
let dp: TestDataPlane;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'portico-throttling-standalone-'));
  const file = join(dir, 'config.json');
  const document = usageDocument({
    accountId: randomAccountId(),
    apis: [
      {
        apiId: API,
        resources: { '/open': { GET: mockRoute('open') }, '/keyed': { GET: keyedRoute('keyed') } },
        stages: [{ stageName: 'test', accessLogFormat: '{"key":"$context.identity.apiKeyId","status":"$context.status"}' }],
      },
    ],
    keys: [KEY],
    plans: [{ id: 'standplan', keyIds: [KEY.id], quota: { limit: 5, offset: 2, period: 'MONTH' }, apiStages: [{ apiId: API, stage: 'test' }] }],
    account: { burstLimit: 6, rateLimit: 0.01 },
  });
  await writeFile(file, JSON.stringify(document));
  dp = await startTestDataPlane({ source: { kind: 'file', path: file } });
});

afterAll(async () => {
  await dp?.close();
  await rm(dir, { recursive: true, force: true });
});

async function call(path: string, key?: string): Promise<number> {
  const res = await fetch(`${dp.invokeUrl}/restapis/${API}/test/_user_request_${path}`, { headers: key ? { 'x-api-key': key } : {} });
  await res.arrayBuffer();
  return res.status;
}

describe('standalone throttling', () => {
  it('takes a quota with its first-period offset (5 − 2 = 3 this month) and logs the key id', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push(await call('/keyed', KEY.value));
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const line = await eventually(async () => dp.accessLog.find((l) => l.includes(KEY.id)), 'an access-log line with the key id');
    expect(JSON.parse(line)).toEqual({ key: KEY.id, status: '200' });
  });

  it('applies the account bucket (burst 6) to every method, keyed or not; quota denials took no token', async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push(await call('/open'));
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
  });
});
