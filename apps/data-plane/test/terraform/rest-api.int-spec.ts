// Terraform without drift: a realistic REST API module (every integration type, authorizers, gateway responses,
// deployment triggers, stage variables and method settings, API key on a usage plan, resource policy, custom domain,
// IAM user with an access key) applied by the real terraform binary and the real AWS provider (5.100, from the
// local mirror) against the real control plane; invoked through a data plane that follows it; planned clean;
// changed; destroyed with nothing left, as the AWS SDK sees it.
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { GetApiKeysCommand, GetDomainNamesCommand, GetRestApisCommand, GetUsagePlansCommand } from '@aws-sdk/client-api-gateway';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { startBackend, type TestBackend } from '../support/backends.js';
import { CP_ACCESS_KEY_ID, CP_DATA_PLANE_TOKEN, CP_SECRET_ACCESS_KEY, startControlPlaneProcess, testRedisUrl, type ControlPlaneProcess } from '../support/control-plane-process.js';
import { startTestDataPlane, type TestDataPlane } from '../support/data-plane-harness.js';
import { createPostgresDatabase, type PostgresDatabase } from '../support/postgres.js';
import { eventually, workspaceRoot } from '../support/processes.js';
import { createTerraformWorkspace, describeWithTerraform, explain, type TerraformWorkspace } from '@portico/testing-terraform';

const DOMAIN = 'api.terraform.example';
// One Terraform command starts the provider (a large binary) and makes dozens of calls: on a loaded 2-core
// machine a step takes minutes. A bound on a hang, not a timing assertion.
const STEP_TIMEOUT_MS = 15 * 60_000;

interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

