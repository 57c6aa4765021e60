import { createHmac, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AUTHORIZER_CACHE_FLUSH_CHANNEL } from '@portico/contracts';
import { loadPlugins } from '@portico/engine-authorizers';
import { redisSettings } from '@portico/redis';
import { Redis } from 'ioredis';
import { loadDataPlaneConfig } from '../src/config.js';
import { createAuthorizerRuntime, type AuthorizerRuntime } from '../src/authorizers/create-authorizer-runtime.js';
import { createFunctionRunner, type FunctionRunner } from '@portico/engine-lambda';
import { RedisDecisionStore } from '../src/authorizers/redis-decision-store.js';
import { configDocument, serveGateway, startBackend, testClient, type Backend, type Served } from './support/pipeline-fixtures.js';
import { lambdaUri } from './lambda-fixtures.js';
import { workspaceRoot } from './support/processes.js';
import { proxyWithAuthorizerHeaders, withAuthorizers } from './authorizer-fixtures.js';

const SECRET = 'correct-horse-battery-staple-0123456789';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const client = testClient();
let backend: Backend;

/** Signs as examples/hmac-authorizer's clients do (apps may not import plugin packages: module boundaries). */
function signed(method: string, path: string, keyId = 'mobile-app'): Record<string, string> {
  const date = new Date().toISOString();
  const signature = createHmac('sha256', SECRET).update(`${method}\n${path}\n${date}\n${keyId}`).digest('hex');
  return { 'x-portico-key-id': keyId, 'x-portico-date': date, 'x-portico-signature': signature };
}

beforeAll(async () => {
  backend = await startBackend();
});
afterAll(async () => {
  await backend.close();
  await client.close();
});

describe('a plugin loaded by name (PORTICO_PLUGINS=portico-hmac-authorizer)', () => {
  const API = 'pluginapi1';
  const host = `${API}.execute-api.localhost`;
  let served: Served;

  beforeAll(async () => {
    const loaded = await loadPlugins(['portico-hmac-authorizer']);
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    const doc = withAuthorizers(
      configDocument({
        apiId: API,
        resources: { '/orders/{id}': { GET: proxyWithAuthorizerHeaders(`${backend.url}/orders`, ['principalId', 'keyId']) }, '/broken': { GET: proxyWithAuthorizerHeaders(backend.url, []) } },
        stages: [{ stageName: 'prod', variables: { hmacSecret: SECRET } }],
      }),
      [
        {
          id: 'hmac01',
          type: 'REQUEST',
          authorizerUri: 'portico:plugin/hmac-authorizer?secret=${stageVariables.hmacSecret}&maxSkewSeconds=60',
          identitySource: 'method.request.header.X-Portico-Signature, method.request.header.X-Portico-Date',
        },
        // The stage lacks this variable: the config fails validation on load, and its methods answer 500.
        { id: 'hmac02', type: 'REQUEST', authorizerUri: 'portico:plugin/hmac-authorizer?secret=${stageVariables.missing}', identitySource: 'method.request.header.X-Portico-Signature' },
      ],
      {
        'GET /orders/{id}': { authorizationType: 'CUSTOM', authorizerId: 'hmac01' },
        'GET /broken': { authorizationType: 'CUSTOM', authorizerId: 'hmac02' },
      },
    );
    served = await serveGateway(doc, { authorizers: { registry: loaded.registry } });
  });
  afterAll(() => served.close());

  const get = (path: string, headers: Record<string, string>) => client.send(`${served.url}/prod${path}`, { headers: { host, ...headers } });

  it('allows a signed request and names the key as principal', async () => {
    const answer = await get('/orders/7', signed('GET', '/orders/7'));
    expect(answer.status).toBe(200);
    expect(backend.received.at(-1)!.headers).toMatchObject({ 'x-auth-principalid': 'mobile-app', 'x-auth-keyid': 'mobile-app' });
  });

  it('answers 401 for unsigned, replayed and tampered requests', async () => {
    await expect(get('/orders/7', {})).resolves.toMatchObject({ status: 401 });
    await expect(get('/orders/8', signed('GET', '/orders/7'))).resolves.toMatchObject({ status: 401 });
    await expect(get('/orders/7', { ...signed('GET', '/orders/7'), 'x-portico-key-id': 'someone-else' })).resolves.toMatchObject({ status: 401 });
  });

  it('answers 500 AUTHORIZER_CONFIGURATION_ERROR when the plugin config does not validate on load', async () => {
    const answer = await get('/broken', signed('GET', '/broken'));
    expect(answer.status).toBe(500);
    expect(served.gateway.warnings.some((w) => w.includes('hmac02') && w.includes('/secret'))).toBe(true);
  });

  it('loads the same plugin from its package directory, resolved as Node resolves a package (PORTICO_PLUGINS=examples/hmac-authorizer)', async () => {
    const loaded = await loadPlugins([join(workspaceRoot, 'examples', 'hmac-authorizer')]);
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    expect(loaded.registry.get('hmac-authorizer')?.version).toBe('1.0.0');
    const unbuilt = await loadPlugins([join(workspaceRoot, 'examples', 'functions')]);
    expect(unbuilt.ok).toBe(false);
    if (!unbuilt.ok) expect(unbuilt.problems[0]).toMatch(/examples\/functions: cannot be imported \(.*index\.js, which does not exist/);
  });

  it('refuses to load a module that is not a plugin', async () => {
    const loaded = await loadPlugins(['@portico/contracts', 'no-such-portico-plugin']);
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) {
      expect(loaded.problems[0]).toMatch(/@portico\/contracts: the export is not a Portico authorizer|does not export a plugin/);
      expect(loaded.problems[1]).toMatch(/no-such-portico-plugin: cannot be imported/);
    }
  });
});

