/* eslint-disable @typescript-eslint/no-explicit-any -- frames are JSON, read field by field */
// WebSocket APIs with usage plans, route throttling and contentHandlingStrategy, built through the real control plane
// (@aws-sdk/client-apigatewayv2 for the API, @aws-sdk/client-api-gateway for API keys and usage plans, whose
// apiStages name the WebSocket stage), delivered in the config document to a data plane, used by a real `ws` client.
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  APIGatewayClient,
  BadRequestException,
  CreateApiKeyCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  GetUsagePlanCommand,
  NotFoundException,
  UpdateApiKeyCommand,
  UpdateUsagePlanCommand,
} from '@aws-sdk/client-api-gateway';
import {
  ApiGatewayV2Client,
  CreateApiCommand,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateIntegrationCommand,
  CreateIntegrationResponseCommand,
  CreateRouteCommand,
  CreateRouteResponseCommand,
  CreateStageCommand,
} from '@aws-sdk/client-apigatewayv2';
import WebSocket from 'ws';
import { CP_ACCESS_KEY_ID, CP_DATA_PLANE_TOKEN, CP_SECRET_ACCESS_KEY, startControlPlaneProcess, type ControlPlaneProcess } from './support/control-plane-process.js';
import { startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { createPostgresDatabase, type PostgresDatabase } from './support/postgres.js';
import { eventually } from './support/processes.js';

const suiteFunctions = fileURLToPath(new URL('./websocket-functions', import.meta.url));
const greetFunction = fileURLToPath(new URL('../../../examples/functions/greet', import.meta.url));
const fn = (name: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:${name}/invocations`;

interface Refused {
  status: number;
  body: string;
}

/** Opens a `ws` connection with the API's Host: the socket once open, or the status and body of the refused upgrade. */
function open(port: string, apiId: string, options: { query?: string; headers?: Record<string, string> } = {}): Promise<WebSocket | Refused> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/prod${options.query ?? ''}`, { headers: { host: `${apiId}.execute-api.us-east-1.amazonaws.com`, ...options.headers } });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.once('error', reject);
  });
}

const isOpen = (value: WebSocket | Refused): value is WebSocket => value instanceof WebSocket;

/** Sends one message and resolves with the next frame (text, or the bytes of a binary frame). */
function ask(ws: WebSocket, message: string): Promise<{ data: Buffer; isBinary: boolean }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no frame arrived')), 20_000);
    ws.once('message', (data, isBinary) => {
      clearTimeout(timer);
      resolve({ data: data as Buffer, isBinary });
    });
    ws.send(message);
  });
}
const askJson = async (ws: WebSocket, message: object): Promise<any> => JSON.parse((await ask(ws, JSON.stringify(message))).data.toString());

/**
 * The echo route allows a burst of 1 at one token per 10 s: at most one of four messages sent back to back is
 * admitted, while the stage's `free` route still answers. Closes the socket.
 */
async function expectEchoThrottledAlone(ws: WebSocket): Promise<void> {
  try {
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push(await askJson(ws, { action: 'echo' }));
    const refused = answers.filter((a) => a.message === 'Too Many Requests');
    expect(refused.length).toBeGreaterThanOrEqual(3);
    expect(refused[0]).toEqual({ message: 'Too Many Requests', connectionId: expect.any(String), requestId: expect.any(String) });
    expect((await askJson(ws, { action: 'free' })).route).toBe('free');
  } finally {
    ws.close();
  }
}