describeWithTerraform('Terraform (AWS provider 5.100): a REST API module', (tools) => {
  let database: PostgresDatabase;
  let cp: ControlPlaneProcess;
  let dp: TestDataPlane;
  let backend: TestBackend;
  let tf: TerraformWorkspace;
  let cacheDir: string;
  let vars: Record<string, string>;
  let outputs: Record<string, string>;

  const invoke = async (path: string, init: RequestInit = {}): Promise<Answer> => {
    const res = await fetch(`${dp.invokeUrl}${path}`, init);
    return { status: res.status, headers: res.headers, body: await res.text() };
  };
  /** A GET with its own Host header (fetch does not let a caller set one), as a client of a custom domain sends it. */
  const invokeHost = (host: string, path: string): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const url = new URL(dp.invokeUrl);
      const req = httpRequest({ host: url.hostname, port: url.port, path, headers: { host } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
          resolve({ status: res.statusCode ?? 0, headers, body });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  const stagePath = (rest: string) => `/restapis/${outputs.rest_api_id}/${outputs.stage_name}/_user_request_/${rest}`;

  beforeAll(async () => {
    backend = await startBackend('tf');
    database = await createPostgresDatabase();
    cp = await startControlPlaneProcess({ databaseUrl: database.url, redisUrl: testRedisUrl() });
    cacheDir = await mkdtemp(join(tmpdir(), 'portico-tf-dp-'));
    dp = await startTestDataPlane({
      source: { kind: 'control-plane', url: cp.url, token: CP_DATA_PLANE_TOKEN },
      redisUrl: testRedisUrl(),
      pollIntervalMs: 1000,
      configCachePath: join(cacheDir, 'config.json'),
      functionsDir: join(workspaceRoot, 'examples', 'functions'),
    });
    tf = await createTerraformWorkspace(tools, join(import.meta.dirname, 'modules', 'rest-api'));
    await tf.init();
    vars = { endpoint: cp.url, access_key: CP_ACCESS_KEY_ID, secret_key: CP_SECRET_ACCESS_KEY, backend_url: backend.url, name: 'tf-rest', domain_name: DOMAIN };
  }, STEP_TIMEOUT_MS);

  afterAll(async () => {
    await dp?.close();
    await cp?.stop();
    await database?.drop();
    await backend?.close();
    await tf?.remove();
    if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
  }, STEP_TIMEOUT_MS);

  it('applies', async () => {
    const applied = await tf.apply(vars);
    expect(applied.code === 0 ? '' : explain(applied)).toBe('');
    outputs = await tf.output();
    expect(outputs.rest_api_id).toMatch(/^[a-z0-9]{10}$/);
  }, STEP_TIMEOUT_MS);

  it('serves what it applied through a data plane: MOCK, HTTP_PROXY with an API key, HTTP, AWS_PROXY, AWS, AWS_IAM, custom domain', async () => {
    const mock = await eventually(async () => {
      const r = await invoke(stagePath('mock'));
      return r.status === 200 ? r : undefined;
    }, 'the deployment to serve', 30_000);
    expect(JSON.parse(mock.body)).toEqual({ greeting: 'hello', stage: 'blue' });
    expect(mock.headers.get('x-greeting')).toBe('hello');

    const apiKey = (await tf.run(['output', '-raw', 'api_key_value'])).stdout;
    expect(apiKey.length).toBeGreaterThanOrEqual(20);
    // The usage plan key reaches the data plane with the plan (the same config change).
    const proxied = await eventually(async () => {
      const r = await invoke(stagePath('proxy/pets/7?q=1'), { headers: { 'x-api-key': apiKey } });
      return r.status === 200 ? r : undefined;
    }, 'the API key to be accepted', 30_000);
    expect(JSON.parse(proxied.body)).toEqual({ backend: 'tf', path: '/pets/7?q=1' });
    const noKey = await invoke(stagePath('proxy/pets/7'));
    expect(noKey.status).toBe(403);
    expect(noKey.headers.get('x-portico-test')).toBe('terraform');
    expect(JSON.parse(noKey.body)).toEqual({ message: 'Forbidden', hint: 'send x-api-key' });

    const http = await invoke(stagePath('http'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(http.status).toBe(200);
    expect(JSON.parse(http.body)).toEqual({ backend: 'tf', path: '/http' });
    expect(backend.requests.at(-1)?.method).toBe('POST');

    const lambda = await invoke(stagePath('lambda?x=1'), { headers: { authorization: 'Bearer anything' } });
    expect(lambda.status).toBe(200);
    const event = (JSON.parse(lambda.body) as { event: { resource: string; requestContext: { authorizer: { principalId: string } } } }).event;
    expect(event.resource).toBe('/lambda');
    expect(event.requestContext.authorizer.principalId).toBe('user-allow');
    expect((await invoke(stagePath('lambda'))).status).toBe(401);

    const greet = await invoke(stagePath('greet'), { method: 'POST', headers: { 'content-type': 'application/json', 'x-tenant': 'acme' }, body: '{"name":"tf"}' });
    expect(greet.status).toBe(200);
    expect(JSON.parse(greet.body)).toEqual({ greeting: 'Hello, tf!', name: 'tf' });
    expect((await invoke(stagePath('greet'), { method: 'POST', headers: { 'x-tenant': 'other' }, body: '{}' })).status).toBe(401);

    const signed = await signedInvoke(stagePath('iam'), outputs.invoker_access_key_id, (await tf.run(['output', '-raw', 'invoker_secret_access_key'])).stdout);
    expect(signed.status).toBe(200);
    expect((await invoke(stagePath('iam'))).status).toBe(403);

    const viaDomain = await invokeHost(DOMAIN, '/v1/mock');
    expect(viaDomain.status).toBe(200);
    expect(JSON.parse(viaDomain.body)).toEqual({ greeting: 'hello', stage: 'blue' });
  }, STEP_TIMEOUT_MS);

  it('plans clean after apply (no drift)', async () => {
    const plan = await tf.plan(vars);
    expect(plan.code === 0 ? '' : explain(plan)).toBe('');
  }, STEP_TIMEOUT_MS);

  it('applies a change, redeploys through the triggers, and plans clean again', async () => {
    const changed = { ...vars, greeting: 'bonjour' };
    const applied = await tf.apply(changed);
    expect(applied.code === 0 ? '' : explain(applied)).toBe('');
    const mock = await eventually(async () => {
      const r = await invoke(stagePath('mock'));
      return r.status === 200 && r.body.includes('bonjour') ? r : undefined;
    }, 'the new deployment to serve', 30_000);
    expect(mock.headers.get('x-greeting')).toBe('bonjour');
    const plan = await tf.plan(changed);
    expect(plan.code === 0 ? '' : explain(plan)).toBe('');
  }, STEP_TIMEOUT_MS);

  it('destroys everything it made', async () => {
    const destroyed = await tf.destroy({ ...vars, greeting: 'bonjour' });
    expect(destroyed.code === 0 ? '' : explain(destroyed)).toBe('');
    expect((await cp.client.send(new GetRestApisCommand({}))).items ?? []).toEqual([]);
    expect((await cp.client.send(new GetApiKeysCommand({}))).items ?? []).toEqual([]);
    expect((await cp.client.send(new GetUsagePlansCommand({}))).items ?? []).toEqual([]);
    expect((await cp.client.send(new GetDomainNamesCommand({}))).items ?? []).toEqual([]);
    const iam = new IAMClient({ endpoint: cp.url, region: 'us-east-1', credentials: { accessKeyId: CP_ACCESS_KEY_ID, secretAccessKey: CP_SECRET_ACCESS_KEY }, maxAttempts: 1 });
    try {
      expect((await iam.send(new ListUsersCommand({}))).Users ?? []).toEqual([]);
    } finally {
      iam.destroy();
    }
    const state = await tf.run(['state', 'list']);
    expect(state.stdout.trim()).toBe('');
  }, STEP_TIMEOUT_MS);

  /** A GET signed for execute-api with the IAM user's key, as an SDK would sign it. */
  async function signedInvoke(path: string, accessKeyId: string, secretAccessKey: string): Promise<Answer> {
    const url = new URL(`${dp.invokeUrl}${path}`);
    const signer = new SignatureV4({ credentials: { accessKeyId, secretAccessKey }, region: 'us-east-1', service: 'execute-api', sha256: Sha256 });
    const signed = await signer.sign(new HttpRequest({ method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, headers: { host: url.host } }));
    const { host: _host, ...headers } = signed.headers as Record<string, string>;
    const res = await fetch(url, { headers });
    return { status: res.status, headers: res.headers, body: await res.text() };
  }
});
