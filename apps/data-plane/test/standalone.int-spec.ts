import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackend, type TestBackend } from './support/backends.js';
import { proxyDocument } from './support/config-documents.js';
import { metricValue, startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { eventually } from './support/processes.js';

// Standalone mode: the data plane serves a config document from a file — no control plane, no Redis — re-reads
// it when it changes, and keeps the previous document when the new one is bad.
describe('standalone data plane (PORTICO_CONFIG_FILE)', () => {
  let dir: string;
  let backendA: TestBackend;
  let backendB: TestBackend;
  let dp: TestDataPlane;
  let file: string;

  // Atomic replace, as an editor or a config-management tool writes.
  async function writeDocument(content: string): Promise<void> {
    await writeFile(`${file}.tmp`, content);
    await rename(`${file}.tmp`, file);
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'portico-standalone-'));
    file = join(dir, 'config.json');
    [backendA, backendB] = await Promise.all([startBackend('A'), startBackend('B')]);
    await writeDocument(
      JSON.stringify(
        proxyDocument({
          backendUrl: backendA.url,
          accessLogFormat: '{"requestId":"$context.requestId","method":"$context.httpMethod","status":"$context.status","caller":"$context.identity.caller"}',
        }),
      ),
    );
    dp = await startTestDataPlane({ source: { kind: 'file', path: file }, pollIntervalMs: 100 });
  });

  afterAll(async () => {
    await dp?.close();
    await Promise.all([backendA?.close(), backendB?.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  it('is ready and serves the file through both URL forms', async () => {
    const ready = await fetch(`${dp.statusUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', revision: expect.stringMatching(/^sha256:/) });
    expect((await fetch(`${dp.statusUrl}/health/live`)).status).toBe(200);

    const byPath = await fetch(`${dp.invokeUrl}/restapis/testapi001/test/_user_request_/pets/7?x=1`);
    expect(byPath.status).toBe(200);
    expect(await byPath.json()).toEqual({ backend: 'A', path: '/pets/7?x=1' });
  });

  it('writes one JSON access-log line per request with $context substituted and unset values as -', async () => {
    const before = dp.accessLog.length;
    await (await fetch(`${dp.invokeUrl}/restapis/testapi001/test/_user_request_/logged`)).text();
    const line = await eventually(async () => dp.accessLog[before], 'an access-log line');
    const entry = JSON.parse(line) as Record<string, string>;
    expect(entry).toEqual({ requestId: expect.any(String), method: 'GET', status: '200', caller: '-' });
    expect(entry.requestId).not.toBe('-');
  });

  it('exposes AWS metric names per API and stage on /metrics', async () => {
    await (await fetch(`${dp.invokeUrl}/restapis/testapi001/test/_user_request_/counted`)).text();
    // The root resource has no method: a gateway response, counted as a 4XX of the stage.
    const missing = await fetch(`${dp.invokeUrl}/restapis/testapi001/test/_user_request_/`, { method: 'POST' });
    expect(missing.status).toBe(403);
    await missing.text();
    const res = await fetch(`${dp.statusUrl}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    const labels = { api_id: 'testapi001', api_name: 'api-testapi001', stage: 'test' };
    expect(metricValue(text, 'apigateway_Count', labels)).toBeGreaterThanOrEqual(3);
    expect(metricValue(text, 'apigateway_4XXError', labels)).toBeGreaterThanOrEqual(1);
    expect(metricValue(text, 'apigateway_5XXError', labels)).toBe(0);
    expect(metricValue(text, 'apigateway_Latency_count', labels)).toBeGreaterThanOrEqual(3);
    expect(metricValue(text, 'apigateway_IntegrationLatency_count', labels)).toBeGreaterThanOrEqual(2);
    expect(metricValue(text, 'portico_config_revision_info', { revision: dp.dataPlane.revision() ?? '' })).toBe(1);
    expect(metricValue(text, 'portico_config_loads_total', { origin: 'file' })).toBe(1);
  });

  it('rejects a bad document, counts it, and keeps serving the previous one', async () => {
    const revision = dp.dataPlane.revision();
    const broken = { ...proxyDocument({ backendUrl: backendB.url }), stages: [{ restApiId: 'testapi001' }] };
    await writeDocument(JSON.stringify(broken));
    await eventually(async () => {
      const text = await (await fetch(`${dp.statusUrl}/metrics`)).text();
      return metricValue(text, 'portico_config_load_failures_total', { origin: 'file', reason: 'invalid' }) === 1 ? true : undefined;
    }, 'the failure to be counted');
    expect(dp.dataPlane.revision()).toBe(revision);
    const res = await fetch(`${dp.invokeUrl}/restapis/testapi001/test/_user_request_/still`);
    expect(await res.json()).toEqual({ backend: 'A', path: '/still' });
    expect((await fetch(`${dp.statusUrl}/health/ready`)).status).toBe(200);

    await writeDocument('{ not json');
    await eventually(async () => {
      const text = await (await fetch(`${dp.statusUrl}/metrics`)).text();
      return metricValue(text, 'portico_config_load_failures_total', { origin: 'file', reason: 'read' }) === 1 ? true : undefined;
    }, 'the unreadable file to be counted');
    expect(dp.dataPlane.revision()).toBe(revision);
    expect(dp.logs.filter((l) => l.level === 'error').map((l) => l.message)).toEqual([
      'config document rejected; the current one keeps serving',
      'config file rejected; the current document keeps serving',
    ]);
  });

  it('swaps in a good document when the file changes', async () => {
    const next = proxyDocument({ backendUrl: backendB.url });
    await writeDocument(JSON.stringify(next));
    await eventually(async () => (dp.dataPlane.revision() === next.revision ? true : undefined), 'the new revision');
    const res = await fetch(`${dp.invokeUrl}/restapis/testapi001/test/_user_request_/moved`);
    expect(await res.json()).toEqual({ backend: 'B', path: '/moved' });
  });
});

describe('standalone data plane with an invalid file at start', () => {
  it('fails the start with a message naming the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'portico-standalone-bad-'));
    const file = join(dir, 'config.json');
    await writeFile(file, JSON.stringify({ schemaVersion: 1 }));
    try {
      await expect(startTestDataPlane({ source: { kind: 'file', path: file } })).rejects.toThrow(/PORTICO_CONFIG_FILE .*config\.json: invalid config document/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