describe('WebSocket APIs: usage-plan API keys, route throttling and contentHandlingStrategy', () => {
  let database: PostgresDatabase;
  let cp: ControlPlaneProcess;
  let v2: ApiGatewayV2Client;
  let rest: APIGatewayClient;
  let dp: TestDataPlane;
  let dir: string;
  let port: string;
  let backend: Server;
  let backendUrl: string;
  const received: Buffer[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'portico-ws-usage-'));
    const functionsDir = join(dir, 'functions');
    await mkdir(functionsDir);
    for (const name of ['ws-echo', 'ws-key-authorizer']) await symlink(join(suiteFunctions, name), join(functionsDir, name));
    // A non-proxy (AWS integration) function, for contentHandlingStrategy on Lambda requests.
    await symlink(greetFunction, join(functionsDir, 'greet'));
    // The HTTP backend of the contentHandlingStrategy routes: records the bytes it got, answers bytes 0..255 or base64 text.
    backend = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push(Buffer.concat(chunks));
        if (req.url === '/bytes') res.end(Buffer.from(Array.from({ length: 256 }, (_, i) => i)));
        else res.end(Buffer.from([0xff, 0x00, 0x7f]).toString('base64'));
      });
    });
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    database = await createPostgresDatabase();
    cp = await startControlPlaneProcess({ databaseUrl: database.url });
    const credentials = { accessKeyId: CP_ACCESS_KEY_ID, secretAccessKey: CP_SECRET_ACCESS_KEY };
    v2 = new ApiGatewayV2Client({ endpoint: cp.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    rest = new APIGatewayClient({ endpoint: cp.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    dp = await startTestDataPlane({ source: { kind: 'control-plane', url: cp.url, token: CP_DATA_PLANE_TOKEN }, pollIntervalMs: 200, functionsDir, configCachePath: join(dir, 'cache.json') });
    port = new URL(dp.invokeUrl).port;
  }, 300_000);

  afterAll(async () => {
    v2?.destroy();
    rest?.destroy();
    await dp?.close();
    await cp?.stop();
    await database?.drop();
    await new Promise((resolve) => backend?.close(resolve));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A WebSocket API with a `$connect` route and a two-way `echo` route on the ws-echo function, deployed to prod. */
  async function echoApi(name: string, connect: { apiKeyRequired?: boolean; authorizerId?: string }, echoKeyRequired: boolean, apiKeySelectionExpression?: string): Promise<string> {
    const apiId = (await v2.send(new CreateApiCommand({ Name: name, ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action', ApiKeySelectionExpression: apiKeySelectionExpression }))).ApiId!;
    const echo = (await v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: fn('ws-echo') }))).IntegrationId!;
    let authorizerId: string | undefined;
    if (connect.authorizerId === 'key') {
      authorizerId = (await v2.send(new CreateAuthorizerCommand({ ApiId: apiId, Name: 'keys', AuthorizerType: 'REQUEST', AuthorizerUri: fn('ws-key-authorizer'), IdentitySource: ['route.request.querystring.Key'] }))).AuthorizerId!;
    }
    await v2.send(
      new CreateRouteCommand({ ApiId: apiId, RouteKey: '$connect', Target: `integrations/${echo}`, ApiKeyRequired: connect.apiKeyRequired, ...(authorizerId ? { AuthorizationType: 'CUSTOM', AuthorizerId: authorizerId } : {}) }),
    );
    for (const [routeKey, apiKeyRequired] of [['echo', echoKeyRequired], ['free', false]] as const) {
      const route = await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: routeKey, Target: `integrations/${echo}`, RouteResponseSelectionExpression: '$default', ApiKeyRequired: apiKeyRequired }));
      await v2.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: route.RouteId, RouteResponseKey: '$default' }));
    }
    return apiId;
  }

  /** Creates the stage and deploys; waits until the data plane serves the new revision (a connection is answered). */
  async function deploy(apiId: string, stage: Partial<ConstructorParameters<typeof CreateStageCommand>[0]> = {}): Promise<void> {
    await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'prod', ...stage }));
    await v2.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: 'prod' }));
  }

  /** An API key in a usage plan of `apiId`/prod (the plan's apiStages name the WebSocket stage). */
  async function keyInPlan(apiId: string, value: string, quota?: number): Promise<{ keyId: string; planId: string }> {
    const key = await rest.send(new CreateApiKeyCommand({ name: `k-${value}`, value, enabled: true }));
    const plan = await rest.send(new CreateUsagePlanCommand({ name: `p-${value}`, apiStages: [{ apiId, stage: 'prod' }], ...(quota ? { quota: { limit: quota, period: 'DAY' } } : {}) }));
    await rest.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: 'API_KEY' }));
    return { keyId: key.id!, planId: plan.id! };
  }

  it('refuses a usage plan naming a stage that does not exist, and accepts the WebSocket stage', async () => {
    const apiId = await echoApi('plans-only', {}, false);
    await expect(rest.send(new CreateUsagePlanCommand({ name: 'early', apiStages: [{ apiId, stage: 'prod' }] }))).rejects.toMatchObject({
      name: NotFoundException.name,
      message: expect.stringMatching(`^Invalid API Stage \\{api: ${apiId}, stage: prod\\} specified for usageplan `),
    });
    await deploy(apiId);
    const plan = await rest.send(new CreateUsagePlanCommand({ name: 'late', apiStages: [{ apiId, stage: 'prod' }] }));
    expect(plan.apiStages).toEqual([{ apiId, stage: 'prod' }]);
  }, 120_000);

  it('$connect with apiKeyRequired: 403 without a key, with an unknown key, and once the key is disabled; a key of the plan connects', async () => {
    const apiId = await echoApi('keyed', { apiKeyRequired: true }, true);
    await deploy(apiId);
    const value = 'wsKeyValue0123456789abcdef';
    const { keyId } = await keyInPlan(apiId, value);
    // The document arrives by polling: wait until the key connects.
    const ws = await eventually(async () => {
      const answer = await open(port, apiId, { headers: { 'x-api-key': value } });
      return isOpen(answer) ? answer : undefined;
    }, 'the key of the plan connects');
    try {
      const answer = await askJson(ws, { action: 'echo' });
      expect(answer.route).toBe('echo');
    } finally {
      ws.close();
    }
    for (const headers of [{}, { 'x-api-key': 'not-a-key-of-any-plan-00000' }] as Array<Record<string, string>>) {
      const refused = await open(port, apiId, { headers });
      expect(refused).toEqual({ status: 403, body: '{"message":"Forbidden"}' });
    }
    await rest.send(new UpdateApiKeyCommand({ apiKey: keyId, patchOperations: [{ op: 'replace', path: '/enabled', value: 'false' }] }));
    const refused = await eventually(async () => {
      const answer = await open(port, apiId, { headers: { 'x-api-key': value } });
      if (isOpen(answer)) answer.close();
      return isOpen(answer) ? undefined : answer;
    }, 'the disabled key is refused');
    expect(refused).toEqual({ status: 403, body: '{"message":"Forbidden"}' });
  }, 180_000);

  it('a message route with apiKeyRequired takes the key of $connect: its quota ends in a Limit Exceeded frame; other routes still answer', async () => {
    // $connect needs no key here: the message route checks the key the upgrade carried (x-api-key).
    const apiId = await echoApi('quota', {}, true);
    await deploy(apiId);
    const value = 'wsQuotaKey0123456789abcdef';
    await keyInPlan(apiId, value, 2);
    const ws = await eventually(async () => {
      const answer = await open(port, apiId, { headers: { 'x-api-key': value } });
      if (!isOpen(answer)) return undefined;
      const first = await askJson(answer, { action: 'echo' });
      if (first.route === 'echo') return answer;
      answer.close();
      return undefined;
    }, 'the key of the plan is served on the echo route');
    try {
      expect((await askJson(ws, { action: 'echo' })).route).toBe('echo');
      const refused = await askJson(ws, { action: 'echo' });
      expect(refused).toEqual({ message: 'Limit Exceeded', connectionId: expect.any(String), requestId: expect.any(String) });
      expect((await askJson(ws, { action: 'free' })).route).toBe('free');
    } finally {
      ws.close();
    }
    // Without the key, the same route answers Forbidden.
    const keyless = await open(port, apiId);
    if (!isOpen(keyless)) throw new Error(`refused ${keyless.status}`);
    try {
      expect(await askJson(keyless, { action: 'echo' })).toEqual({ message: 'Forbidden', connectionId: expect.any(String), requestId: expect.any(String) });
    } finally {
      keyless.close();
    }
  }, 180_000);

  it('a usage plan throttles a WebSocket route of its keys by route key (apiStages[].throttle); $disconnect and reserved keys are refused', async () => {
    const apiId = await echoApi('plan-route', {}, true);
    await deploy(apiId);
    const stage = (throttle: Record<string, { burstLimit: number; rateLimit: number }>) => [{ apiId, stage: 'prod', throttle }];
    // A custom route key may look like a REST method key (`chat/join`): only the $ keys AWS reserves are refused.
    for (const key of ['$disconnect', '$other']) {
      await expect(rest.send(new CreateUsagePlanCommand({ name: 'bad-key', apiStages: stage({ [key]: { burstLimit: 1, rateLimit: 1 } }) }))).rejects.toMatchObject({
        name: BadRequestException.name,
        message: expect.stringMatching(`^Invalid method throttle key specified: \\${key}`),
      });
    }
    const value = 'wsRouteThrottleKey0123456789';
    const key = await rest.send(new CreateApiKeyCommand({ name: 'k-route', value, enabled: true }));
    const plan = await rest.send(new CreateUsagePlanCommand({ name: 'p-route', apiStages: stage({ echo: { burstLimit: 1, rateLimit: 0.1 } }) }));
    // The patch path form takes a route key as one segment; the plan reads back keyed by route key.
    await rest.send(
      new UpdateUsagePlanCommand({
        usagePlanId: plan.id,
        patchOperations: [
          { op: 'replace', path: `/apiStages/${apiId}:prod/throttle/free/burstLimit`, value: '100' },
          { op: 'replace', path: `/apiStages/${apiId}:prod/throttle/free/rateLimit`, value: '100' },
        ],
      }),
    );
    expect((await rest.send(new GetUsagePlanCommand({ usagePlanId: plan.id }))).apiStages).toEqual(
      stage({ echo: { burstLimit: 1, rateLimit: 0.1 }, free: { burstLimit: 100, rateLimit: 100 } }),
    );
    await rest.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: 'API_KEY' }));
    // The key arrives with its plan's throttle in one document: its first echo takes the route's only token.
    const ws = await eventually(async () => {
      const answer = await open(port, apiId, { headers: { 'x-api-key': value } });
      if (!isOpen(answer)) return undefined;
      if ((await askJson(answer, { action: 'echo' })).route === 'echo') return answer;
      answer.close();
      return undefined;
    }, 'the key of the plan is served on the echo route');
    // The plan's limit is the echo route's: another route of the stage answers.
    await expectEchoThrottledAlone(ws);
  }, 180_000);

  it('apiKeySelectionExpression $context.authorizer.usageIdentifierKey: the $connect authorizer names the key', async () => {
    const apiId = await echoApi('authorizer-key', { apiKeyRequired: true, authorizerId: 'key' }, false, '$context.authorizer.usageIdentifierKey');
    await deploy(apiId);
    const value = 'wsAuthorizerKey0123456789ab';
    await keyInPlan(apiId, value);
    const ws = await eventually(async () => {
      const answer = await open(port, apiId, { query: `?Key=${value}` });
      return isOpen(answer) ? answer : undefined;
    }, 'the key named by the authorizer connects');
    ws.close();
    // A header key does not count with this source; an unknown usageIdentifierKey is refused.
    expect(await open(port, apiId, { query: '?Key=unknown-key-0000000000000', headers: { 'x-api-key': value } })).toEqual({ status: 403, body: '{"message":"Forbidden"}' });
  }, 180_000);

  it('routeSettings throttle a route (Too Many Requests frames) and $connect (429 on the upgrade)', async () => {
    const apiId = await echoApi('throttled', {}, false);
    await deploy(apiId, {
      RouteSettings: {
        echo: { ThrottlingBurstLimit: 1, ThrottlingRateLimit: 0.1 },
        $connect: { ThrottlingBurstLimit: 2, ThrottlingRateLimit: 0.1 },
      },
    });
    const ws = await eventually(async () => {
      const answer = await open(port, apiId);
      return isOpen(answer) ? answer : undefined;
    }, 'the throttled stage is served');
    // Another route of the stage has its own (default) limits.
    await expectEchoThrottledAlone(ws);
    const attempts = await Promise.all([0, 1, 2, 3].map(() => open(port, apiId)));
    for (const a of attempts) if (isOpen(a)) a.close();
    expect(attempts.filter((a) => !isOpen(a))).toContainEqual({ status: 429, body: '{"message":"Too Many Requests"}' });
  }, 180_000);

  it('contentHandlingStrategy: base64 text to the backend as bytes, binary answers as base64 text or as a binary frame', async () => {
    const apiId = (await v2.send(new CreateApiCommand({ Name: 'binary', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }))).ApiId!;
    const http = async (routeKey: string, path: string, integration: 'CONVERT_TO_BINARY' | undefined, response: 'CONVERT_TO_TEXT' | 'CONVERT_TO_BINARY') => {
      const { IntegrationId } = await v2.send(
        new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP', IntegrationMethod: 'POST', IntegrationUri: `${backendUrl}${path}`, ContentHandlingStrategy: integration, TemplateSelectionExpression: '\\$default', RequestTemplates: { $default: '$input.path(\'$.data\')' } }),
      );
      await v2.send(new CreateIntegrationResponseCommand({ ApiId: apiId, IntegrationId, IntegrationResponseKey: '$default', ContentHandlingStrategy: response }));
      const route = await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: routeKey, Target: `integrations/${IntegrationId}`, RouteResponseSelectionExpression: '$default' }));
      await v2.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: route.RouteId, RouteResponseKey: '$default' }));
    };
    await http('upload', '/bytes', 'CONVERT_TO_BINARY', 'CONVERT_TO_TEXT');
    await http('download', '/base64', undefined, 'CONVERT_TO_BINARY');
    // Lambda (AWS) integrations: CONVERT_TO_BINARY decodes the rendered template, the bytes are the Invoke payload.
    const lambda = async (routeKey: string, handling: 'CONVERT_TO_BINARY' | 'CONVERT_TO_TEXT', template: string) => {
      const { IntegrationId } = await v2.send(
        new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS', IntegrationMethod: 'POST', IntegrationUri: fn('greet'), ContentHandlingStrategy: handling, TemplateSelectionExpression: '\\$default', RequestTemplates: { $default: template } }),
      );
      const route = await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: routeKey, Target: `integrations/${IntegrationId}`, RouteResponseSelectionExpression: '$default' }));
      await v2.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: route.RouteId, RouteResponseKey: '$default' }));
    };
    await lambda('lambda-binary', 'CONVERT_TO_BINARY', "$input.path('$.data')");
    await lambda('lambda-text', 'CONVERT_TO_TEXT', '{"name": "$input.path(\'$.name\')"}');
    await deploy(apiId);
    const ws = await eventually(async () => {
      const answer = await open(port, apiId);
      return isOpen(answer) ? answer : undefined;
    }, 'the binary stage is served');
    try {
      const payload = Buffer.from([0x00, 0x01, 0xfe, 0xff, 0x80]);
      received.length = 0;
      const upload = await ask(ws, JSON.stringify({ action: 'upload', data: payload.toString('base64') }));
      expect(received[0]).toEqual(payload);
      expect(upload.isBinary).toBe(false);
      expect(Buffer.from(upload.data.toString(), 'base64')).toEqual(Buffer.from(Array.from({ length: 256 }, (_, i) => i)));
      const download = await ask(ws, JSON.stringify({ action: 'download', data: 'x' }));
      expect(download.isBinary).toBe(true);
      expect(download.data).toEqual(Buffer.from([0xff, 0x00, 0x7f]));
      const decoded = await askJson(ws, { action: 'lambda-binary', data: Buffer.from('{"name":"bob"}').toString('base64') });
      expect(decoded).toEqual({ greeting: 'Hello, bob!', name: 'bob' });
      // CONVERT_TO_TEXT on a text message: the rendered template reaches the function as it is.
      expect(await askJson(ws, { action: 'lambda-text', name: 'ann' })).toEqual({ greeting: 'Hello, ann!', name: 'ann' });
      // A binary frame from the client is still refused with 1003, as AWS does.
      const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
      ws.send(Buffer.from([1, 2, 3]), { binary: true });
      expect(await closed).toBe(1003);
    } finally {
      ws.close();
    }
  }, 180_000);
});
