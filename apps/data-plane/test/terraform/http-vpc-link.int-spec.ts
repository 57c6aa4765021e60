// Terraform's aws_apigatewayv2_vpc_link and a private aws_apigatewayv2_integration through it (AWS provider 5.100,
// from the local mirror) against the real control plane: applied (the provider waits for the link to be
// AVAILABLE), invoked through a data plane over the link's two real backends, planned clean, re-targeted by
// changing the portico:targets tag (TagResource) and applied again, destroyed with nothing left.
import { join } from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { ApiGatewayV2Client, GetApisCommand, GetVpcLinkCommand, GetVpcLinksCommand } from '@aws-sdk/client-apigatewayv2';
import { startBackend, type TestBackend } from '../support/backends.js';
import { CP_ACCESS_KEY_ID, CP_DATA_PLANE_TOKEN, CP_SECRET_ACCESS_KEY, startControlPlaneProcess, testRedisUrl, type ControlPlaneProcess } from '../support/control-plane-process.js';
import { startTestDataPlane, type TestDataPlane } from '../support/data-plane-harness.js';
import { invoke } from '../support/http-api-documents.js';
import { createPostgresDatabase, type PostgresDatabase } from '../support/postgres.js';
import { eventually } from '../support/processes.js';
import { createTerraformWorkspace, describeWithTerraform, explain, type TerraformWorkspace } from '@portico/testing-terraform';

// A bound on a hang on a loaded machine, not a timing assertion.
const STEP_TIMEOUT_MS = 15 * 60_000;

describeWithTerraform('Terraform (AWS provider 5.100): an HTTP API private integration through a v2 VPC link', (tools) => {
  let database: PostgresDatabase;
  let cp: ControlPlaneProcess;
  let dp: TestDataPlane;
  let a: TestBackend;
  let b: TestBackend;
  let tf: TerraformWorkspace;
  let client: ApiGatewayV2Client;
  let cacheDir: string;
  let vars: Record<string, string>;
  let outputs: Record<string, string>;

  const hostPort = (backend: TestBackend) => backend.url.replace('http://', '');
  const backendOf = async (path: string): Promise<string> => {
    const answer = await invoke(Number(new URL(dp.invokeUrl).port), outputs.api_id, 'GET', path);
    return answer.status === 200 ? answer.json<{ backend: string }>().backend : `status ${answer.status}`;
  };

  beforeAll(async () => {
    [a, b] = await Promise.all([startBackend('a'), startBackend('b')]);
    database = await createPostgresDatabase();
    cp = await startControlPlaneProcess({ databaseUrl: database.url, redisUrl: testRedisUrl() });
    cacheDir = await mkdtemp(join(tmpdir(), 'portico-tf-v2-vpclink-'));
    dp = await startTestDataPlane({
      source: { kind: 'control-plane', url: cp.url, token: CP_DATA_PLANE_TOKEN },
      redisUrl: testRedisUrl(),
      pollIntervalMs: 1000,
      configCachePath: join(cacheDir, 'config.json'),
    });
    client = new ApiGatewayV2Client({ endpoint: cp.url, region: 'us-east-1', credentials: { accessKeyId: CP_ACCESS_KEY_ID, secretAccessKey: CP_SECRET_ACCESS_KEY }, maxAttempts: 1 });
    tf = await createTerraformWorkspace(tools, join(import.meta.dirname, 'modules', 'http-vpc-link'));
    await tf.init();
    vars = { endpoint: cp.url, access_key: CP_ACCESS_KEY_ID, secret_key: CP_SECRET_ACCESS_KEY, targets: `${hostPort(a)},${hostPort(b)}` };
  }, STEP_TIMEOUT_MS);

  afterAll(async () => {
    client?.destroy();
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
    expect(outputs.vpc_link_arn).toBe(`arn:aws:apigateway:us-east-1::/vpclinks/${outputs.vpc_link_id}`);
    const link = await client.send(new GetVpcLinkCommand({ VpcLinkId: outputs.vpc_link_id }));
    expect(link).toMatchObject({ Name: 'orders', VpcLinkStatus: 'AVAILABLE', VpcLinkVersion: 'V2', SecurityGroupIds: ['sg-0123abcd'] });
    // subnet_ids is a set in the provider: sent in no particular order.
    expect([...(link.SubnetIds ?? [])].sort()).toEqual(['subnet-0a1b2c3d', 'subnet-4e5f6a7b']);
  }, STEP_TIMEOUT_MS);

  it('serves the private integration over both targets', async () => {
    await eventually(async () => ((await backendOf('/orders/1')).startsWith('status') ? undefined : true), 'the auto-deployed stage to serve', 60_000);
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) seen.add(await backendOf(`/orders/${i}`));
    expect(seen).toEqual(new Set(['a', 'b']));
    expect(b.requests.at(-1)?.url).toMatch(/^\/orders\/\d$/);
  }, STEP_TIMEOUT_MS);

  it('plans clean after apply (no drift)', async () => {
    const plan = await tf.plan(vars);
    expect(plan.code === 0 ? '' : explain(plan)).toBe('');
  }, STEP_TIMEOUT_MS);

  it('re-targets the link when its portico:targets tag changes, and plans clean again', async () => {
    const changed = { ...vars, targets: hostPort(a) };
    const applied = await tf.apply(changed);
    expect(applied.code === 0 ? '' : explain(applied)).toBe('');
    await eventually(async () => {
      for (let i = 0; i < 4; i++) if ((await backendOf('/orders/x')) !== 'a') return undefined;
      return true;
    }, 'every request answered by a', 60_000);
    const plan = await tf.plan(changed);
    expect(plan.code === 0 ? '' : explain(plan)).toBe('');
  }, STEP_TIMEOUT_MS);

  it('destroys everything it made', async () => {
    const destroyed = await tf.destroy(vars);
    expect(destroyed.code === 0 ? '' : explain(destroyed)).toBe('');
    expect((await client.send(new GetVpcLinksCommand({}))).Items ?? []).toEqual([]);
    expect((await client.send(new GetApisCommand({}))).Items ?? []).toEqual([]);
    expect((await tf.run(['state', 'list'])).stdout.trim()).toBe('');
  }, STEP_TIMEOUT_MS);
});
