// "Why was this request refused?" end to end: an API defined with the real @aws-sdk/client-api-gateway (resource
// policy, AWS_IAM, a Lambda TOKEN authorizer run as a real local function, API keys, a usage plan quota, a method
// throttle) on the real control plane, served by two data-plane replicas sharing Redis. Each refusal's
// x-amzn-RequestId is looked up with a SigV4-signed GET /portico/requests/{id} on the control plane, which finds
// the replica that answered it.
import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import {
  ApiGatewayV2Client,
  CreateApiCommand,
  CreateDeploymentCommand as CreateHttpDeploymentCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateStageCommand,
} from '@aws-sdk/client-apigatewayv2';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { decisionTrailKey } from '@portico/contracts';
import { closeRedisClient, createRedisClient, redisSettings, type RedisClient } from '@portico/redis';
import { fileURLToPath } from 'node:url';
import { CP_DATA_PLANE_TOKEN, CP_MASTER_KEY } from './support/control-plane-process.js';
import { startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { testClient, type Answer } from './support/pipeline-fixtures.js';
import { createPostgresDatabase, type PostgresDatabase } from './support/postgres.js';
import { distEntry, eventually, freePort, startNode, waitForOk, type NodeProcess } from './support/processes.js';
import { startPrivateRedis, type PrivateRedis } from './support/redis-server.js';
import { lambdaUri } from './lambda-fixtures.js';

const ADMIN = { accessKeyId: 'AKIAPORTICOEXPLAIN01', secretAccessKey: 'portico-explain-test-secret-access-key' };
const INVALID_KEY = 'not-a-real-key-SECRETVALUE-0123456789';
const QUERY_SECRET = 'QUERYSECRET0123456789';
const authorizerFunctions = fileURLToPath(new URL('./authorizer-functions', import.meta.url));

let redis: PrivateRedis;
let database: PostgresDatabase;
let cp: NodeProcess;
let cpUrl: string;
let apigateway: APIGatewayClient;
const dps: TestDataPlane[] = [];
let restApiId: string;
let httpApiId: string;
let keyValue: string;
let keyId: string;
let planId: string;
let carol: { accessKeyId: string; secretAccessKey: string };
const client = testClient();

type Trail = {
  requestId: string;
  apiType: string;
  decision: string;
  decidedBy: string;
  status: number;
  path: string;
  steps: Record<string, unknown>[];
};

const policy = (statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

async function mockMethod(parentId: string, pathPart: string, method: { authorizationType?: string; authorizerId?: string; apiKeyRequired?: boolean } = {}): Promise<void> {
  const resourceId = (await apigateway.send(new CreateResourceCommand({ restApiId, parentId, pathPart }))).id as string;
  await apigateway.send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'GET', authorizationType: method.authorizationType ?? 'NONE', authorizerId: method.authorizerId, apiKeyRequired: method.apiKeyRequired }));
  await apigateway.send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200' }));
  await apigateway.send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
  await apigateway.send(new PutIntegrationResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200', responseTemplates: { 'application/json': '{"ok":true}' } }));
}

