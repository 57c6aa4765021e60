import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { liftConfigDocument } from '@portico/contracts';
import { startBackend, type TestBackend } from './support/backends.js';
import { proxyDocument } from './support/config-documents.js';
import { CP_DATA_PLANE_TOKEN, startControlPlaneProcess, type ControlPlaneProcess } from './support/control-plane-process.js';
import { metricValue, startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { deployProxyApi } from './support/deploy-proxy-api.js';
import { createPostgresDatabase, type PostgresDatabase } from './support/postgres.js';
import { eventually } from './support/processes.js';

// Config documents of a schema version the data plane does not read (Kong hybrid mode's compatibility rule):
// from the file, the disk cache or the control plane, such a document is never half-applied; the last known
// good one keeps serving, the log says why, /health/ready reports it (and stays ready) and /metrics counts it.
const FUTURE = { schemaVersion: 3, revision: 'from-the-future', region: 'us-east-1', accountId: '000000000000', apis: {}, somethingNew: [1, 2, 3] };

interface Readiness {
  status: string;
  revision?: string;
  reason?: string;
  lastRejected?: { origin: string; reason: string; schemaVersion?: unknown; revision?: string; message: string; at: string };
}

async function readiness(dp: TestDataPlane): Promise<{ status: number; body: Readiness }> {
  const response = await fetch(`${dp.statusUrl}/health/ready`);
  return { status: response.status, body: (await response.json()) as Readiness };
}

async function metrics(dp: TestDataPlane): Promise<string> {
  return (await fetch(`${dp.statusUrl}/metrics`)).text();
}

describe('config document schema versions', () => {
  let dir: string;
  let backendA: TestBackend;
  let backendB: TestBackend;
  const dataPlanes: TestDataPlane[] = [];

  async function writeDocument(file: string, document: unknown): Promise<void> {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(`${file}.tmp`, JSON.stringify(document));
    await rename(`${file}.tmp`, file);
  }
  const invoke = async (dp: TestDataPlane, path: string, api = 'testapi001/test') =>
    (await (await fetch(`${dp.invokeUrl}/restapis/${api}/_user_request_/${path}`)).json()) as { backend?: string };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'portico-schema-versions-'));
    [backendA, backendB] = await Promise.all([startBackend('A'), startBackend('B')]);
  });
  afterAll(async () => {
    for (const dp of dataPlanes) await dp.close();
    await Promise.all([backendA?.close(), backendB?.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps serving its last known good when PORTICO_CONFIG_FILE turns into an unknown schema version, and reports it', async () => {
    const file = join(dir, 'standalone', 'config.json');
    // A v2 document in the file (what a v2 control plane serves, written by hand or by a tool).
    const good = { ...liftConfigDocument(proxyDocument({ backendUrl: backendA.url })), revision: 'v2-good' };
    await writeDocument(file, good);
    const dp = await startTestDataPlane({ source: { kind: 'file', path: file }, pollIntervalMs: 100 });
    dataPlanes.push(dp);
    expect(await invoke(dp, 'before')).toEqual({ backend: 'A', path: '/before' });
    expect(await readiness(dp)).toEqual({ status: 200, body: { status: 'ready', revision: 'v2-good' } });

    await writeDocument(file, FUTURE);
    await eventually(async () => (metricValue(await metrics(dp), 'portico_config_load_failures_total', { origin: 'file', reason: 'schema-version' }) === 1 ? true : undefined), 'the refusal to be counted');
    // Nothing of it was applied: same revision, same backend.
    expect(dp.dataPlane.revision()).toBe('v2-good');
    expect(await invoke(dp, 'during')).toEqual({ backend: 'A', path: '/during' });
    const ready = await readiness(dp);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'ready',
      revision: 'v2-good',
      lastRejected: { origin: 'file', reason: 'schema-version', schemaVersion: 3, revision: 'from-the-future', message: expect.stringContaining('schema version 3 is not one this data plane reads (2, 1)') },
    });
    const text = await metrics(dp);
    expect(metricValue(text, 'portico_config_serving_last_known_good')).toBe(1);
    expect(metricValue(text, 'portico_config_rejected_schema_version')).toBe(3);
    expect(metricValue(text, 'portico_config_revision_info', { revision: 'v2-good' })).toBe(1);
    const logged = dp.logs.find((l) => l.level === 'error' && l.fields?.['schemaVersion'] === 3);
    expect(logged).toMatchObject({ message: 'config document rejected; the current one keeps serving', fields: { origin: 'file', servingRevision: 'v2-good' } });

    // A v1 document (what data planes before v2 were given) is still read, and clears the report.
    const v1 = proxyDocument({ backendUrl: backendB.url });
    await writeDocument(file, v1);
    await eventually(async () => (dp.dataPlane.revision() === v1.revision ? true : undefined), 'the v1 document');
    expect(await invoke(dp, 'after')).toEqual({ backend: 'B', path: '/after' });
    expect(await readiness(dp)).toEqual({ status: 200, body: { status: 'ready', revision: v1.revision } });
    expect(metricValue(await metrics(dp), 'portico_config_serving_last_known_good')).toBe(0);
  });

  it('refuses to start from a PORTICO_CONFIG_FILE of an unknown schema version, naming it', async () => {
    const file = join(dir, 'future', 'config.json');
    await writeDocument(file, FUTURE);
    await expect(startTestDataPlane({ source: { kind: 'file', path: file } })).rejects.toThrow(/PORTICO_CONFIG_FILE .*config\.json: config document schema version 3 is not one this data plane reads/);
  });

  describe('with a control plane', () => {
    let database: PostgresDatabase;
    let cp: ControlPlaneProcess | undefined;

    beforeAll(async () => {
      database = await createPostgresDatabase();
      cp = await startControlPlaneProcess({ databaseUrl: database.url });
    });
    afterAll(async () => {
      await cp?.stop();
      await database?.drop();
    });

    it('fetches v2 from the control plane and caches it; a cache of an unknown schema version is not served', async () => {
      const cachePath = join(dir, 'cache', 'config.json');
      const api = await deployProxyApi(cp!.client, 'schema-v2', backendA.url);
      const dp = await startTestDataPlane({ source: { kind: 'control-plane', url: cp!.url, token: CP_DATA_PLANE_TOKEN }, pollIntervalMs: 200, configCachePath: cachePath });
      dataPlanes.push(dp);
      expect(await invoke(dp, 'v2', `${api.restApiId}/${api.stageName}`)).toEqual({ backend: 'A', path: '/v2' });
      const cached = await eventually(async () => {
        const text = await readFile(cachePath, 'utf8').catch(() => undefined);
        return text && (JSON.parse(text) as { revision: string }).revision === dp.dataPlane.revision() ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      }, 'the cache file');
      expect(cached).toMatchObject({ schemaVersion: 2, apis: { [api.restApiId]: { protocolType: 'REST', stages: [{ stageName: api.stageName }] } } });
      await dp.close();
      dataPlanes.pop();

      // The control plane is gone and the cache holds a document this build cannot read: nothing is served, and
      // readiness says why.
      const port = cp!.port;
      await cp!.stop('SIGKILL');
      cp = undefined;
      await writeDocument(cachePath, FUTURE);
      const stranded = await startTestDataPlane({ source: { kind: 'control-plane', url: `http://127.0.0.1:${port}`, token: CP_DATA_PLANE_TOKEN }, pollIntervalMs: 200, configCachePath: cachePath });
      dataPlanes.push(stranded);
      const ready = await readiness(stranded);
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: 'not-ready', lastRejected: { origin: 'cache', reason: 'schema-version', schemaVersion: 3 } });
      const text = await metrics(stranded);
      expect(metricValue(text, 'portico_config_load_failures_total', { origin: 'cache', reason: 'schema-version' })).toBe(1);
      expect(metricValue(text, 'portico_config_rejected_schema_version')).toBe(3);
      expect(metricValue(text, 'portico_config_serving_last_known_good')).toBe(0);
    });
  });
});
