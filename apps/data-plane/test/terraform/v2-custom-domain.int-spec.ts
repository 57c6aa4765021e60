// Terraform's aws_apigatewayv2_domain_name and aws_apigatewayv2_api_mapping (AWS provider 5.100, from the local
// mirror) against the real control plane: a REGIONAL domain with a multi-level mapping to an HTTP API's $default
// stage; applied, invoked by Host through a data plane with the mapping key removed, planned clean, destroyed with
// nothing left (as both the REST and the apigatewayv2 SDKs see it).
import { request } from 'node:http';
import { join } from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { GetDomainNamesCommand as GetRestDomainNamesCommand } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, GetApiMappingsCommand, GetApisCommand, GetDomainNamesCommand } from '@aws-sdk/client-apigatewayv2';
import { startBackend, type TestBackend } from '../support/backends.js';
import { CP_ACCESS_KEY_ID, CP_DATA_PLANE_TOKEN, CP_SECRET_ACCESS_KEY, startControlPlaneProcess, testRedisUrl, type ControlPlaneProcess } from '../support/control-plane-process.js';
import { startTestDataPlane, type TestDataPlane } from '../support/data-plane-harness.js';
import { createPostgresDatabase, type PostgresDatabase } from '../support/postgres.js';
import { eventually } from '../support/processes.js';
import { createTerraformWorkspace, describeWithTerraform, explain, type TerraformWorkspace } from '@portico/testing-terraform';

// A bound on a hang on a loaded machine, not a timing assertion.
const STEP_TIMEOUT_MS = 15 * 60_000;
const DOMAIN = 'shop.tf.example.test';

describeWithTerraform('Terraform (AWS provider 5.100): an apigatewayv2 custom domain and API mapping', (tools) => {
  let database: PostgresDatabase;
  let cp: ControlPlaneProcess;
  let client: ApiGatewayV2Client;
  let dp: TestDataPlane;
  let backend: TestBackend;
  let tf: TerraformWorkspace;
  let cacheDir: string;
  let vars: Record<string, string>;
  let outputs: Record<string, string>;

  const invoke = (path: string): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: new URL(dp.invokeUrl).port, path, headers: { host: DOMAIN } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });

  beforeAll(async () => {
    backend = await startBackend('shop');
    database = await createPostgresDatabase();
    cp = await startControlPlaneProcess({ databaseUrl: database.url, redisUrl: testRedisUrl() });
    client = new ApiGatewayV2Client({ endpoint: cp.url, region: 'us-east-1', credentials: { accessKeyId: CP_ACCESS_KEY_ID, secretAccessKey: CP_SECRET_ACCESS_KEY }, maxAttempts: 1 });
    cacheDir = await mkdtemp(join(tmpdir(), 'portico-tf-v2-domain-'));
    dp = await startTestDataPlane({ source: { kind: 'control-plane', url: cp.url, token: CP_DATA_PLANE_TOKEN }, redisUrl: testRedisUrl(), pollIntervalMs: 1000, configCachePath: join(cacheDir, 'config.json') });
    tf = await createTerraformWorkspace(tools, join(import.meta.dirname, 'modules', 'v2-custom-domain'));
    await tf.init();
    vars = { endpoint: cp.url, access_key: CP_ACCESS_KEY_ID, secret_key: CP_SECRET_ACCESS_KEY, backend_url: backend.url, domain_name: DOMAIN };
  }, STEP_TIMEOUT_MS);

  afterAll(async () => {
    client?.destroy();
    await dp?.close();
    await cp?.stop();
    await database?.drop();
    await backend?.close();
    await tf?.remove();
    if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
  }, STEP_TIMEOUT_MS);

  it('applies (the provider waits for the domain to be AVAILABLE)', async () => {
    const applied = await tf.apply(vars);
    expect(applied.code === 0 ? '' : explain(applied)).toBe('');
    outputs = await tf.output();
    expect(outputs.domain_arn).toBe(`arn:aws:apigateway:us-east-1::/domainnames/${DOMAIN}`);
    expect(outputs.target_domain_name).toMatch(/^d-[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$/);
    expect(outputs.hosted_zone_id).toBe('Z1UJRXOUMOOFQ8');
    const mappings = await client.send(new GetApiMappingsCommand({ DomainName: DOMAIN }));
    expect(mappings.Items).toEqual([expect.objectContaining({ ApiMappingId: outputs.api_mapping_id, ApiId: outputs.api_id, ApiMappingKey: 'shop/v1', Stage: '$default' })]);
  }, STEP_TIMEOUT_MS);

  it('serves the mapped HTTP API on the custom domain, the mapping key removed', async () => {
    const answer = await eventually(async () => {
      const r = await invoke('/shop/v1/items/42?x=1');
      return r.status === 200 ? r : undefined;
    }, 'the mapping to reach the data plane', 60_000);
    expect(JSON.parse(answer.body)).toEqual({ backend: 'shop', path: '/42?x=1' });
    expect((await invoke('/items/42')).status).toBe(403);
  }, STEP_TIMEOUT_MS);

  it('plans clean after apply (no drift)', async () => {
    const plan = await tf.plan(vars);
    expect(plan.code === 0 ? '' : explain(plan)).toBe('');
  }, STEP_TIMEOUT_MS);

  it('destroys everything it made', async () => {
    const destroyed = await tf.destroy(vars);
    expect(destroyed.code === 0 ? '' : explain(destroyed)).toBe('');
    expect((await client.send(new GetDomainNamesCommand({}))).Items ?? []).toEqual([]);
    expect((await cp.client.send(new GetRestDomainNamesCommand({}))).items ?? []).toEqual([]);
    expect((await client.send(new GetApisCommand({}))).Items ?? []).toEqual([]);
    expect((await tf.run(['state', 'list'])).stdout.trim()).toBe('');
  }, STEP_TIMEOUT_MS);
});
