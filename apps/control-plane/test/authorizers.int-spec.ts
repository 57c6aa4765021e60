import {
  BadRequestException,
  ConflictException,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  FlushStageAuthorizersCacheCommand,
  PutIntegrationCommand,
  DeleteAuthorizerCommand,
  GetAuthorizerCommand,
  GetAuthorizersCommand,
  NotFoundException,
  PutMethodCommand,
  TestInvokeAuthorizerCommand,
  UpdateAuthorizerCommand,
} from '@aws-sdk/client-api-gateway';
import { createHmac } from 'node:crypto';
import { AUTHORIZER_CACHE_FLUSH_CHANNEL } from '@portico/contracts';
import { Redis } from 'ioredis';
import { startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';

const LAMBDA_URI = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:auth/invocations';
const POOL_ARN = 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_Pool1';
const SECRET = 'correct-horse-battery-staple-0123456789';

/** Signs as examples/hmac-authorizer's clients do (the app may not import a plugin package: module boundaries). */
function signRequest(o: { method: string; path: string; keyId: string; secret: string }): Record<string, string> {
  const date = new Date().toISOString();
  const signature = createHmac('sha256', o.secret).update(`${o.method}\n${o.path}\n${date}\n${o.keyId}`).digest('hex');
  return { 'x-portico-key-id': o.keyId, 'x-portico-date': date, 'x-portico-signature': signature };
}

let cp: TestControlPlane;
let apiId: string;
let rootId: string;
beforeAll(async () => {
  cp = await startTestControlPlane({ plugins: ['portico-hmac-authorizer'] });
  const api = await cp.client.send(new CreateRestApiCommand({ name: 'authorizers' }));
  apiId = api.id!;
  rootId = api.rootResourceId!;
});
afterAll(async () => {
  await cp?.close();
});

const create = (input: Omit<ConstructorParameters<typeof CreateAuthorizerCommand>[0], 'restApiId'>, restApiId = apiId) =>
  cp.client.send(new CreateAuthorizerCommand({ restApiId, ...input }));

describe('authorizers', () => {
  it('creates (201) with AWS defaults, gets, lists, updates and deletes (202)', async () => {
    const created = await create({ name: 'token', type: 'TOKEN', authorizerUri: LAMBDA_URI, identitySource: 'method.request.header.Authorization' });
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created).toMatchObject({ name: 'token', type: 'TOKEN', authorizerUri: LAMBDA_URI, identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 300 });
    expect(created.id).toMatch(/^[a-z0-9]{6}$/);

    await expect(cp.client.send(new GetAuthorizerCommand({ restApiId: apiId, authorizerId: created.id! }))).resolves.toMatchObject({ id: created.id, name: 'token' });
    const list = await cp.client.send(new GetAuthorizersCommand({ restApiId: apiId }));
    expect(list.items?.map((a) => a.id)).toContain(created.id);

    const updated = await cp.client.send(
      new UpdateAuthorizerCommand({
        restApiId: apiId,
        authorizerId: created.id!,
        patchOperations: [
          { op: 'replace', path: '/authorizerResultTtlInSeconds', value: '0' },
          { op: 'replace', path: '/identityValidationExpression', value: '^Bearer [-0-9a-zA-Z._]+$' },
        ],
      }),
    );
    expect(updated).toMatchObject({ authorizerResultTtlInSeconds: 0, identityValidationExpression: '^Bearer [-0-9a-zA-Z._]+$' });
    await expect(
      cp.client.send(new UpdateAuthorizerCommand({ restApiId: apiId, authorizerId: created.id!, patchOperations: [{ op: 'replace', path: '/authorizerResultTtlInSeconds', value: '3601' }] })),
    ).rejects.toBeInstanceOf(BadRequestException);

    const deleted = await cp.client.send(new DeleteAuthorizerCommand({ restApiId: apiId, authorizerId: created.id! }));
    expect(deleted.$metadata.httpStatusCode).toBe(202);
    await expect(cp.client.send(new GetAuthorizerCommand({ restApiId: apiId, authorizerId: created.id! }))).rejects.toMatchObject({
      name: 'NotFoundException',
      message: 'Invalid Authorizer identifier specified',
    });
  });

  it('validates what each type needs', async () => {
    const bad: Array<Omit<ConstructorParameters<typeof CreateAuthorizerCommand>[0], 'restApiId'>> = [
      { name: 'no-uri', type: 'TOKEN', identitySource: 'method.request.header.Authorization' },
      { name: 'bad-uri', type: 'TOKEN', authorizerUri: 'https://example.com', identitySource: 'method.request.header.Authorization' },
      { name: 'token-query', type: 'TOKEN', authorizerUri: LAMBDA_URI, identitySource: 'method.request.querystring.token' },
      { name: 'bad-source', type: 'REQUEST', authorizerUri: LAMBDA_URI, identitySource: 'method.request.path.id' },
      { name: 'no-sources-cached', type: 'REQUEST', authorizerUri: LAMBDA_URI },
      { name: 'ttl', type: 'TOKEN', authorizerUri: LAMBDA_URI, identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 3601 },
      { name: 'regex', type: 'TOKEN', authorizerUri: LAMBDA_URI, identitySource: 'method.request.header.Authorization', identityValidationExpression: '(' },
      { name: 'cognito', type: 'COGNITO_USER_POOLS', identitySource: 'method.request.header.Authorization' },
      { name: 'cognito-arn', type: 'COGNITO_USER_POOLS', providerARNs: ['not-an-arn'], identitySource: 'method.request.header.Authorization' },
    ];
    for (const input of bad) await expect(create(input)).rejects.toBeInstanceOf(BadRequestException);
    await expect(create({ name: 'x', type: 'JWT' as never })).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(create({ name: 'orphan', type: 'TOKEN', authorizerUri: LAMBDA_URI, identitySource: 'method.request.header.A' }, 'nosuchapi1')).rejects.toBeInstanceOf(ConflictException);
    await expect(
      create({ name: 'request-uncached', type: 'REQUEST', authorizerUri: LAMBDA_URI, authorizerResultTtlInSeconds: 0 }),
    ).resolves.toMatchObject({ authorizerResultTtlInSeconds: 0 });
    await expect(
      create({ name: 'cognito-ok', type: 'COGNITO_USER_POOLS', providerARNs: [POOL_ARN, 'https://keycloak.example/realms/portico'], identitySource: 'method.request.header.Authorization' }),
    ).resolves.toMatchObject({ providerARNs: [POOL_ARN, 'https://keycloak.example/realms/portico'] });
  });

  it('validates plugin settings against the plugin schema on write', async () => {
    await expect(create({ name: 'p1', type: 'REQUEST', authorizerUri: 'portico:plugin/hmac-authorizer?secret=short', identitySource: 'method.request.header.X-Portico-Signature' })).rejects.toMatchObject({
      name: 'BadRequestException',
      message: 'Invalid hmac-authorizer setting secret: must be at least 32 characters',
    });
    await expect(create({ name: 'p2', type: 'REQUEST', authorizerUri: 'portico:plugin/nope', identitySource: 'method.request.header.X' })).rejects.toMatchObject({
      message: expect.stringContaining('No authorizer plugin named nope is loaded'),
    });
    // A secret from a stage variable is checked when a data plane loads the stage.
    await expect(
      create({ name: 'p3', type: 'REQUEST', authorizerUri: 'portico:plugin/hmac-authorizer?secret=${stageVariables.hmacSecret}&maxSkewSeconds=60', identitySource: 'method.request.header.X-Portico-Signature' }),
    ).resolves.toMatchObject({ name: 'p3' });
  });

  it('is referenced by CUSTOM methods and cannot be deleted while in use', async () => {
    const authorizer = await create({ name: 'in-use', type: 'TOKEN', authorizerUri: LAMBDA_URI, identitySource: 'method.request.header.Authorization' });
    await expect(cp.client.send(new PutMethodCommand({ restApiId: apiId, resourceId: rootId, httpMethod: 'GET', authorizationType: 'CUSTOM' }))).rejects.toBeInstanceOf(BadRequestException);
    await cp.client.send(new PutMethodCommand({ restApiId: apiId, resourceId: rootId, httpMethod: 'GET', authorizationType: 'CUSTOM', authorizerId: authorizer.id }));
    await expect(cp.client.send(new DeleteAuthorizerCommand({ restApiId: apiId, authorizerId: authorizer.id! }))).rejects.toBeInstanceOf(ConflictException);
    await expect(cp.client.send(new GetAuthorizerCommand({ restApiId: apiId, authorizerId: 'nope00' }))).rejects.toBeInstanceOf(NotFoundException);
  });

  it('test-invokes a plugin authorizer with AWS’s response shape', async () => {
    const authorizer = await create({
      name: 'hmac',
      type: 'REQUEST',
      authorizerUri: 'portico:plugin/hmac-authorizer?secret=${stageVariables.hmacSecret}',
      identitySource: 'method.request.header.X-Portico-Signature',
    });
    const headers = signRequest({ method: 'GET', path: '/orders/7', keyId: 'console', secret: SECRET });
    const allowed = await cp.client.send(
      new TestInvokeAuthorizerCommand({ restApiId: apiId, authorizerId: authorizer.id!, headers, pathWithQueryString: '/orders/7', stageVariables: { hmacSecret: SECRET } }),
    );
    expect(allowed).toMatchObject({ clientStatus: 0, principalId: 'console', authorization: { keyId: ['console'] } });
    expect(typeof allowed.latency).toBe('number');
    expect(allowed.log).toContain(authorizer.id);

    const unsigned = await cp.client.send(
      new TestInvokeAuthorizerCommand({ restApiId: apiId, authorizerId: authorizer.id!, headers: { 'X-Portico-Signature': 'deadbeef' }, stageVariables: { hmacSecret: SECRET } }),
    );
    expect(unsigned.clientStatus).toBe(401);
  });
});

