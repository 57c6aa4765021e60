import type { AuthorizerSnapshot } from '@portico/contracts';
import { allow, defineAuthorizer, deny, schema } from '@portico/plugin-sdk';
import type { FunctionInvoker, FunctionOutcome } from '../lambda/lambda-authorizer.js';
import { compileAuthorizer, type AuthorizationInput, type AuthorizerHost, type CompiledAuthorizer } from './compile-authorizer.js';
import type { SharedDecisionStore } from '../host/decision-cache.js';
import { PluginRegistry } from '../host/plugin-registry.js';

const ARN_BASE = 'arn:aws:execute-api:us-east-1:123456789012:api1234567/prod';

/** Local "Lambda functions": handlers keyed by function name in the authorizer URI, counting invocations. */
function localFunctions(handlers: Record<string, (event: Record<string, unknown>) => unknown>) {
  const calls: Record<string, Record<string, unknown>[]> = {};
  const invoke: FunctionInvoker = async (uri, payload): Promise<FunctionOutcome> => {
    const name = /function:([\w-]+)\/invocations$/.exec(uri)?.[1] ?? uri;
    const event = JSON.parse(payload) as Record<string, unknown>;
    (calls[name] ??= []).push(event);
    try {
      const result = await handlers[name](event);
      return { kind: 'success', payload: JSON.stringify(result) };
    } catch (error) {
      return { kind: 'function-error', error: { errorMessage: (error as Error).message, errorType: 'Error' } };
    }
  };
  return { invoke, calls };
}

