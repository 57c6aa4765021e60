import { createHash, createHmac } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  CreateApiKeyCommand,
  CreateDeploymentCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  DeleteUsagePlanCommand,
  DeleteUsagePlanKeyCommand,
  GetUsagePlanCommand,
  GetUsagePlanKeyCommand,
  GetUsagePlanKeysCommand,
  GetUsagePlansCommand,
  NotFoundException,
  UpdateUsagePlanCommand,
} from '@aws-sdk/client-api-gateway';
import { configDocumentSchema } from '@portico/contracts';
import { createMockApi, errorOf, startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';

let cp: TestControlPlane;
let apiId: string;

beforeAll(async () => {
  cp = await startTestControlPlane();
  ({ apiId } = await createMockApi(cp.client, 'plans', { apiKeyRequired: true }));
  await cp.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }));
  await cp.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev' }));
});
afterAll(async () => {
  await cp?.close();
});

describe('usage plans through @aws-sdk/client-api-gateway', () => {
  it('creates a plan with throttle, quota and API stages with per-method throttles, and gets it back', async () => {
    const plan = await cp.client.send(
      new CreateUsagePlanCommand({
        name: 'gold',
        description: 'the gold plan',
        throttle: { burstLimit: 100, rateLimit: 200.5 },
        quota: { limit: 5000, offset: 10, period: 'MONTH' },
        apiStages: [{ apiId, stage: 'prod', throttle: { '//GET': { burstLimit: 1, rateLimit: 1 } } }],
      }),
    );
    expect(plan.$metadata.httpStatusCode).toBe(201);
    expect(plan.id).toMatch(/^[a-z0-9]{6}$/);
    const got = await cp.client.send(new GetUsagePlanCommand({ usagePlanId: plan.id! }));
    expect(got).toMatchObject({
      name: 'gold',
      description: 'the gold plan',
      throttle: { burstLimit: 100, rateLimit: 200.5 },
      quota: { limit: 5000, offset: 10, period: 'MONTH' },
      apiStages: [{ apiId, stage: 'prod', throttle: { '//GET': { burstLimit: 1, rateLimit: 1 } } }],
    });
  });

  it('validates: name required, quota period enum, unknown API stage (404 with AWS text)', async () => {
    const noName = await errorOf(cp.client.send(new CreateUsagePlanCommand({} as never)));
    expect(noName.name).toBe('ValidationException');
    const period = await errorOf(cp.client.send(new CreateUsagePlanCommand({ name: 'p', quota: { limit: 1, period: 'YEAR' as never } })));
    expect(period.name).toBe('ValidationException');
    const stage = await errorOf(cp.client.send(new CreateUsagePlanCommand({ name: 'p', apiStages: [{ apiId, stage: 'nope' }] })));
    expect(stage).toBeInstanceOf(NotFoundException);
    expect(stage.message).toMatch(new RegExp(`^Invalid API Stage \\{api: ${apiId}, stage: nope\\} specified for usageplan [a-z0-9]{6}$`));
  });

  it('updates through PATCH paths of §1.4: names, throttle, quota, apiStages and per-method throttles', async () => {
    const plan = await cp.client.send(new CreateUsagePlanCommand({ name: 'silver' }));
    const updated = await cp.client.send(
      new UpdateUsagePlanCommand({
        usagePlanId: plan.id!,
        patchOperations: [
          { op: 'replace', path: '/name', value: 'silver-2' },
          { op: 'replace', path: '/throttle/rateLimit', value: '10' },
          { op: 'replace', path: '/throttle/burstLimit', value: '20' },
          { op: 'replace', path: '/quota/limit', value: '300' },
          { op: 'replace', path: '/quota/period', value: 'WEEK' },
          { op: 'add', path: '/apiStages', value: `${apiId}:dev` },
          { op: 'replace', path: `/apiStages/${apiId}:dev/throttle/~1/GET/rateLimit`, value: '2' },
          { op: 'replace', path: `/apiStages/${apiId}:dev/throttle/~1/GET/burstLimit`, value: '3' },
        ],
      }),
    );
    expect(updated).toMatchObject({
      name: 'silver-2',
      throttle: { rateLimit: 10, burstLimit: 20 },
      quota: { limit: 300, offset: 0, period: 'WEEK' },
      apiStages: [{ apiId, stage: 'dev', throttle: { '//GET': { rateLimit: 2, burstLimit: 3 } } }],
    });
    const removed = await cp.client.send(
      new UpdateUsagePlanCommand({ usagePlanId: plan.id!, patchOperations: [{ op: 'remove', path: '/apiStages', value: `${apiId}:dev` }] }),
    );
    expect(removed.apiStages).toEqual([]);
    const unknown = await errorOf(
      cp.client.send(new UpdateUsagePlanCommand({ usagePlanId: plan.id!, patchOperations: [{ op: 'add', path: '/apiStages', value: `${apiId}:nope` }] })),
    );
    expect(unknown).toBeInstanceOf(NotFoundException);
    const bad = await errorOf(
      cp.client.send(new UpdateUsagePlanCommand({ usagePlanId: plan.id!, patchOperations: [{ op: 'add', path: '/apiStages', value: 'no-colon' }] })),
    );
    expect(bad).toBeInstanceOf(BadRequestException);
    expect(bad.message).toBe('Invalid API Stage specified');
  });

  it('adds keys (201), lists them with a name prefix, and refuses a key in two plans of one API stage (409)', async () => {
    const a = await cp.client.send(new CreateUsagePlanCommand({ name: 'a', apiStages: [{ apiId, stage: 'prod' }] }));
    const b = await cp.client.send(new CreateUsagePlanCommand({ name: 'b', apiStages: [{ apiId, stage: 'prod' }] }));
    const key = await cp.client.send(new CreateApiKeyCommand({ name: 'member-1', enabled: true }));
    const other = await cp.client.send(new CreateApiKeyCommand({ name: 'other', enabled: true }));
    const added = await cp.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: a.id!, keyId: key.id!, keyType: 'API_KEY' }));
    expect(added.$metadata.httpStatusCode).toBe(201);
    expect(added).toMatchObject({ id: key.id, type: 'API_KEY', value: key.value, name: 'member-1' });
    await cp.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: a.id!, keyId: other.id!, keyType: 'API_KEY' }));
    const listed = await cp.client.send(new GetUsagePlanKeysCommand({ usagePlanId: a.id!, nameQuery: 'member' }));
    expect(listed.items?.map((k) => k.id)).toEqual([key.id]);
    const conflict = await errorOf(cp.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: b.id!, keyId: key.id!, keyType: 'API_KEY' })));
    expect(conflict).toBeInstanceOf(ConflictException);
    const plansOfKey = await cp.client.send(new GetUsagePlansCommand({ keyId: key.id! }));
    expect(plansOfKey.items?.map((p) => p.id)).toEqual([a.id]);
    expect((await cp.client.send(new GetUsagePlanKeyCommand({ usagePlanId: a.id!, keyId: key.id! }))).name).toBe('member-1');
    const deleted = await cp.client.send(new DeleteUsagePlanKeyCommand({ usagePlanId: a.id!, keyId: key.id! }));
    expect(deleted.$metadata.httpStatusCode).toBe(202);
    const gone = await errorOf(cp.client.send(new GetUsagePlanKeyCommand({ usagePlanId: a.id!, keyId: key.id! })));
    expect(gone).toBeInstanceOf(NotFoundException);
  });

  it('sends data planes key hashes, never key values, with the plans', async () => {
    const key = await cp.client.send(new CreateApiKeyCommand({ name: 'hashed', enabled: true, value: 'a-secret-key-value-0123456789' }));
    const plan = await cp.client.send(new CreateUsagePlanCommand({ name: 'doc', quota: { limit: 10, period: 'DAY' }, apiStages: [{ apiId, stage: 'dev' }] }));
    await cp.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: 'API_KEY' }));
    const res = await fetch(`${cp.url}/internal/config`, { headers: { authorization: `Bearer ${cp.config.dataPlaneToken}` } });
    const text = await res.text();
    expect(text).not.toContain('a-secret-key-value-0123456789');
    const doc = configDocumentSchema.parse(JSON.parse(text));
    // Keyed hashes: HMAC-SHA256 under the document's key, which a plain SHA-256 of the value does not match.
    const hashKey = Buffer.from(doc.apiKeyHashKey ?? '', 'base64url');
    expect(hashKey).toHaveLength(32);
    const valueHash = createHmac('sha256', hashKey).update('a-secret-key-value-0123456789').digest('hex');
    expect(doc.apiKeys).toContainEqual({ id: key.id, valueHash, enabled: true });
    expect(text).not.toContain(createHash('sha256').update('a-secret-key-value-0123456789').digest('hex'));
    expect(doc.usagePlans.find((p) => p.id === plan.id)).toMatchObject({ quota: { limit: 10, offset: 0, period: 'DAY' }, keyIds: [key.id] });
    expect(doc.account.throttleSettings).toEqual({ burstLimit: 5000, rateLimit: 10000 });
  });

  it('deletes a plan (202); then 404 with AWS text', async () => {
    const plan = await cp.client.send(new CreateUsagePlanCommand({ name: 'gone' }));
    expect((await cp.client.send(new DeleteUsagePlanCommand({ usagePlanId: plan.id! }))).$metadata.httpStatusCode).toBe(202);
    const missing = await errorOf(cp.client.send(new GetUsagePlanCommand({ usagePlanId: plan.id! })));
    expect(missing).toBeInstanceOf(NotFoundException);
    expect(missing.message).toBe('Invalid Usage Plan ID specified');
  });
});