describe('results shared through Redis by replicas', () => {
  // A fresh API id per run: the shared cache outlives the test process for the TTL.
  const API = `shared${randomBytes(2).toString('hex')}`;
  const host = `${API}.execute-api.localhost`;
  const functionsDir = fileURLToPath(new URL('./authorizer-functions', import.meta.url));
  let runner: FunctionRunner;
  let calls = 0;
  const replicas: Served[] = [];
  const stores: RedisDecisionStore[] = [];
  let runtime: AuthorizerRuntime;

  beforeAll(async () => {
    const local = createFunctionRunner({ functionsDir, region: 'us-east-1', accountId: '000000000000' });
    runner = {
      invoke(target, payload, options) {
        calls += 1;
        return local.invoke(target, payload, options);
      },
      close: () => local.close(),
    };
    const doc = withAuthorizers(
      configDocument({ apiId: API, resources: { '/token': { GET: proxyWithAuthorizerHeaders(`${backend.url}/token`, ['principalId']) } } }),
      [{ id: 'tok001', type: 'TOKEN', authorizerUri: lambdaUri('token-authorizer'), identitySource: 'method.request.header.Authorization' }],
      { 'GET /token': { authorizationType: 'CUSTOM', authorizerId: 'tok001' } },
    );
    // Replica 0 is wired as the data-plane app wires itself (REDIS_URL: shared store and flush subscription).
    // The shared cache's reads time out after 100 ms by default (a slow read is a miss and the authorizer runs):
    // a loaded machine must not turn the one invocation this test counts into two, so both replicas get 10 s.
    runtime = await createAuthorizerRuntime(
      loadDataPlaneConfig({ PORTICO_CONFIG_FILE: 'unused.json', REDIS_URL: redisUrl, PORTICO_AUTHORIZER_CACHE_REDIS_TIMEOUT_MS: '10000' }),
      { log: () => undefined },
    );
    replicas.push(await serveGateway(doc, { functionRunner: runner, authorizers: runtime.options }));
    const store = RedisDecisionStore.connect(redisSettings({ REDIS_URL: redisUrl }), { warn: () => undefined, info: () => undefined }, 10_000);
    stores.push(store);
    // Until connected, every read is a miss (commands are not queued on the request path).
    await Promise.all([store.ready(), (runtime.options.sharedStore as RedisDecisionStore).ready()]);
    replicas.push(await serveGateway(doc, { functionRunner: runner, authorizers: { sharedStore: store } }));
  });
  afterAll(async () => {
    for (const replica of replicas) await replica.close();
    for (const store of stores) await store.close();
    await runtime.close();
    await runner.close();
  });

  it('invokes the authorizer once for both replicas', async () => {
    const send = (replica: Served) => client.send(`${replica.url}/test/token`, { headers: { host, authorization: 'Bearer allow' } });
    await expect(send(replicas[0])).resolves.toMatchObject({ status: 200 });
    await expect(send(replicas[1])).resolves.toMatchObject({ status: 200 });
    await expect(send(replicas[1])).resolves.toMatchObject({ status: 200 });
    expect(calls).toBe(1);
    expect(backend.received.at(-1)!.headers['x-auth-principalid']).toBe('user-allow');
  });

  it('drops results when FlushStageAuthorizersCache is announced (shared entries deleted by the control plane)', async () => {
    const send = () => client.send(`${replicas[0].url}/test/token`, { headers: { host, authorization: 'Bearer allow' } });
    const before = calls;
    await send();
    expect(calls).toBe(before);
    const redis = new Redis(redisUrl);
    try {
      // What the control plane does: delete the stage's shared entries, then announce the stage.
      const keys = await redis.keys(`portico:authorizer:${API}:test:*`);
      expect(keys.length).toBe(1);
      await redis.del(...keys);
      const receivers = await redis.publish(AUTHORIZER_CACHE_FLUSH_CHANNEL, JSON.stringify({ restApiId: API, stageName: 'test' }));
      expect(receivers).toBeGreaterThanOrEqual(1);
      // The message arrives asynchronously: poll until replica 0 asks the authorizer again.
      const deadline = Date.now() + 5000;
      while (calls === before && Date.now() < deadline) {
        await send();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(calls).toBe(before + 1);
    } finally {
      await redis.quit();
    }
  });
});
