import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  DeleteRestApiCommand,
  DeleteStageCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateIntegrationCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import {
  CONFIG_CHANGED_CHANNEL,
  configAcceptHeader,
  configDocumentSchema,
  configDocumentV2Schema,
  contentHash,
  restConfigDocument,
  type ConfigDocument,
  type ConfigDocumentV2,
  type RestApiConfig,
} from '@portico/contracts';
import type { Database } from '@portico/db';
import { DATABASE } from '../src/common/tokens.js';
import { ConfigDocumentService } from '../src/platform/config-distribution/config-document.service.js';
import { Redis } from 'ioredis';
import { createMockApi, startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const TOKEN = 'portico-test-data-plane-token';

let cp: TestControlPlane;
let subscriber: Redis;
const revisions: string[] = [];
const waiters: Array<(revision: string) => void> = [];

beforeAll(async () => {
  cp = await startTestControlPlane({ redisUrl: REDIS_URL, dataPlaneToken: TOKEN });
  subscriber = new Redis(REDIS_URL);
  await subscriber.subscribe(CONFIG_CHANGED_CHANNEL);
  subscriber.on('message', (_channel: string, revision: string) => {
    revisions.push(revision);
    waiters.splice(0).forEach((resolve) => resolve(revision));
  });
});
afterAll(async () => {
  await subscriber?.quit();
  await cp?.close();
});

/** The next revision published on the channel (other test files share the channel, so callers match on content). */
function publishedRevision(matches: (revision: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching revision was published')), 10_000);
    const check = (revision: string) => {
      if (matches(revision)) {
        clearTimeout(timer);
        resolve(revision);
      } else {
        waiters.push(check);
      }
    };
    const seen = revisions.find(matches);
    if (seen) check(seen);
    else waiters.push(check);
  });
}

async function fetchConfig(headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) {
  return fetch(`${cp.url}/internal/config`, { headers });
}

async function currentConfig(): Promise<ConfigDocument> {
  const response = await fetchConfig();
  expect(response.status).toBe(200);
  return configDocumentSchema.parse(await response.json());
}

/** The v2 document, as a data plane of this build asks for it. */
async function currentConfigV2(): Promise<{ document: ConfigDocumentV2; etag: string | null }> {
  const response = await fetchConfig({ authorization: `Bearer ${TOKEN}`, accept: configAcceptHeader() });
  expect(response.status).toBe(200);
  return { document: configDocumentV2Schema.parse(await response.json()), etag: response.headers.get('etag') };
}