beforeAll(async () => {
  redis = await startPrivateRedis();
  database = await createPostgresDatabase();
  const port = await freePort();
  cp = startNode([distEntry('control-plane')], {
    PORTICO_CONTROL_PLANE_PORT: String(port),
    PORTICO_CONTROL_PLANE_HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    PORTICO_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
    PORTICO_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
    PORTICO_DATA_PLANE_TOKEN: CP_DATA_PLANE_TOKEN,
    PORTICO_MASTER_KEY: CP_MASTER_KEY,
  });
  cpUrl = `http://127.0.0.1:${port}`;
  // Generous: a loaded machine can take long to migrate and start the control plane; this bounds a hang.
  await waitForOk(`${cpUrl}/health/ready`, cp, 120_000);
  apigateway = new APIGatewayClient({ endpoint: cpUrl, region: 'us-east-1', credentials: ADMIN, maxAttempts: 1 });
  const iam = new IAMClient({ endpoint: cpUrl, region: 'us-east-1', credentials: ADMIN, maxAttempts: 1 });

  restApiId = (
    await apigateway.send(
      new CreateRestApiCommand({
        name: 'explained',
        endpointConfiguration: { types: ['REGIONAL'] },
        policy: policy([
          { Sid: 'OpenToAll', Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
          { Sid: 'BlockDenied', Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/GET/denied' },
        ]),
      }),
    )
  ).id as string;
  const root = (await apigateway.send(new GetResourcesCommand({ restApiId }))).items?.find((r) => r.path === '/')?.id as string;
  const authorizerId = (
    await apigateway.send(
      new CreateAuthorizerCommand({
        restApiId,
        name: 'token',
        type: 'TOKEN',
        authorizerUri: lambdaUri('token-authorizer'),
        identitySource: 'method.request.header.Authorization',
        authorizerResultTtlInSeconds: 300,
      }),
    )
  ).id as string;
  await mockMethod(root, 'denied');
  await mockMethod(root, 'iam', { authorizationType: 'AWS_IAM' });
  await mockMethod(root, 'authz', { authorizationType: 'CUSTOM', authorizerId });
  await mockMethod(root, 'quota', { apiKeyRequired: true });
  await mockMethod(root, 'throttle');
  await apigateway.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
  await apigateway.send(
    new UpdateStageCommand({
      restApiId,
      stageName: 'prod',
      patchOperations: [
        { op: 'replace', path: '/~1throttle/GET/throttling/burstLimit', value: '1' },
        { op: 'replace', path: '/~1throttle/GET/throttling/rateLimit', value: '0.01' },
        { op: 'replace', path: '/accessLogSettings/destinationArn', value: 'arn:aws:logs:us-east-1:000000000000:log-group:explained' },
        { op: 'replace', path: '/accessLogSettings/format', value: '{"requestId":"$context.requestId","decision":"$context.portico.decision"}' },
      ],
    }),
  );
  const key = await apigateway.send(new CreateApiKeyCommand({ name: 'explained-key', enabled: true }));
  keyValue = key.value as string;
  keyId = key.id as string;
  planId = (await apigateway.send(new CreateUsagePlanCommand({ name: 'one-a-day', quota: { limit: 1, period: 'DAY' }, apiStages: [{ apiId: restApiId, stage: 'prod' }] }))).id as string;
  await apigateway.send(new CreateUsagePlanKeyCommand({ usagePlanId: planId, keyId, keyType: 'API_KEY' }));

  await iam.send(new CreateUserCommand({ UserName: 'carol' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'carol',
      PolicyName: 'invoke-but-not-iam',
      PolicyDocument: policy([
        { Sid: 'InvokeAll', Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' },
        { Sid: 'NoIamForCarol', Effect: 'Deny', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:*/*/GET/iam' },
      ]),
    }),
  );
  const access = (await iam.send(new CreateAccessKeyCommand({ UserName: 'carol' }))).AccessKey!;
  carol = { accessKeyId: access.AccessKeyId!, secretAccessKey: access.SecretAccessKey! };
  iam.destroy();

  const v2 = new ApiGatewayV2Client({ endpoint: cpUrl, region: 'us-east-1', credentials: ADMIN, maxAttempts: 1 });
  httpApiId = (await v2.send(new CreateApiCommand({ Name: 'explained-http', ProtocolType: 'HTTP' }))).ApiId as string;
  // Port 9 (discard) is closed: the integration fails, which the trail explains too.
  const integration = await v2.send(new CreateIntegrationCommand({ ApiId: httpApiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'GET', IntegrationUri: 'http://127.0.0.1:9/pets', PayloadFormatVersion: '1.0' }));
  await v2.send(new CreateRouteCommand({ ApiId: httpApiId, RouteKey: 'GET /pets', Target: `integrations/${integration.IntegrationId}` }));
  await v2.send(new CreateStageCommand({ ApiId: httpApiId, StageName: '$default', RouteSettings: { 'GET /pets': { ThrottlingBurstLimit: 1, ThrottlingRateLimit: 0.01 } } }));
  await v2.send(new CreateHttpDeploymentCommand({ ApiId: httpApiId, StageName: '$default' }));
  v2.destroy();

  for (let i = 0; i < 2; i++) {
    dps.push(
      await startTestDataPlane({
        source: { kind: 'control-plane', url: cpUrl, token: CP_DATA_PLANE_TOKEN },
        redisUrl: redis.url,
        pollIntervalMs: 200,
        functionsDir: authorizerFunctions,
      }),
    );
  }
}, 300_000);

afterAll(async () => {
  for (const dp of dps) await dp.close();
  await client.close();
  apigateway?.destroy();
  await cp?.stop();
  await redis?.stop();
  await database?.drop();
});

const invokeUrl = (dp: TestDataPlane, path: string) => `${dp.invokeUrl}/restapis/${restApiId}/prod/_user_request_${path}`;

async function invoke(dp: TestDataPlane, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return client.send(invokeUrl(dp, path), { headers });
}

async function invokeSigned(dp: TestDataPlane, path: string, credentials: { accessKeyId: string; secretAccessKey: string }): Promise<Answer> {
  const target = new URL(invokeUrl(dp, path));
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'execute-api', sha256: Sha256 });
  const signed = await signer.sign(new HttpRequest({ method: 'GET', protocol: 'http:', hostname: target.hostname, port: Number(target.port), path: target.pathname, headers: { host: target.host } }));
  const { host: _host, ...headers } = signed.headers as Record<string, string>;
  return client.send(target.toString(), { headers });
}

/** GET /portico/requests/{id} on the control plane, signed for `apigateway` as the SDK signs admin calls. */
async function explain(requestId: string, credentials = ADMIN): Promise<{ status: number; errorType: string | undefined; body: Record<string, unknown> }> {
  const target = new URL(cpUrl);
  const path = `/portico/requests/${requestId}`;
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'apigateway', sha256: Sha256 });
  const signed = await signer.sign(new HttpRequest({ method: 'GET', protocol: 'http:', hostname: target.hostname, port: Number(target.port), path, headers: { host: target.host } }));
  const { host: _host, ...headers } = signed.headers as Record<string, string>;
  const response = await fetch(`${cpUrl}${path}`, { headers });
  return { status: response.status, errorType: response.headers.get('x-amzn-errortype') ?? undefined, body: (await response.json()) as Record<string, unknown> };
}

/** The trail of a refused request, through the control plane. */
async function trailOf(answer: Answer): Promise<Trail> {
  const requestId = (answer.headers['x-amzn-requestid'] ?? answer.headers['apigw-requestid']) as string;
  expect(requestId).toBeDefined();
  // The replica's announcement in Redis is written in batches (every 200 ms); asking every replica covers the gap.
  const found = await explain(requestId);
  expect(found.status).toBe(200);
  return found.body as unknown as Trail;
}

const decided = (trail: Trail) => trail.steps.at(-1) as Record<string, unknown>;

describe('decision trails through the control plane, across two replicas', () => {
  it('names the resource-policy statement that denied (by Sid), and writes $context.portico.decision', async () => {
    const answer = await invoke(dps[0], `/denied?token=${QUERY_SECRET}`);
    expect(answer.status).toBe(403);
    const trail = await trailOf(answer);
    expect(trail).toMatchObject({ apiType: 'REST', decision: 'RESOURCE_POLICY_DENY', decidedBy: 'resource-policy', status: 403, path: `/restapis/${restApiId}/prod/_user_request_/denied` });
    expect(decided(trail)).toMatchObject({ policy: 'resource', statementSid: 'BlockDenied', statementIndex: 1 });
    expect(trail.steps[0]).toMatchObject({ step: 'route', outcome: 'matched', resourcePath: '/denied' });
    expect(JSON.stringify(trail)).not.toContain(QUERY_SECRET);
    const requestId = trail.requestId;
    const line = await eventually(async () => dps[0].accessLog.find((l) => l.includes(requestId)), 'the access-log line');
    expect(JSON.parse(line)).toEqual({ requestId, decision: 'RESOURCE_POLICY_DENY' });
  });

  it("names the caller's identity-policy statement that denied an AWS_IAM method, never its signature", async () => {
    const answer = await invokeSigned(dps[1], '/iam', carol);
    expect(answer.status).toBe(403);
    const trail = await trailOf(answer);
    expect(trail).toMatchObject({ decision: 'IDENTITY_POLICY_DENY', decidedBy: 'identity-policy' });
    expect(decided(trail)).toMatchObject({ policy: 'identity', statementSid: 'NoIamForCarol', statementIndex: 1, policyIndex: 0, principalArn: 'arn:aws:iam::000000000000:user/carol' });
    const text = JSON.stringify(trail);
    expect(text).not.toContain(carol.secretAccessKey);
    expect(text).not.toMatch(/Signature=|[0-9a-f]{64}/);
  });

  it('says which Lambda authorizer denied, fresh and then cached, and never records the token', async () => {
    const first = await trailOf(await invoke(dps[0], '/authz', { authorization: 'Bearer deny' }));
    expect(first).toMatchObject({ decision: 'AUTHORIZER_POLICY_DENY', decidedBy: 'authorizer', status: 403 });
    expect(decided(first)).toMatchObject({ authorizerType: 'TOKEN', cached: false, policy: 'authorizer', statementIndex: 0 });
    // The resource policy's verdict before the authorizer ran (CUSTOM: an explicit Deny would have refused first).
    expect(first.steps).toContainEqual({ step: 'resource-policy', outcome: 'passed', policy: 'resource', resourcePolicy: 'Allow' });
    const second = await trailOf(await invoke(dps[0], '/authz', { authorization: 'Bearer deny' }));
    expect(decided(second)).toMatchObject({ decision: 'AUTHORIZER_POLICY_DENY', cached: true, authorizerId: decided(first).authorizerId });
    expect(JSON.stringify([first, second])).not.toContain('Bearer');
  });

  it('tells a missing API key from an invalid one, without the value', async () => {
    const missing = await trailOf(await invoke(dps[1], '/quota'));
    expect(missing).toMatchObject({ decision: 'API_KEY_MISSING', decidedBy: 'api-key', status: 403 });
    const invalid = await trailOf(await invoke(dps[1], '/quota', { 'x-api-key': INVALID_KEY }));
    expect(invalid).toMatchObject({ decision: 'API_KEY_INVALID', decidedBy: 'api-key' });
    expect(JSON.stringify(invalid)).not.toContain(INVALID_KEY);
  });

  it("names the usage plan and key whose quota refused (the key's id, not its value)", async () => {
    // The first admission waits for the Redis run to be seeded (quota fail mode closed); it spends the day's one.
    await eventually(async () => ((await invoke(dps[0], '/quota', { 'x-api-key': keyValue })).status === 200 ? true : undefined), 'the one request of the quota');
    const answer = await invoke(dps[0], '/quota', { 'x-api-key': keyValue });
    expect(answer.status).toBe(429);
    const trail = await trailOf(answer);
    expect(trail).toMatchObject({ decision: 'QUOTA_EXCEEDED', decidedBy: 'quota' });
    expect(decided(trail)).toMatchObject({ level: 'usage-plan', usagePlanId: planId, apiKeyId: keyId, quotaLimit: 1, quotaPeriod: 'DAY' });
    expect(trail.steps).toContainEqual({ step: 'api-key', outcome: 'passed', apiKeyId: keyId });
    expect(JSON.stringify(trail)).not.toContain(keyValue);
  });

  it('names the throttle level that refused (the method setting of the stage)', async () => {
    const statuses: Answer[] = [];
    for (let i = 0; i < 3; i++) statuses.push(await invoke(dps[1], '/throttle'));
    const refused = statuses.find((a) => a.status === 429);
    expect(refused).toBeDefined();
    const trail = await trailOf(refused!);
    expect(trail).toMatchObject({ decision: 'THROTTLED_METHOD', decidedBy: 'throttle', status: 429 });
    expect(decided(trail)).toMatchObject({ level: 'stage-method', burstLimit: 1, rateLimit: 0.01 });
    expect((decided(trail).limits as { level: string }[]).map((l) => l.level)).toEqual(['stage-method', 'account']);
  });

  it('says that no route matched (REST and HTTP APIs)', async () => {
    const rest = await trailOf(await invoke(dps[0], '/nowhere'));
    expect(rest).toMatchObject({ decision: 'ROUTE_NOT_FOUND', decidedBy: 'route', status: 403 });
    expect(rest.steps).toEqual([expect.objectContaining({ step: 'route', outcome: 'not-found' })]);
    const http = await client.send(`${dps[1].invokeUrl}/nowhere`, { headers: { host: `${httpApiId}.execute-api.localhost` } });
    expect(http.status).toBe(404);
    const trail = await trailOf(http);
    expect(trail).toMatchObject({ apiType: 'HTTP', decision: 'ROUTE_NOT_FOUND', decidedBy: 'route', status: 404, path: '/nowhere' });
  });

  it('explains HTTP API answers too: a failed integration, then the route throttle', async () => {
    const call = () => client.send(`${dps[0].invokeUrl}/pets`, { headers: { host: `${httpApiId}.execute-api.localhost` } });
    const answers = [await call(), await call()];
    // The first request passes the throttle and its integration fails (nothing listens on port 9).
    const failed = answers.find((a) => a.status >= 500);
    const throttled = answers.find((a) => a.status === 429);
    expect(failed && throttled).toBeDefined();
    await expect(trailOf(failed!)).resolves.toMatchObject({ apiType: 'HTTP', decision: 'INTEGRATION_FAILURE', decidedBy: 'integration' });
    const trail = await trailOf(throttled!);
    expect(trail).toMatchObject({ apiType: 'HTTP', decision: 'THROTTLED_ROUTE', decidedBy: 'throttle', status: 429 });
    expect(decided(trail)).toMatchObject({ level: 'route', routeKey: 'GET /pets', burstLimit: 1, rateLimit: 0.01 });
  });

  it('finds a trail through Redis, and by asking every replica when Redis does not name one', async () => {
    const answer = await invoke(dps[1], '/denied');
    const requestId = answer.headers['x-amzn-requestid'] as string;
    const settings = redisSettings({ REDIS_URL: redis.url });
    const reader: RedisClient = createRedisClient(settings, { name: 'test-reader', role: 'command', queueWhileConnecting: true, log: { warn: () => undefined, info: () => undefined }, whileDown: 'the test fails' });
    try {
      const location = await eventually(async () => (await reader.get(decisionTrailKey('', requestId))) ?? undefined, 'the announcement in Redis');
      expect(JSON.parse(location)).toMatchObject({ replica: expect.stringMatching(/^[0-9a-f]{16}$/) });
      const statusUrl = dps[1].statusUrl;
      await expect(explain(requestId)).resolves.toMatchObject({ status: 200, body: { requestId, decision: 'RESOURCE_POLICY_DENY', foundOn: { statusUrl, via: 'redis' } } });
      await reader.del(decisionTrailKey('', requestId));
      await expect(explain(requestId)).resolves.toMatchObject({ status: 200, body: { requestId, foundOn: { statusUrl, via: 'replicas' } } });
    } finally {
      await closeRedisClient(reader);
    }
  });

  it('answers an unknown request id with an AWS-shaped 404, and refuses callers who are not the account root', async () => {
    const unknown = await explain('00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.errorType).toBe('NotFoundException');
    expect(typeof unknown.body.message).toBe('string');
    const answer = await invoke(dps[0], '/denied');
    const forbidden = await explain(answer.headers['x-amzn-requestid'] as string, carol);
    expect(forbidden.status).toBe(403);
    expect(forbidden.errorType).toBe('AccessDeniedException');
  });

  it("serves the replica's own trails on its status listener, to holders of the data-plane token only", async () => {
    const answer = await invoke(dps[0], '/denied');
    const requestId = answer.headers['x-amzn-requestid'] as string;
    const own = await fetch(`${dps[0].statusUrl}/portico/requests/${requestId}`, { headers: { authorization: `Bearer ${CP_DATA_PLANE_TOKEN}` } });
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({ requestId, decision: 'RESOURCE_POLICY_DENY' });
    const other = await fetch(`${dps[1].statusUrl}/portico/requests/${requestId}`, { headers: { authorization: `Bearer ${CP_DATA_PLANE_TOKEN}` } });
    expect(other.status).toBe(404);
    const anonymous = await fetch(`${dps[0].statusUrl}/portico/requests/${requestId}`);
    expect(anonymous.status).toBe(403);
  });
});