const uri = (name: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${name}/invocations`;

function policy(effect: 'Allow' | 'Deny', resource: string | string[]) {
  return { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }] };
}

function input(options: { headers?: Record<string, string>; query?: Record<string, string[]>; verb?: string; path?: string; scopes?: string[] } = {}): AuthorizationInput {
  const headers = options.headers ?? {};
  const rawHeaders = Object.entries(headers).flat();
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const verb = options.verb ?? 'GET';
  const path = options.path ?? '/pets/42';
  return {
    methodArn: `${ARN_BASE}/${verb}${path}`,
    httpMethod: verb,
    resource: '/pets/{id}',
    path,
    headers: lower,
    rawHeaders,
    query: (name) => options.query?.[name],
    multiValueQuery: () => options.query ?? {},
    pathParameters: { id: '42' },
    contextValue: (name) => (name === 'httpMethod' ? verb : undefined),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api1234567',
      stage: 'prod',
      requestId: 'req-1',
      resourceId: 'res123',
      resourcePath: '/pets/{id}',
      httpMethod: verb,
      path: `/prod${path}`,
      requestTimeEpoch: 0,
      identity: { sourceIp: '203.0.113.9' },
    },
    authorizationScopes: options.scopes ?? [],
  };
}

function snapshot(overrides: Partial<AuthorizerSnapshot>): AuthorizerSnapshot {
  return {
    id: 'auth01',
    name: 'test',
    type: 'TOKEN',
    providerARNs: [],
    identitySource: 'method.request.header.Authorization',
    authorizerResultTtlInSeconds: 300,
    ...overrides,
  };
}

const stage = { apiId: 'api1234567', stageName: 'prod', variables: { secretVar: 'from-stage-variable' } };
const compiled: CompiledAuthorizer[] = [];
function compile(s: AuthorizerSnapshot, host: Partial<AuthorizerHost> & { invokeFunction?: FunctionInvoker }): CompiledAuthorizer {
  const result = compileAuthorizer(s, stage, { registry: new PluginRegistry(), ...host });
  if (!result.ok) throw new Error(result.reason);
  compiled.push(result.authorizer);
  return result.authorizer;
}
afterEach(async () => {
  for (const a of compiled.splice(0)) await a.close();
});

describe('Lambda TOKEN authorizer', () => {
  const fns = localFunctions({
    tokenAuth: (event) => {
      const token = event.authorizationToken as string;
      if (token === 'allow') return { principalId: 'user-1', policyDocument: policy('Allow', `${ARN_BASE}/GET/*`), context: { tier: 'gold', n: 1, ok: true }, usageIdentifierKey: 'key-value-123' };
      if (token === 'deny') return { principalId: 'user-1', policyDocument: policy('Deny', `${ARN_BASE}/*`) };
      if (token === 'broken') return { principalId: 'user-1' };
      if (token === 'nested') return { principalId: 'u', policyDocument: policy('Allow', '*'), context: { a: { b: 1 } } };
      if (token === 'crash') throw new Error('boom');
      throw new Error('Unauthorized');
    },
  });
  const authorizer = () => compile(snapshot({ authorizerUri: uri('tokenAuth') }), { invokeFunction: fns.invoke });

  it('passes AWS’s TOKEN event and maps allow with context and usageIdentifierKey', async () => {
    const a = authorizer();
    await expect(Promise.resolve(a.authorize(input({ headers: { Authorization: 'allow' } }), 'r1'))).resolves.toMatchObject({
      kind: 'allow',
      principalId: 'user-1',
      context: { tier: 'gold', n: 1, ok: true },
      usageIdentifierKey: 'key-value-123',
    });
    expect(fns.calls.tokenAuth.at(-1)).toEqual({ type: 'TOKEN', authorizationToken: 'allow', methodArn: `${ARN_BASE}/GET/pets/42` });
  });

  it('maps deny, Unauthorized, errors and malformed output', async () => {
    const a = authorizer();
    await expect(Promise.resolve(a.authorize(input({ headers: { Authorization: 'deny' } }), 'r'))).resolves.toMatchObject({ kind: 'denied', explicit: true });
    await expect(Promise.resolve(a.authorize(input({ headers: { Authorization: 'nobody' } }), 'r'))).resolves.toMatchObject({ kind: 'unauthorized' });
    await expect(Promise.resolve(a.authorize(input({ headers: { Authorization: 'crash' } }), 'r'))).resolves.toMatchObject({ kind: 'error' });
    await expect(Promise.resolve(a.authorize(input({ headers: { Authorization: 'broken' } }), 'r'))).resolves.toMatchObject({ kind: 'error' });
    await expect(Promise.resolve(a.authorize(input({ headers: { Authorization: 'nested' } }), 'r'))).resolves.toMatchObject({ kind: 'error' });
  });

  it('answers 401 without invoking when the token is missing, empty or fails the validation expression', async () => {
    const a = compile(snapshot({ authorizerUri: uri('tokenAuth'), identityValidationExpression: '^allow$' }), { invokeFunction: fns.invoke });
    const before = fns.calls.tokenAuth?.length ?? 0;
    await expect(Promise.resolve(a.authorize(input(), 'r'))).resolves.toMatchObject({ kind: 'unauthorized' });
    await expect(Promise.resolve(a.authorize(input({ headers: { Authorization: '  ' } }), 'r'))).resolves.toMatchObject({ kind: 'unauthorized' });
    await expect(Promise.resolve(a.authorize(input({ headers: { Authorization: 'deny' } }), 'r'))).resolves.toMatchObject({ kind: 'unauthorized' });
    expect(fns.calls.tokenAuth?.length ?? 0).toBe(before);
  });

  it('caches the policy per token and re-evaluates it against each method ARN', async () => {
    const a = authorizer();
    const before = fns.calls.tokenAuth?.length ?? 0;
    for (let i = 0; i < 3; i++) await expect(Promise.resolve(a.authorize(input({ headers: { Authorization: 'allow' } }), 'r'))).resolves.toMatchObject({ kind: 'allow' });
    // Cached policy allows GET/* only: a POST with the same token is denied without a new invocation.
    await expect(Promise.resolve(a.authorize(input({ headers: { Authorization: 'allow' }, verb: 'POST' }), 'r'))).resolves.toMatchObject({ kind: 'denied', explicit: false });
    expect(fns.calls.tokenAuth.length - before).toBe(1);
  });

  it('answers cache hits synchronously with one outcome per cached decision', async () => {
    const a = authorizer();
    const first = await a.authorize(input({ headers: { Authorization: 'allow' } }), 'r');
    expect(first).toMatchObject({ kind: 'allow', principalId: 'user-1' });
    const hit = a.authorize(input({ headers: { Authorization: 'allow' } }), 'r');
    expect(hit).not.toBeInstanceOf(Promise);
    expect(hit).toMatchObject({ kind: 'allow', principalId: 'user-1', context: { tier: 'gold', n: 1, ok: true }, latencyMs: 0 });
    expect(a.authorize(input({ headers: { Authorization: 'allow' } }), 'r')).toBe(hit);
  });

  it('does not cache with TTL 0 nor cache failures', async () => {
    const a = compile(snapshot({ authorizerUri: uri('tokenAuth'), authorizerResultTtlInSeconds: 0 }), { invokeFunction: fns.invoke });
    const before = fns.calls.tokenAuth?.length ?? 0;
    await a.authorize(input({ headers: { Authorization: 'allow' } }), 'r');
    await a.authorize(input({ headers: { Authorization: 'allow' } }), 'r');
    const b = authorizer();
    await b.authorize(input({ headers: { Authorization: 'crash' } }), 'r');
    await b.authorize(input({ headers: { Authorization: 'crash' } }), 'r');
    expect(fns.calls.tokenAuth.length - before).toBe(4);
  });

  it('shares results through the shared store across replicas', async () => {
    const entries = new Map<string, string>();
    const store: SharedDecisionStore = { get: async (k) => entries.get(k), set: async (k, v) => void entries.set(k, v) };
    const replicaA = compile(snapshot({ authorizerUri: uri('tokenAuth') }), { invokeFunction: fns.invoke, sharedStore: store });
    const replicaB = compile(snapshot({ authorizerUri: uri('tokenAuth') }), { invokeFunction: fns.invoke, sharedStore: store });
    const before = fns.calls.tokenAuth?.length ?? 0;
    await expect(Promise.resolve(replicaA.authorize(input({ headers: { Authorization: 'allow' } }), 'r'))).resolves.toMatchObject({ kind: 'allow' });
    await expect(Promise.resolve(replicaB.authorize(input({ headers: { Authorization: 'allow' } }), 'r'))).resolves.toMatchObject({ kind: 'allow', latencyMs: 0 });
    expect(fns.calls.tokenAuth.length - before).toBe(1);
  });

  it('turns a slow authorizer into an error at the timeout', async () => {
    const slow: FunctionInvoker = () => new Promise(() => undefined);
    const a = compile(snapshot({ authorizerUri: uri('slow') }), { invokeFunction: slow, timeoutMs: 20 });
    await expect(Promise.resolve(a.authorize(input({ headers: { Authorization: 'x' } }), 'r'))).resolves.toMatchObject({ kind: 'error' });
  });
});

describe('Lambda REQUEST authorizer', () => {
  const fns = localFunctions({
    requestAuth: (event) => {
      const headers = event.headers as Record<string, string>;
      const query = event.queryStringParameters as Record<string, string>;
      if (headers.HeaderAuth1 === 'headerValue1' && query.QueryString1 === 'queryValue1') {
        return { principalId: 'me', policyDocument: policy('Allow', `${ARN_BASE}/*/*`) };
      }
      throw new Error('Unauthorized');
    },
  });

  it('passes AWS’s REQUEST event and requires every identity source when caching', async () => {
    const a = compile(
      snapshot({ type: 'REQUEST', authorizerUri: uri('requestAuth'), identitySource: 'method.request.header.HeaderAuth1, method.request.querystring.QueryString1' }),
      { invokeFunction: fns.invoke },
    );
    await expect(Promise.resolve(a.authorize(input({ headers: { HeaderAuth1: 'headerValue1' } }), 'r'))).resolves.toMatchObject({ kind: 'unauthorized' });
    expect(fns.calls.requestAuth).toBeUndefined();
    await expect(Promise.resolve(a.authorize(input({ headers: { HeaderAuth1: 'headerValue1' }, query: { QueryString1: ['queryValue1'] } }), 'r'))).resolves.toMatchObject({
      kind: 'allow',
      principalId: 'me',
    });
    const event = fns.calls.requestAuth[0];
    expect(Object.keys(event).sort()).toEqual(
      ['type', 'methodArn', 'resource', 'path', 'httpMethod', 'headers', 'multiValueHeaders', 'queryStringParameters', 'multiValueQueryStringParameters', 'pathParameters', 'stageVariables', 'requestContext'].sort(),
    );
    expect(event).toMatchObject({
      type: 'REQUEST',
      resource: '/pets/{id}',
      path: '/pets/42',
      httpMethod: 'GET',
      headers: { HeaderAuth1: 'headerValue1' },
      multiValueHeaders: { HeaderAuth1: ['headerValue1'] },
      queryStringParameters: { QueryString1: 'queryValue1' },
      multiValueQueryStringParameters: { QueryString1: ['queryValue1'] },
      pathParameters: { id: '42' },
      stageVariables: { secretVar: 'from-stage-variable' },
      requestContext: { accountId: '123456789012', apiId: 'api1234567', stage: 'prod', resourceId: 'res123', resourcePath: '/pets/{id}', identity: { sourceIp: '203.0.113.9' } },
    });
  });
});

describe('plugin authorizers', () => {
  const echo = defineAuthorizer({
    name: 'shared-secret',
    version: '1.0.0',
    sdk: '^1.0.0',
    configSchema: schema.object({
      description: 'Compares a header with a secret',
      properties: {
        secret: schema.string({ description: 'The secret', minLength: 8 }),
        header: schema.string({ description: 'Header carrying it', default: 'x-secret' }),
        maxAge: schema.integer({ description: 'Unused number setting', minimum: 1, default: 5 }),
      },
      required: ['secret'],
    }),
    create(config) {
      return { authorize: (request) => (request.headers[config.header] === config.secret ? allow({ principalId: `age-${config.maxAge}` }) : deny(403, 'wrong secret')) };
    },
  });
  const registry = new PluginRegistry([echo]);

  it('runs portico:plugin/{name} with settings from the URI, stage variables substituted', async () => {
    const a = compile(
      snapshot({ type: 'REQUEST', identitySource: 'method.request.header.X-Secret', authorizerUri: 'portico:plugin/shared-secret?secret=${stageVariables.secretVar}&maxAge=7' }),
      { registry },
    );
    await expect(Promise.resolve(a.authorize(input({ headers: { 'X-Secret': 'from-stage-variable' } }), 'r'))).resolves.toMatchObject({ kind: 'allow', principalId: 'age-7' });
    await expect(Promise.resolve(a.authorize(input({ headers: { 'X-Secret': 'nope' } }), 'r'))).resolves.toMatchObject({ kind: 'denied', explicit: false });
  });

  it('refuses an unknown plugin or an invalid config at compile time', () => {
    expect(compileAuthorizer(snapshot({ authorizerUri: 'portico:plugin/missing' }), stage, { registry })).toEqual({
      ok: false,
      reason: 'no authorizer plugin named missing is loaded (PORTICO_PLUGINS)',
    });
    expect(compileAuthorizer(snapshot({ authorizerUri: 'portico:plugin/shared-secret?secret=short&maxAge=zero' }), stage, { registry })).toEqual({
      ok: false,
      reason: 'invalid shared-secret config: /secret must be at least 8 characters; /maxAge must be a number, got string',
    });
  });
});
