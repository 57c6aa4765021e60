// The web console end to end in a real browser: playwright-core driving Debian's Chromium headless against a
// control plane (in this process, serving the built console under /console) and a data plane (its built entry, as
// production runs it), both on the test PostgreSQL and Redis. Sign in, create a REST API with a MOCK method,
// deploy, invoke it, create a key and a usage plan, send traffic, see the usage and traffic charts move; test a
// Lambda authorizer (the example functions, run as the other specs run them); import an OpenAPI document, edit a
// method request, a request validator and a gateway response, deploy and invoke; quick-create an HTTP API and invoke;
// test a method (TestInvokeMethod and its log); set a stage's canary, cache and method settings and promote the
// canary; create a WebSocket API with a two-way route, deploy it and talk to it; create and delete a VPC link.
// PORTICO_CONSOLE_SCREENSHOTS=<dir> also writes the main pages' screenshots there (docs/console in the repo).
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { redisSettings } from '@portico/redis';
import { chromium, type Browser, type Page } from 'playwright-core';
import WebSocket from 'ws';
import { startTestControlPlane, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, type TestControlPlane } from './support/test-control-plane.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));
const dataPlaneEntry = join(workspaceRoot, 'apps', 'data-plane', 'dist', 'main.js');
const functionsDir = join(workspaceRoot, 'examples', 'functions');
const consoleBuilt = existsSync(join(workspaceRoot, 'apps', 'console', 'dist', 'index.html'));
const screenshots = process.env.PORTICO_CONSOLE_SCREENSHOTS;

// Without Debian's Chromium (CI installs it best-effort) the browser suite cannot run: say so rather than fail.
const canRun = existsSync(CHROMIUM) && consoleBuilt && existsSync(dataPlaneEntry);
if (!canRun) console.warn(`console e2e skipped: needs ${CHROMIUM}, apps/console/dist and apps/data-plane/dist (npm run build)`);
const describeInBrowser = canRun ? describe : describe.skip;

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `console-e2e-${randomUUID().slice(0, 8)}:`;
const dataPlaneToken = 'portico-console-e2e-data-plane-token';

let cp: TestControlPlane;
let dp: ChildProcess;
let dpUrl: string;
let dpStatusUrl: string;
let browser: Browser;
let page: Page;
let cacheDir: string;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function shot(name: string): Promise<void> {
  if (!screenshots) return;
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`) });
}

/** Picks an option of a Mantine Select by its label. */
async function choose(label: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** An HTTP API is chosen by the Host header, which fetch does not let a caller set: node:http does. */
async function invokeHttpApi(apiId: string, path: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(dpUrl);
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET', headers: { host: `${apiId}.execute-api.localhost` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const lambdaUri = (name: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:${name}/invocations`;

const importedDocument = JSON.stringify(
  {
    openapi: '3.0.1',
    info: { title: 'imported-greetings', version: '1.0' },
    paths: {
      '/greeting': {
        get: {
          responses: { '200': { description: 'a greeting' } },
          'x-amazon-apigateway-integration': {
            type: 'mock',
            requestTemplates: { 'application/json': '{"statusCode": 200}' },
            responses: { default: { statusCode: '200', responseTemplates: { 'application/json': '{"greeting": "$input.params(\'name\')"}' } } },
          },
        },
      },
    },
    // Not a gateway response type: the importer warns and ignores it (or refuses the document, failonwarnings).
    'x-amazon-apigateway-gateway-responses': { NOT_A_TYPE: { statusCode: 418 } },
  },
  null,
  2,
);

async function sessionToken(): Promise<string> {
  return String(await page.evaluate('JSON.parse(sessionStorage.getItem("portico.console.session")).token'));
}

/** GET on the admin API with the console's own session, to check what a page wrote. */
async function adminGet<T>(path: string): Promise<T> {
  const token = await sessionToken();
  const response = await fetch(`${cp.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A WebSocket connection to a deployed stage (or undefined while the data plane does not serve it yet). */
function connectWebSocket(apiId: string, stage: string): Promise<WebSocket | undefined> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${dpUrl.replace('http:', 'ws:')}/${stage}`, { headers: { host: `${apiId}.execute-api.localhost` } });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', () => resolve(undefined));
    socket.once('error', () => resolve(undefined));
  });
}