describe('FlushStageAuthorizersCache', () => {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  let withRedis: TestControlPlane;
  let flushApi: string;
  beforeAll(async () => {
    withRedis = await startTestControlPlane({ redisUrl });
    const api = await withRedis.client.send(new CreateRestApiCommand({ name: 'flush' }));
    flushApi = api.id!;
    await withRedis.client.send(new PutMethodCommand({ restApiId: flushApi, resourceId: api.rootResourceId!, httpMethod: 'GET', authorizationType: 'NONE' }));
    await withRedis.client.send(new PutIntegrationCommand({ restApiId: flushApi, resourceId: api.rootResourceId!, httpMethod: 'GET', type: 'MOCK' }));
    await withRedis.client.send(new CreateDeploymentCommand({ restApiId: flushApi, stageName: 'prod' }));
  });
  afterAll(async () => {
    await withRedis?.close();
  });

  it('answers 404 for an unknown stage', async () => {
    await expect(cp.client.send(new FlushStageAuthorizersCacheCommand({ restApiId: apiId, stageName: 'nope' }))).rejects.toMatchObject({
      name: 'NotFoundException',
      message: 'Invalid Stage identifier specified',
    });
  });

  it('deletes the stage’s shared results and announces the stage to the data planes (202)', async () => {
    const redis = new Redis(redisUrl);
    const subscriber = new Redis(redisUrl);
    try {
      const messages: string[] = [];
      await subscriber.subscribe(AUTHORIZER_CACHE_FLUSH_CHANNEL);
      const received = new Promise<void>((resolve) => subscriber.on('message', (_channel: string, message: string) => (messages.push(message), resolve())));
      await redis.set(`portico:authorizer:${flushApi}:prod:auth01:hash:digest`, '{}', 'EX', 60);
      await redis.set(`portico:authorizer:${flushApi}:other:auth01:hash:digest`, '{}', 'EX', 60);
      const answer = await withRedis.client.send(new FlushStageAuthorizersCacheCommand({ restApiId: flushApi, stageName: 'prod' }));
      expect(answer.$metadata.httpStatusCode).toBe(202);
      expect(await redis.keys(`portico:authorizer:${flushApi}:*`)).toEqual([`portico:authorizer:${flushApi}:other:auth01:hash:digest`]);
      await received;
      expect(JSON.parse(messages[0])).toEqual({ restApiId: flushApi, stageName: 'prod' });
      await redis.del(`portico:authorizer:${flushApi}:other:auth01:hash:digest`);
    } finally {
      await subscriber.quit();
      await redis.quit();
    }
  });
});
