// Terraform's aws_api_gateway_vpc_link (AWS provider 5.100, from the local mirror) against the real control plane:
// a link for an NLB whose targets are two real backends (the portico:targets tag), integrations using it by id and
// through a stage variable; applied, invoked through a data plane, planned clean, destroyed with nothing left.
import { join } from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { GetRestApisCommand, GetVpcLinkCommand, GetVpcLinksCommand } from '@aws-sdk/client-api-gateway';
import { startBackend, type TestBackend } from '../support/backends.js';
import { CP_ACCESS_KEY_ID, CP_DATA_PLANE_TOKEN, CP_SECRET_ACCESS_KEY, startControlPlaneProcess, testRedisUrl, type ControlPlaneProcess } from '../support/control-plane-process.js';
import { startTestDataPlane, type TestDataPlane } from '../support/data-plane-harness.js';
import { createPostgresDatabase, type PostgresDatabase } from '../support/postgres.js';
import { eventually } from '../support/processes.js';
import { createTerraformWorkspace, describeWithTerraform, explain, type TerraformWorkspace } from '@portico/testing-terraform';

// A bound on a hang on a loaded machine, not a timing assertion.
const STEP_TIMEOUT_MS = 15 * 60_000;

describeWithTerraform('Terraform (AWS provider 5.100): a VPC link and integrations through it', (tools) => {
  let database: PostgresDatabase;
  let cp: ControlPlaneProcess;
  let dp: TestDataPlane;
  let a: TestBackend;
  let b: TestBackend;
  let tf: TerraformWorkspace;
  let cacheDir: string;
  let vars: Record<string, string>;
  let outputs: Record<string, string>;

  const invoke = async (path: string) => {
    const res = await fetch(`${dp.invokeUrl}/restapis/${outputs.rest_api_id}/prod/_user_request_/${path}`);
    return { status: res.status, body: await res.text() };
  };

  beforeAll(async () => {
    [a, b] = await Promise.all([startBackend('a'), startBackend('b')]);
    database = await createPostgresDatabase();
    cp = await startControlPlaneProcess({ databaseUrl: database.url, redisUrl: testRedisUrl() });
    cacheDir = await mkdtemp(join(tmpdir(), 'portico-tf-vpclink-'));
    dp = await startTestDataPlane({
      source: { kind: 'control-plane', url: cp.url, token: CP_DATA_PLANE_TOKEN },
      redisUrl: testRedisUrl(),
      pollIntervalMs: 1000,
      configCachePath: join(cacheDir, 'config.json'),
    });
    tf = await createTerraformWorkspace(tools, join(import.meta.dirname, 'modules', 'vpc-link'));
    await tf.init();
    const targets = [a, b].map((backend) => backend.url.replace('http://', '')).join(',');
    vars = { endpoint: cp.url, access_key: CP_ACCESS_KEY_ID, secret_key: CP_SECRET_ACCESS_KEY, targets };
  }, STEP_TIMEOUT_MS);

  afterAll(async () => {
    await dp?.close();
    await cp?.stop();
    await database?.drop();
    await Promise.all([a?.close(), b?.close()]);
    await tf?.remove();
    if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
  }, STEP_TIMEOUT_MS);

  it('applies (the provider waits for the link to be AVAILABLE)', async () => {
    const applied = await tf.apply(vars);
    expect(applied.code === 0 ? '' : explain(applied)).toBe('');
    outputs = await tf.output();
    expect(await cp.client.send(new GetVpcLinkCommand({ vpcLinkId: outputs.vpc_link_id }))).toMatchObject({ name: 'orders', status: 'AVAILABLE' });
  }, STEP_TIMEOUT_MS);

  it('serves both integrations through the link, over both targets', async () => {
    await eventually(async () => ((await invoke('orders')).status === 200 ? true : undefined), 'the deployment to serve', 30_000);
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const answer = await invoke(i % 2 === 0 ? 'orders' : 'staged');
      expect(answer.status).toBe(200);
      seen.add((JSON.parse(answer.body) as { backend: string }).backend);
    }
    expect(seen).toEqual(new Set(['a', 'b']));
    expect(b.requests.at(-1)?.headers.host).toBe('orders.internal');
  }, STEP_TIMEOUT_MS);

  it('plans clean after apply (no drift)', async () => {
    const plan = await tf.plan(vars);
    expect(plan.code === 0 ? '' : explain(plan)).toBe('');
  }, STEP_TIMEOUT_MS);

  it('destroys everything it made', async () => {
    const destroyed = await tf.destroy(vars);
    expect(destroyed.code === 0 ? '' : explain(destroyed)).toBe('');
    expect((await cp.client.send(new GetVpcLinksCommand({}))).items ?? []).toEqual([]);
    expect((await cp.client.send(new GetRestApisCommand({}))).items ?? []).toEqual([]);
    expect((await tf.run(['state', 'list'])).stdout.trim()).toBe('');
  }, STEP_TIMEOUT_MS);
});