async function chartTotal(testId: string): Promise<number> {
  const total = await page.getAttribute(`[data-testid="${testId}"]`, 'data-total', { timeout: 1000 });
  return Number(total ?? 0);
}

beforeAll(async () => {
  if (!canRun) return;
  cp = await startTestControlPlane({
    redisUrl,
    redis: redisSettings({ REDIS_URL: redisUrl, PORTICO_REDIS_KEY_PREFIX: prefix }),
    dataPlaneToken,
    usageFlushIntervalMs: 200,
    functionsDir,
  });
  const [invokePort, statusPort] = [await freePort(), await freePort()];
  cacheDir = mkdtempSync(join(tmpdir(), 'portico-console-e2e-'));
  dp = spawn(process.execPath, [dataPlaneEntry], {
    env: {
      PATH: process.env.PATH,
      PORTICO_CONTROL_PLANE_URL: cp.url,
      PORTICO_DATA_PLANE_TOKEN: dataPlaneToken,
      PORTICO_DATA_PLANE_PORT: String(invokePort),
      PORTICO_STATUS_PORT: String(statusPort),
      PORTICO_HOST: '127.0.0.1',
      REDIS_URL: redisUrl,
      PORTICO_REDIS_KEY_PREFIX: prefix,
      PORTICO_CONFIG_POLL_INTERVAL_MS: '500',
      PORTICO_CONFIG_CACHE: join(cacheDir, 'config.json'),
      PORTICO_LOG_LEVEL: 'warn',
      PORTICO_FUNCTIONS_DIR: functionsDir,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  dpUrl = `http://127.0.0.1:${invokePort}`;
  dpStatusUrl = `http://127.0.0.1:${statusPort}`;
  await eventually('the data plane', async () => ((await fetch(`${dpStatusUrl}/health/ready`)).ok ? true : undefined));
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  if (!canRun) return;
  await browser?.close();
  if (dp && dp.exitCode === null) {
    const exited = new Promise((resolve) => dp.once('exit', resolve));
    dp.kill('SIGTERM');
    await exited;
  }
  await cp?.close();
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
});

describeInBrowser('the console in Chromium', () => {
  let restApiId: string;

  it('serves the console with a content security policy, and the bootstrap admin signs in', async () => {
    const response = await page.goto(`${cp.url}/console/`);
    expect(response?.status()).toBe(200);
    if (screenshots) {
      // For the README: the first load of the sign-in page (navigation start to the load event), in ms.
      const firstLoadMs = await page.evaluate('Math.round(performance.getEntriesByType("navigation")[0].duration)');
      mkdirSync(screenshots, { recursive: true });
      writeFileSync(join(screenshots, 'first-load.json'), `${JSON.stringify({ firstLoadMs })}\n`);
    }
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByLabel('Access key ID').fill(TEST_ACCESS_KEY_ID);
    await page.getByLabel('Secret access key').fill('not-the-secret-at-all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // A wrong secret is shown with the AWS error text.
    await expect(page.getByTestId('admin-error').textContent()).resolves.toContain('The security token included in the request is invalid.');
    await page.getByLabel('Secret access key').fill(TEST_SECRET_ACCESS_KEY);
    await shot('sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('principal').textContent()).resolves.toBe('arn:aws:iam::000000000000:root');
  });

  it('creates a REST API with a MOCK method that requires an API key, and deploys it', async () => {
    await page.getByLabel('API name').fill('pets');
    await page.getByRole('button', { name: 'Create API' }).click();
    await page.waitForURL(/#\/apis\/[^/]+\/resources$/);
    restApiId = decodeURIComponent(new URL(page.url()).hash.split('/')[2]!);
    await page.getByLabel('Child resource of /').fill('hello');
    await page.getByRole('button', { name: 'Create resource' }).click();
    await page.getByRole('heading', { name: '/hello' }).waitFor();
    await page.getByLabel('API key required').check({ force: true });
    await page.getByRole('button', { name: 'Add method' }).click();
    await page.getByRole('button', { name: 'Save integration' }).click();
    await page.getByText('Saved. Deploy the API').waitFor();
    await page.getByText('MOCK', { exact: true }).waitFor();
    await shot('resources');
    await page.getByRole('button', { name: 'Deploy API' }).click();
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByTestId('deployed').waitFor();
    await shot('deploy');
    await page.getByRole('button', { name: 'Close' }).click();
    // Without a key the deployed method answers 403 (it requires one).
    const noKey = await eventually('the deployment on the data plane', async () => {
      const r = await fetch(`${dpUrl}/restapis/${restApiId}/dev/_user_request_/hello`);
      return r.status === 403 ? r.status : undefined;
    });
    expect(noKey).toBe(403);
  });

  it('creates an API key and a usage plan with it, and the MOCK method answers 200 with the key', async () => {
    await page.goto(`${cp.url}/console/#/apikeys`);
    await page.getByLabel('Key name').fill('e2e-key');
    await page.getByRole('button', { name: 'Create key' }).click();
    const value = (await page.getByTestId('key-value-e2e-key').textContent())!;
    expect(value.length).toBeGreaterThanOrEqual(20);
    await shot('api-keys');

    await page.goto(`${cp.url}/console/#/usageplans`);
    await page.getByLabel('Plan name').fill('gold');
    await choose('API', 'pets');
    await choose('Stage', 'dev');
    await page.getByRole('button', { name: 'Create plan' }).click();
    await page.waitForURL(/#\/usageplans\/[^/]+$/);
    await choose('API key', 'e2e-key');
    await page.getByRole('button', { name: 'Add key to plan' }).click();
    await page.getByRole('cell', { name: 'e2e-key', exact: true }).waitFor();

    const ok = await eventually('the key on the data plane', async () => {
      const r = await fetch(`${dpUrl}/restapis/${restApiId}/dev/_user_request_/hello`, { headers: { 'x-api-key': value } });
      return r.status === 200 ? await r.text() : undefined;
    });
    expect(JSON.parse(ok)).toEqual({ message: 'hello from Portico' });
    for (let i = 0; i < 4; i++) {
      expect((await fetch(`${dpUrl}/restapis/${restApiId}/dev/_user_request_/hello`, { headers: { 'x-api-key': value } })).status).toBe(200);
    }
  });

  it('shows the usage chart per key and day move', async () => {
    const total = await eventually('usage in the chart', async () => {
      const t = await chartTotal('usage-chart');
      return t >= 5 ? t : undefined;
    });
    expect(total).toBeGreaterThanOrEqual(5);
    await shot('usage-plan');
  });

  it('shows the traffic chart of the stage move, 4XX included', async () => {
    await page.goto(`${cp.url}/console/#/apis/${restApiId}/traffic`);
    const total = await eventually('traffic in the chart', async () => {
      const t = await chartTotal('traffic-chart');
      return t >= 7 ? t : undefined;
    });
    // 6 requests counted (1 refused without a key, 5 answered) plus that refusal as a 4XX.
    expect(total).toBeGreaterThanOrEqual(7);
    await shot('traffic');
    await page.goto(`${cp.url}/console/#/apis`);
    await page.getByRole('link', { name: 'pets' }).waitFor();
    await shot('apis');
  });

  it('tests a Lambda TOKEN authorizer in the authorizer panel and shows its policy and log', async () => {
    await page.goto(`${cp.url}/console/#/apis/${restApiId}/authorizers`);
    await page.getByLabel('Name').fill('allow-all');
    await page.getByLabel('Lambda invocation URI').fill(lambdaUri('authorizer-allow'));
    await page.getByRole('button', { name: 'Create authorizer' }).click();
    await page.getByRole('cell', { name: 'allow-all', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Test allow-all' }).click();
    await page.getByLabel('Value', { exact: true }).fill('Bearer e2e-token');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await page.getByTestId('authorizer-status').waitFor();
    const panel = (await page.getByRole('status').filter({ hasText: 'principal' }).textContent())!;
    expect(panel).toContain('principal user-allow');
    expect(panel).toContain('"Effect":"Allow"');
    expect(panel).toContain('"authorizationToken":"Bearer e2e-token"');
    await shot('authorizer-test');
    // A wrong authorizer URI is refused with AWS's text, and nothing is created.
    await page.getByLabel('Name').fill('broken');
    await page.getByLabel('Lambda invocation URI').fill('not-an-arn');
    await page.getByRole('button', { name: 'Create authorizer' }).click();
    await page.getByTestId('admin-error').waitFor();
    expect(await page.getByRole('cell', { name: 'broken', exact: true }).count()).toBe(0);
  });

  let importedId: string;
  it('imports an OpenAPI document, then adds a validator, a required parameter and a gateway response, deploys and invokes', async () => {
    await page.goto(`${cp.url}/console/#/apis`);
    // An invalid document is refused with the importer's text, and no API appears.
    await page.getByLabel('OpenAPI document').fill('{"openapi": "3.0.1"}');
    await page.getByRole('button', { name: 'Import API' }).click();
    await page.getByTestId('admin-error').waitFor();
    await page.getByLabel('OpenAPI document').fill(importedDocument);
    // With failonwarnings the warning refuses the document, as AWS does.
    await page.getByLabel('Fail on warnings').check({ force: true });
    await page.getByRole('button', { name: 'Import API' }).click();
    await expect(page.getByTestId('admin-error').textContent()).resolves.toContain('Invalid gateway response type specified: NOT_A_TYPE');
    expect(await page.getByRole('link', { name: 'imported-greetings' }).count()).toBe(0);
    // Without, it imports and lists the warning.
    await page.getByLabel('Fail on warnings').uncheck({ force: true });
    await page.getByRole('button', { name: 'Import API' }).click();
    await expect(page.getByTestId('import-warnings').textContent()).resolves.toContain('Invalid gateway response type specified: NOT_A_TYPE');
    await shot('import');
    await page.getByRole('status').getByRole('link', { name: 'imported-greetings' }).click();
    await page.waitForURL(/#\/apis\/[^/]+\/resources$/);
    importedId = decodeURIComponent(new URL(page.url()).hash.split('/')[2]!);
    await page.getByRole('heading', { name: 'imported-greetings' }).waitFor();

    // A model whose schema is not JSON is refused with AWS's text; a valid one is listed.
    await page.getByRole('tab', { name: 'Models' }).click();
    await page.getByLabel('Model name').fill('Greeting');
    await page.getByLabel('Schema (JSON Schema draft 4)').fill('not json');
    await page.getByRole('button', { name: 'Create model' }).click();
    await page.getByTestId('admin-error').waitFor();
    await page.getByLabel('Schema (JSON Schema draft 4)').fill('{"type": "object", "properties": {"greeting": {"type": "string"}}}');
    await page.getByRole('button', { name: 'Create model' }).click();
    await page.getByRole('cell', { name: 'Greeting', exact: true }).waitFor();

    await page.getByRole('tab', { name: 'Request validators' }).click();
    await page.getByLabel('Validator name').fill('params-only');
    await page.getByLabel('Validate body').uncheck({ force: true });
    await page.getByRole('button', { name: 'Create validator' }).click();
    await page.getByRole('cell', { name: 'params-only', exact: true }).waitFor();

    await page.getByRole('tab', { name: 'Resources' }).click();
    await page.getByRole('navigation', { name: 'Resources' }).getByText('/greeting', { exact: true }).click();
    await page.getByRole('button', { name: 'GET', exact: true }).click();
    await page.getByRole('tab', { name: 'Method request' }).click();
    await choose('Request validator', 'params-only');
    await page.getByRole('button', { name: 'Add parameter' }).click();
    await page.getByLabel('Parameter', { exact: true }).fill('method.request.querystring.name');
    await page.getByLabel('Required: method.request.querystring.name').check({ force: true });
    await page.getByRole('button', { name: 'Save method request' }).click();
    await page.locator('button[data-loading]').waitFor({ state: 'detached' });
    await expect(page.getByLabel('Required: method.request.querystring.name').isChecked()).resolves.toBe(true);
    await shot('method-request');
    await page.getByRole('tab', { name: 'Method responses' }).click();
    await page.getByTestId('method-response-200').waitFor();

    await page.getByRole('tab', { name: 'Gateway responses' }).click();
    await page.getByText('MISSING_AUTHENTICATION_TOKEN', { exact: true }).click();
    await page.getByLabel('Status code').fill('404');
    await page.getByLabel('Template for application/json').fill('{"message": "no such path"}');
    await page.getByRole('button', { name: 'Save gateway response' }).click();
    await page.getByText('Saved. Deploy the API').waitFor();
    await shot('gateway-responses');

    await page.getByRole('button', { name: 'Deploy API' }).click();
    await page.getByLabel('Stage name').fill('v1');
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByTestId('deployed').waitFor();
    await page.getByRole('button', { name: 'Close' }).click();

    const base = `${dpUrl}/restapis/${importedId}/v1/_user_request_`;
    const missing = await eventually('the imported API on the data plane', async () => {
      const r = await fetch(`${base}/greeting`);
      return r.status === 400 ? await r.json() : undefined;
    });
    expect(missing).toEqual({ message: 'Missing required request parameters: [name]' });
    const greeted = await fetch(`${base}/greeting?name=ada`);
    expect(greeted.status).toBe(200);
    expect(await greeted.json()).toEqual({ greeting: 'ada' });
    const unknown = await fetch(`${base}/nope`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ message: 'no such path' });

    // The export of the deployed stage names the imported path.
    await page.getByRole('tab', { name: 'OpenAPI' }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download export' }).click();
    const file = await (await download).path();
    expect(JSON.parse(readFileSync(file, 'utf8')).paths).toHaveProperty('/greeting');
  });

  it('quick-creates an HTTP API on a Lambda function and invokes it', async () => {
    await page.goto(`${cp.url}/console/#/httpapis`);
    await page.getByLabel('Quick create name').fill('quick-hello');
    await page.getByLabel('Target').fill('arn:aws:lambda:us-east-1:000000000000:function:hello');
    await page.getByLabel('Route key').fill('GET /hello');
    await page.getByRole('button', { name: 'Quick create' }).click();
    await page.waitForURL(/#\/httpapis\/[^/]+\/routes$/);
    const apiId = decodeURIComponent(new URL(page.url()).hash.split('/')[2]!);
    await page.getByRole('cell', { name: 'GET /hello', exact: true }).waitFor();
    await shot('http-api-routes');
    const answer = await eventually('the HTTP API on the data plane', async () => {
      const r = await invokeHttpApi(apiId, '/hello');
      return r.status === 200 ? r.text : undefined;
    });
    expect(JSON.parse(answer)).toMatchObject({ message: 'hello from a local function' });
    await page.getByRole('tab', { name: 'Stages' }).click();
    // The quick-created $default stage is API Gateway's: changing it is refused with AWS's text.
    const managed = page.getByTestId('http-stage-$default');
    await managed.getByRole('button', { name: 'Add variable' }).click();
    await managed.getByLabel('Variable', { exact: true }).fill('color');
    await managed.getByLabel('Value of color').fill('blue');
    await managed.getByRole('button', { name: 'Save stage $default' }).click();
    await expect(managed.getByTestId('admin-error').textContent()).resolves.toContain("is managed by API Gateway (quick create) and can't be modified");
    // A stage of one's own keeps a variable set in its editor (UpdateStage), shown again after a reload.
    await page.getByLabel('Stage name').fill('beta');
    await page.getByRole('button', { name: 'Create stage' }).click();
    const beta = page.getByTestId('http-stage-beta');
    await beta.getByRole('button', { name: 'Add variable' }).click();
    await beta.getByLabel('Variable', { exact: true }).fill('color');
    await beta.getByLabel('Value of color').fill('blue');
    await beta.getByRole('button', { name: 'Save stage beta' }).click();
    const token = await sessionToken();
    const variables = await eventually('the stage variable saved', async () => {
      const stage = (await (await fetch(`${cp.url}/v2/apis/${apiId}/stages/beta`, { headers: { authorization: `Bearer ${token}` } })).json()) as { stageVariables: Record<string, string> };
      return stage.stageVariables.color ? stage.stageVariables : undefined;
    });
    expect(variables).toEqual({ color: 'blue' });
    await page.reload();
    await expect(page.getByTestId('http-stage-beta').getByLabel('Value of color').inputValue()).resolves.toBe('blue');
    await shot('http-api-stages');
    await page.goto(`${cp.url}/console/#/httpapis`);
    await page.getByRole('link', { name: 'quick-hello' }).waitFor();
    await shot('http-apis');
  });

  it('explains a refused request by its x-amzn-RequestId: the decision trail page', async () => {
    // The MOCK method needs an API key: without one the gateway answers 403 itself and records why.
    const refused = await fetch(`${dpUrl}/restapis/${restApiId}/dev/_user_request_/hello`);
    expect(refused.status).toBe(403);
    const requestId = refused.headers.get('x-amzn-requestid');
    expect(requestId).toBeTruthy();
    await page.goto(`${cp.url}/console/#/requests`);
    await page.getByLabel('Request ID').fill(requestId!);
    await page.getByRole('button', { name: 'Explain' }).click();
    await expect(page.getByTestId('decision').textContent()).resolves.toBe('API_KEY_MISSING');
    const steps = page.getByRole('table', { name: 'Decision steps' });
    await expect(steps.getByRole('row').filter({ hasText: 'api-key' }).getByText('refused').count()).resolves.toBe(1);
    // The id is in the route, so the page can be linked to; an unknown id shows the admin API's AWS-shaped error.
    expect(page.url()).toContain(`#/requests/${requestId}`);
    if (screenshots) await page.waitForTimeout(500); // the button's loader fades out over 150 ms
    await shot('explain-request');
    await page.goto(`${cp.url}/console/#/requests/not-a-request-id`);
    await expect(page.getByTestId('admin-error').textContent()).resolves.toContain('No decision trail for request not-a-request-id');
  });

  it('tests the MOCK method in its Test panel and shows 200, the body, the headers and the execution log', async () => {
    await page.goto(`${cp.url}/console/#/apis/${restApiId}/resources`);
    await page.getByRole('navigation', { name: 'Resources' }).getByText('/hello', { exact: true }).click();
    await page.getByRole('button', { name: 'GET', exact: true }).click();
    await page.getByRole('tab', { name: 'Test' }).click();
    await expect(page.getByLabel('Request path').inputValue()).resolves.toBe('/hello');
    await page.getByLabel('Query string').fill('name=ada');
    await page.getByRole('button', { name: 'Add header' }).click();
    await page.getByLabel('Header', { exact: true }).fill('x-e2e');
    await page.getByLabel('Value of header x-e2e').fill('yes');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await expect(page.getByTestId('test-invoke-status').textContent()).resolves.toBe('Status 200');
    expect(JSON.parse((await page.getByTestId('test-invoke-body').textContent())!)).toEqual({ message: 'hello from Portico' });
    const log = (await page.getByTestId('test-invoke-log').textContent())!;
    expect(log).toContain('Method request query string: {name=ada}');
    expect(log).toContain('Method completed with status: 200');
    await page.getByRole('table', { name: 'Response headers' }).getByText('content-type', { exact: false }).first().waitFor();
    await shot('test-invoke');
  });

  it('sets a canary on the stage and promotes it, and switches the stage cache and per-method cache settings', async () => {
    type Stage = { deploymentId: string; variables?: Record<string, string>; cacheClusterEnabled: boolean; canarySettings?: { deploymentId: string; percentTraffic: number; stageVariableOverrides?: Record<string, string> }; methodSettings: Record<string, { cachingEnabled: boolean; cacheTtlInSeconds: number }> };
    const first = (await adminGet<Stage>(`/restapis/${restApiId}/stages/dev`)).deploymentId;
    // A second deployment on dev; the canary then serves the first, and promoting it puts the first back.
    await page.goto(`${cp.url}/console/#/apis/${restApiId}/stages`);
    await page.getByRole('button', { name: 'Deploy API' }).click();
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByTestId('deployed').waitFor();
    await page.getByRole('button', { name: 'Close' }).click();
    const second = await eventually('the second deployment on dev', async () => {
      const id = (await adminGet<Stage>(`/restapis/${restApiId}/stages/dev`)).deploymentId;
      return id !== first ? id : undefined;
    });
    await page.reload();
    const canary = page.getByTestId('canary-dev');
    await canary.getByLabel('Canary traffic (%)').fill('25');
    await canary.getByRole('combobox', { name: 'Canary deployment', exact: true }).click();
    await page.getByRole('option', { name: new RegExp(`^${first} `) }).click();
    await canary.getByRole('button', { name: 'Add override' }).click();
    await canary.getByLabel('Override', { exact: true }).fill('color');
    await canary.getByLabel('Canary value of color').fill('blue');
    await canary.getByRole('button', { name: 'Create canary' }).click();
    await page.getByTestId('canary-summary').filter({ hasText: new RegExp(`^25% to ${first}$`) }).waitFor();
    expect((await adminGet<Stage>(`/restapis/${restApiId}/stages/dev`)).canarySettings).toEqual({ deploymentId: first, percentTraffic: 25, stageVariableOverrides: { color: 'blue' }, useStageCache: false });
    await shot('stage-canary');
    await page.getByTestId('canary-dev').getByRole('button', { name: 'Promote canary' }).click();
    await page.getByTestId('canary-summary').filter({ hasText: new RegExp(`^0% to ${first}$`) }).waitFor();
    const promoted = await adminGet<Stage>(`/restapis/${restApiId}/stages/dev`);
    expect(promoted.deploymentId).toBe(first);
    expect(promoted.deploymentId).not.toBe(second);
    expect(promoted.variables).toEqual({ color: 'blue' });

    const cache = page.getByTestId('cache-dev');
    await cache.getByLabel('Cache cluster enabled').check({ force: true });
    await page.getByTestId('cache-status').filter({ hasText: /^AVAILABLE$/ }).waitFor();
    await page.getByTestId('cache-dev').getByRole('button', { name: 'Flush stage cache' }).click();
    await page.getByTestId('cache-dev').getByText('The stage cache was flushed.').waitFor();
    await choose('Method', 'hello/GET');
    await page.getByTestId('cache-dev').getByLabel('Cache responses').check({ force: true });
    await page.getByTestId('cache-dev').getByLabel('Cache TTL (s)').fill('60');
    await page.getByTestId('cache-dev').getByRole('button', { name: 'Save method settings' }).click();
    await page.getByRole('table', { name: 'Method settings of dev' }).getByRole('cell', { name: 'hello/GET', exact: true }).waitFor();
    const cached = await adminGet<Stage>(`/restapis/${restApiId}/stages/dev`);
    expect(cached.cacheClusterEnabled).toBe(true);
    expect(cached.methodSettings['hello/GET']).toMatchObject({ cachingEnabled: true, cacheTtlInSeconds: 60 });
    await shot('stage-cache');
  });

  it('creates a WebSocket API with a two-way route on a Lambda function, deploys it, and the stage answers a message', async () => {
    await page.goto(`${cp.url}/console/#/websocketapis`);
    await page.getByLabel('WebSocket API name').fill('chat');
    // A selection expression on anything but the message body is refused with AWS's text, and nothing is created.
    await page.getByLabel('Route selection expression').fill('$request.header.action');
    await page.getByRole('button', { name: 'Create WebSocket API' }).click();
    await expect(page.getByTestId('admin-error').textContent()).resolves.toContain('Invalid routeSelectionExpression specified: $request.header.action');
    expect(await page.getByRole('link', { name: 'chat', exact: true }).count()).toBe(0);
    await page.getByLabel('Route selection expression').fill('$request.body.action');
    await page.getByRole('button', { name: 'Create WebSocket API' }).click();
    await page.waitForURL(/#\/websocketapis\/[^/]+\/routes$/);
    const apiId = decodeURIComponent(new URL(page.url()).hash.split('/')[2]!);

    await page.getByRole('tab', { name: 'Integrations' }).click();
    await page.getByLabel('Lambda function ARN').fill('arn:aws:lambda:us-east-1:000000000000:function:echo');
    await page.getByRole('button', { name: 'Create integration' }).click();
    await page.getByRole('cell', { name: 'AWS_PROXY', exact: true }).waitFor();
    // The function ARN is sent as its invocation URI, as AWS's console does.
    await page.getByRole('cell', { name: lambdaUri('echo'), exact: true }).waitFor();

    await page.getByRole('tab', { name: 'Routes' }).click();
    await page.getByRole('combobox', { name: 'Route key' }).fill('echo');
    await page.getByRole('combobox', { name: 'Route target', exact: true }).click();
    await page.getByRole('option', { name: /^AWS_PROXY / }).click();
    await page.getByLabel('Two-way (route response)').check({ force: true });
    await page.getByRole('button', { name: 'Create route' }).click();
    await page.getByRole('cell', { name: 'echo', exact: true }).waitFor();
    await page.getByRole('table', { name: 'Routes' }).getByText('$default', { exact: true }).waitFor();
    await shot('websocket-routes');

    await page.getByRole('tab', { name: 'Stages' }).click();
    await page.getByLabel('Stage name').fill('prod');
    await page.getByRole('button', { name: 'Create stage' }).click();
    await page.getByTestId('http-stage-prod').waitFor();
    await page.getByRole('tab', { name: 'Deployments' }).click();
    await choose('Deploy to stage', 'prod');
    await page.getByRole('button', { name: 'Create deployment' }).click();
    await page.getByRole('cell', { name: 'DEPLOYED', exact: true }).waitFor();

    const ws = await eventually('the WebSocket stage on the data plane', () => connectWebSocket(apiId, 'prod'));
    try {
      const frame = new Promise<string>((resolve) => ws.once('message', (data: Buffer) => resolve(data.toString())));
      ws.send(JSON.stringify({ action: 'echo', text: 'hello' }));
      const answer = JSON.parse(await frame) as { event: { body: string; requestContext: { routeKey: string; stage: string } } };
      expect(answer.event.requestContext).toMatchObject({ routeKey: 'echo', stage: 'prod' });
      expect(JSON.parse(answer.event.body)).toEqual({ action: 'echo', text: 'hello' });
    } finally {
      ws.close();
    }
    await page.goto(`${cp.url}/console/#/websocketapis`);
    await page.getByRole('link', { name: 'chat', exact: true }).waitFor();
    await shot('websocket-apis');
  });

  it('creates a VPC link, shows its status, refuses a bad target with AWS text, and deletes it after confirmation', async () => {
    await page.goto(`${cp.url}/console/#/vpclinks`);
    await page.getByLabel('VPC link name').fill('broken-link');
    await page.getByLabel('Target ARNs').fill('not-a-target');
    await page.getByRole('button', { name: 'Create VPC link' }).click();
    await expect(page.getByTestId('admin-error').textContent()).resolves.toContain('Invalid target arn specified: not-a-target');
    expect(await page.getByRole('cell', { name: 'broken-link', exact: true }).count()).toBe(0);
    await page.getByLabel('VPC link name').fill('backend-link');
    await page.getByLabel('Target ARNs').fill('127.0.0.1:9');
    await page.getByRole('button', { name: 'Create VPC link' }).click();
    await expect(page.getByTestId('vpc-link-status-backend-link').textContent()).resolves.toBe('AVAILABLE');
    await shot('vpc-links');
    await page.getByRole('button', { name: 'Delete VPC link backend-link' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('cell', { name: 'backend-link', exact: true }).waitFor({ state: 'detached' });
    expect((await adminGet<{ item: unknown[] }>('/vpclinks')).item).toEqual([]);
  });

  it('signs out: the session token no longer works', async () => {
    const token = await page.evaluate('JSON.parse(sessionStorage.getItem("portico.console.session")).token');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const response = await fetch(`${cp.url}/restapis`, { headers: { authorization: `Bearer ${String(token)}` } });
    expect(response.status).toBe(403);
  });
});