/** The count of config document builds, from the control plane's /metrics. */
async function documentBuilds(): Promise<number> {
  const text = await (await fetch(`${cp.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('portico_config_document_build_seconds_count '));
  return Number(line?.split(' ').pop() ?? 0);
}

describe('/internal/config', () => {
  it('requires the data-plane token, outside SigV4', async () => {
    expect((await fetchConfig({})).status).toBe(403);
    expect((await fetchConfig({ authorization: 'Bearer wrong-token-wrong-token' })).status).toBe(403);
    expect((await fetchConfig({ authorization: TOKEN })).status).toBe(403);
    const denied = await fetchConfig({});
    expect(denied.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
    expect((await fetchConfig()).status).toBe(200);
  });

  it('serves a valid document whose ETag is its revision, and 304 when unchanged', async () => {
    const response = await fetchConfig();
    const document = configDocumentSchema.parse(await response.json());
    const { revision, ...rest } = document;
    expect(revision).toBe(contentHash(rest));
    expect(response.headers.get('etag')).toBe(`"${revision}"`);
    expect(document).toMatchObject({ schemaVersion: 1, region: 'us-east-1', accountId: '000000000000' });

    const notModified = await fetchConfig({ authorization: `Bearer ${TOKEN}`, 'if-none-match': `"${revision}"` });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');
    expect(notModified.headers.get('etag')).toBe(`"${revision}"`);
    const stale = await fetchConfig({ authorization: `Bearer ${TOKEN}`, 'if-none-match': '"sha256:old"' });
    expect(stale.status).toBe(200);
  });

  it('publishes the new revision on Redis after a deployment with a stage, and serves it', async () => {
    const { apiId } = await createMockApi(cp.client, 'published');
    const before = (await currentConfig()).revision;
    const deployment = await cp.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod', variables: { v: '1' } }));
    const document = await currentConfig();
    expect(document.revision).not.toBe(before);
    // Change events carry the stored revision: the v2 document's revision and ETag.
    const stored = (await currentConfigV2()).document.revision;
    const revision = await publishedRevision((r) => r === stored);
    expect(revision).toBe(stored);
    const stage = document.stages.find((s) => s.restApiId === apiId && s.stageName === 'prod');
    expect(stage).toMatchObject({ deploymentId: deployment.id, variables: { v: '1' }, methodSettings: {}, tracingEnabled: false });
    expect(document.deployments[deployment.id!]).toMatchObject({ restApiId: apiId, deploymentId: deployment.id });

    await cp.client.send(
      new UpdateStageCommand({ restApiId: apiId, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/*/*/throttling/burstLimit', value: '7' }] }),
    );
    const patched = await currentConfig();
    const patchedRevision = (await currentConfigV2()).document.revision;
    await publishedRevision((r) => r === patchedRevision);
    expect(patched.stages.find((s) => s.restApiId === apiId)!.methodSettings['*/*']!.throttlingBurstLimit).toBe(7);

    await cp.client.send(new DeleteStageCommand({ restApiId: apiId, stageName: 'prod' }));
    const afterDelete = await currentConfig();
    const afterDeleteRevision = (await currentConfigV2()).document.revision;
    await publishedRevision((r) => r === afterDeleteRevision);
    expect(afterDelete.stages.some((s) => s.restApiId === apiId)).toBe(false);
    expect(afterDelete.deployments[deployment.id!]).toBeUndefined();
  });

  it('keeps a deployed snapshot unchanged when the API is edited, until the next deployment', async () => {
    const { apiId, rootId } = await createMockApi(cp.client, 'immutable');
    await cp.client.send(
      new PutMethodCommand({ restApiId: apiId, resourceId: rootId, httpMethod: 'POST', authorizationType: 'NONE' }),
    );
    await cp.client.send(
      new PutIntegrationCommand({
        restApiId: apiId,
        resourceId: rootId,
        httpMethod: 'POST',
        type: 'HTTP_PROXY',
        integrationHttpMethod: 'POST',
        uri: 'http://127.0.0.1:9/v1',
      }),
    );
    const first = await cp.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'live' }));
    const deployed = (await currentConfig()).deployments[first.id!]!;

    await cp.client.send(
      new UpdateIntegrationCommand({
        restApiId: apiId,
        resourceId: rootId,
        httpMethod: 'POST',
        patchOperations: [{ op: 'replace', path: '/uri', value: 'http://127.0.0.1:9/v2' }],
      }),
    );
    await cp.client.send(new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: 'added' }));
    const unchanged = await currentConfig();
    expect(unchanged.deployments[first.id!]).toEqual(deployed);
    expect(unchanged.stages.find((s) => s.restApiId === apiId)!.deploymentId).toBe(first.id);
    const post = deployed.resources.find((r) => r.path === '/')!.resourceMethods['POST']!;
    expect(post.methodIntegration.uri).toBe('http://127.0.0.1:9/v1');

    const second = await cp.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'live' }));
    const redeployed = await currentConfig();
    expect(redeployed.stages.find((s) => s.restApiId === apiId)!.deploymentId).toBe(second.id);
    const snapshot = redeployed.deployments[second.id!]!;
    expect(snapshot.resources.find((r) => r.path === '/')!.resourceMethods['POST']!.methodIntegration.uri).toBe('http://127.0.0.1:9/v2');
    expect(snapshot.resources.map((r) => r.path)).toContain('/added');
    expect(redeployed.deployments[first.id!]).toBeUndefined();
  });

  it('drops the stages of a deleted API and announces it', async () => {
    const { apiId } = await createMockApi(cp.client, 'deleted');
    await cp.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'gone' }));
    expect((await currentConfig()).stages.some((s) => s.restApiId === apiId)).toBe(true);
    await cp.client.send(new DeleteRestApiCommand({ restApiId: apiId }));
    const after = await currentConfig();
    expect(after.stages.some((s) => s.restApiId === apiId)).toBe(false);
    const afterRevision = (await currentConfigV2()).document.revision;
    await publishedRevision((r) => r === afterRevision);
  });
});

describe('schema versions and the stored revision', () => {
  it('serves v2 to a data plane that asks for it: APIs by id with their protocolType, the same stages and snapshots as v1', async () => {
    const { apiId } = await createMockApi(cp.client, 'versioned');
    const deployment = await cp.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'v2', variables: { k: 'v' } }));
    const response = await fetchConfig({ authorization: `Bearer ${TOKEN}`, accept: configAcceptHeader() });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/vnd\.portico\.config\+json; version="?2"?(;|$)/);
    expect(response.headers.get('vary')).toMatch(/accept/i);
    const document = configDocumentV2Schema.parse(await response.json());
    expect(response.headers.get('etag')).toBe(`"${document.revision}"`);
    expect(document.schemaVersion).toBe(2);
    expect(document.apis[apiId]).toMatchObject({ protocolType: 'REST', stages: [{ stageName: 'v2', deploymentId: deployment.id, variables: { k: 'v' } }] });
    expect((document.apis[apiId] as RestApiConfig).deployments[deployment.id!]).toMatchObject({ restApiId: apiId, deploymentId: deployment.id });
    // The v1 rendering of the same inputs is what an old data plane gets (no Accept, or application/json).
    const v1 = await currentConfig();
    const { revision: _v1, ...v1Rest } = v1;
    const { revision: _v2, ...fromV2 } = restConfigDocument(document, '');
    expect(fromV2).toEqual(v1Rest);
    const json = await fetchConfig({ authorization: `Bearer ${TOKEN}`, accept: 'application/json' });
    expect(configDocumentSchema.parse(await json.json()).revision).toBe(v1.revision);
    // Only v1 named: v1.
    const onlyV1 = await fetchConfig({ authorization: `Bearer ${TOKEN}`, accept: configAcceptHeader([1]) });
    expect(configDocumentSchema.parse(await onlyV1.json()).schemaVersion).toBe(1);
  });

  it('answers 406 with the versions it serves when none is in common', async () => {
    const response = await fetchConfig({ authorization: `Bearer ${TOKEN}`, accept: 'application/vnd.portico.config+json; version=99' });
    expect(response.status).toBe(406);
    const body = (await response.json()) as { message: string; supportedSchemaVersions: number[] };
    expect(body.supportedSchemaVersions).toEqual([2, 1]);
    expect(body.message).toContain('versions 2, 1');
    expect(body.message).toContain('accepts 99');
  });

  it('answers a v2 poll with a matching ETag from the stored revision, without building the document', async () => {
    const { etag } = await currentConfigV2();
    const builds = await documentBuilds();
    for (let i = 0; i < 5; i++) {
      const poll = await fetchConfig({ authorization: `Bearer ${TOKEN}`, accept: configAcceptHeader(), 'if-none-match': etag! });
      expect(poll.status).toBe(304);
      expect(poll.headers.get('etag')).toBe(etag);
    }
    expect(await documentBuilds()).toBe(builds);
    // A fresh replica (nothing built in its process) answers the same poll the same way: the revision is stored.
    const replica = await startTestControlPlane({ databaseUrl: cp.config.databaseUrl, dataPlaneToken: TOKEN });
    try {
      const poll = await fetch(`${replica.url}/internal/config`, { headers: { authorization: `Bearer ${TOKEN}`, accept: configAcceptHeader(), 'if-none-match': etag! } });
      expect(poll.status).toBe(304);
      const text = await (await fetch(`${replica.url}/metrics`)).text();
      expect(text).not.toMatch(/^portico_config_document_build_seconds_count [1-9]/m);
    } finally {
      await replica.close();
    }
  });

  it('publishes the stored revision of a change without building the document, and the next fetch builds it once', async () => {
    const { apiId } = await createMockApi(cp.client, 'unbuilt');
    await currentConfigV2();
    const builds = await documentBuilds();
    await cp.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'event' }));
    const stored = await cp.app.get(ConfigDocumentService).revision();
    expect(await publishedRevision((r) => r === stored)).toBe(stored);
    expect(await documentBuilds()).toBe(builds);
    const { document, etag } = await currentConfigV2();
    expect(document.revision).toBe(stored);
    expect(etag).toBe(`"${stored}"`);
    expect((document.apis[apiId] as RestApiConfig).stages.map((s) => s.stageName)).toEqual(['event']);
    expect(await documentBuilds()).toBe(builds + 1);
  });

  it('prunes ConfigChange to its newest row', async () => {
    const db = cp.app.get<typeof DATABASE, Database>(DATABASE);
    await createMockApi(cp.client, 'pruned');
    const count = async () => Number((await db.prisma.$queryRawUnsafe<{ n: bigint }[]>('SELECT count(*) AS n FROM "ConfigChange"'))[0]!.n);
    expect(await count()).toBeGreaterThan(1);
    const before = await cp.app.get(ConfigDocumentService).revision();
    await cp.app.get(ConfigDocumentService).pruneConfigChanges();
    expect(await count()).toBe(1);
    // Pruning is not a change of the document's inputs.
    expect(await cp.app.get(ConfigDocumentService).revision()).toBe(before);
  });
});

describe('without Redis', () => {
  it('still serves admin writes when Redis is unreachable (data planes poll)', async () => {
    const isolated = await startTestControlPlane({ redisUrl: 'redis://127.0.0.1:1' });
    try {
      const { apiId } = await createMockApi(isolated.client, 'no-redis');
      const deployment = await isolated.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }));
      expect(deployment.$metadata.httpStatusCode).toBe(201);
      const response = await fetch(`${isolated.url}/internal/config`, { headers: { authorization: `Bearer ${isolated.config.dataPlaneToken}` } });
      const document = configDocumentSchema.parse(await response.json());
      expect(document.stages.map((s) => s.stageName)).toEqual(['prod']);
    } finally {
      await isolated.close();
    }
  });
});

describe('health', () => {
  it('is live and ready without a signature', async () => {
    const live = await fetch(`${cp.url}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${cp.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', database: { reachable: true, migrationsApplied: true } });
  });

  it('is not ready when the database is gone, and stays live', async () => {
    const orphan = await startTestControlPlane();
    try {
      await orphan.database.drop();
      const ready = await fetch(`${orphan.url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'unavailable', database: { reachable: false } });
      expect((await fetch(`${orphan.url}/health/live`)).status).toBe(200);
    } finally {
      await orphan.close();
    }
  });
});
