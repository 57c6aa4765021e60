import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { APIGatewayProxyEventV2, APIGatewayProxyEvent } from 'aws-lambda';
import type { HttpApiSnapshotInput, IamConfig } from '@portico/contracts';
import { deriveSigningKey } from '@portico/engine-sigv4';
import { TestIssuer } from '@portico/gateway-http/testing';
import { startBackend, type TestBackend } from './support/backends.js';
import { httpApiDocument, invoke } from './support/http-api-documents.js';
import { metricValue } from './support/data-plane-harness.js';
import { distEntry, eventually, freePorts, startNode, waitForOk, type NodeProcess } from './support/processes.js';

const functionsDir = fileURLToPath(new URL('./http-api-functions', import.meta.url));
const vector = <T>(name: string): T => JSON.parse(readFileSync(fileURLToPath(new URL(`../../../libs/gateway/http/test/vectors/${name}`, import.meta.url)), 'utf8')) as T;
const fn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

// An IAM user allowed to invoke GET /iam of any HTTP API stage, with signing keys for yesterday, today and tomorrow.
const alice = { accessKeyId: 'AKIAALICEALICEALICE1', secretAccessKey: 'alice-secret-alice-secret-alice-secret-0' };
const days = [-1, 0, 1].map((d) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10).replace(/-/g, ''));
const iam: IamConfig = {
  principals: {
    'arn:aws:iam::000000000000:user/alice': {
      arn: 'arn:aws:iam::000000000000:user/alice',
      principalArn: 'arn:aws:iam::000000000000:user/alice',
      accountId: '000000000000',
      userId: 'AIDAALICE',
      type: 'User',
      username: 'alice',
      tags: {},
      policies: [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:*/*/GET/iam' }] })],
    },
  },
  credentials: [
    {
      accessKeyId: alice.accessKeyId,
      principal: 'arn:aws:iam::000000000000:user/alice',
      signingKeys: Object.fromEntries(days.map((d) => [d, deriveSigningKey(alice.secretAccessKey, d, 'us-east-1', 'execute-api').toString('hex')])),
    },
  ],
  vpcEndpoints: [],
};

// HTTP APIs through a real data plane process fed by a standalone config file: route precedence, payload 1.0 and
// 2.0 against AWS's samples, response inference, parameter mapping, JWT and Lambda authorizers, CORS, throttling.
describe('HTTP APIs (data plane)', () => {
  let dir: string;
  let backend: TestBackend;
  let idp: TestIssuer;
  let proc: NodeProcess;
  let port: number;
  let statusPort: number;

  const api = 'httpapi001';
  const call = (method: string, path: string, options?: Parameters<typeof invoke>[4]) => invoke(port, api, method, path, options);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'portico-http-api-'));
    [backend, idp] = await Promise.all([startBackend('B'), TestIssuer.start()]);
    const http = (integrationId: string, integrationUri: string, extra: Record<string, unknown> = {}) => ({
      integrationId,
      integrationType: 'HTTP_PROXY',
      integrationUri,
      integrationMethod: 'ANY',
      payloadFormatVersion: '1.0',
      ...extra,
    });
    const lambda = (integrationId: string, name: string, payloadFormatVersion = '2.0') => ({
      integrationId,
      integrationType: 'AWS_PROXY',
      integrationUri: fn(name),
      payloadFormatVersion,
    });
    const route = (routeKey: string, integrationId: string, extra: Record<string, unknown> = {}) => ({
      routeId: `r${routeKey.replace(/[^a-z0-9]/gi, '').slice(0, 12)}`,
      routeKey,
      target: `integrations/${integrationId}`,
      ...extra,
    });
    const cors = { allowOrigins: ['https://www.example.com'], allowMethods: ['GET', 'POST'], allowHeaders: ['authorization'], exposeHeaders: ['x-answer'], maxAge: 300 };
    const deployment = {
      integrations: [
        http('ifixed', `${backend.url}/fixed`),
        http('iparam', `${backend.url}/dogs/{id}`),
        http('iproxy', `${backend.url}/pets/{proxy}`),
        http('idefault', backend.url),
        http('imapped', `${backend.url}/mapped`, {
          requestParameters: {
            'append:header.x-list': 'added',
            'overwrite:header.x-stage': '$context.stage',
            'remove:header.x-secret': "''",
            'overwrite:querystring.page': '$stageVariables.page',
            'overwrite:path': '/rewritten/${request.path.id}',
          },
          responseParameters: { '200': { 'overwrite:statuscode': '202', 'append:header.x-mapped': '${context.stage}:${response.header.content-type}' } },
        }),
        lambda('iv2', 'event'),
        lambda('iv1', 'event', '1.0'),
        lambda('ibare', 'bare'),
        lambda('itext', 'text'),
        lambda('icookies', 'cookies'),
      ],
      authorizers: [
        { authorizerId: 'ajwt', name: 'jwt', authorizerType: 'JWT' as const, identitySource: ['$request.header.Authorization'], jwtConfiguration: { issuer: idp.issuer, audience: ['client-1'] } },
        {
          authorizerId: 'asimple',
          name: 'simple',
          authorizerType: 'REQUEST' as const,
          authorizerUri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fn('authorizer-simple')}/invocations`,
          authorizerPayloadFormatVersion: '2.0' as const,
          enableSimpleResponses: true,
          authorizerResultTtlInSeconds: 300,
          identitySource: ['$request.header.x-token'],
        },
        {
          authorizerId: 'apolicy',
          name: 'policy',
          authorizerType: 'REQUEST' as const,
          authorizerUri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fn('authorizer-policy')}/invocations`,
          authorizerPayloadFormatVersion: '1.0' as const,
          authorizerResultTtlInSeconds: 0,
          identitySource: ['$request.querystring.token'],
        },
      ],
      routes: [
        route('GET /pets/dog/1', 'ifixed'),
        route('GET /pets/dog/{id}', 'iparam'),
        route('GET /pets/{proxy+}', 'iproxy'),
        route('ANY /{proxy+}', 'iv2'),
        route('$default', 'idefault'),
        route('GET /v1/{name}', 'iv1'),
        route('GET /bare', 'ibare'),
        route('GET /text', 'itext'),
        route('GET /cookies', 'icookies'),
        route('GET /mapped/{id}', 'imapped'),
        route('GET /jwt', 'iv2', { authorizationType: 'JWT', authorizerId: 'ajwt' }),
        route('GET /jwt/admin', 'iv2', { authorizationType: 'JWT', authorizerId: 'ajwt', authorizationScopes: ['admin'] }),
        route('GET /simple', 'iv2', { authorizationType: 'CUSTOM', authorizerId: 'asimple' }),
        route('GET /simple/other', 'iv2', { authorizationType: 'CUSTOM', authorizerId: 'asimple' }),
        route('GET /policy', 'iv2', { authorizationType: 'CUSTOM', authorizerId: 'apolicy' }),
        route('POST /policy', 'iv2', { authorizationType: 'CUSTOM', authorizerId: 'apolicy' }),
        route('GET /throttled', 'ibare'),
        route('GET /iam', 'iv2', { authorizationType: 'AWS_IAM' }),
        route('POST /iam', 'iv2', { authorizationType: 'AWS_IAM' }),
      ],
    };
    const snapshot = (apiId: string, stage: Record<string, unknown>, parts: Record<string, unknown>, apiExtra: Record<string, unknown> = {}) =>
      ({ schemaVersion: 1, api: { apiId, name: apiId, protocolType: 'HTTP', ...apiExtra }, ...parts, stage: { deploymentId: 'dep1', ...stage } }) as unknown as HttpApiSnapshotInput;
    const file = join(dir, 'config.json');
    await writeFile(
      file,
      httpApiDocument([
        snapshot(
          api,
          {
            stageName: '$default',
            stageVariables: { page: '7' },
            routeSettings: { 'GET /throttled': { throttlingBurstLimit: 1, throttlingRateLimit: 0.01 }, 'GET /bare': { detailedMetricsEnabled: true } },
            accessLogSettings: { format: '{"requestId":"$context.requestId","routeKey":"$context.routeKey","status":"$context.status","stage":"$context.stage"}' },
          },
          deployment,
          { corsConfiguration: cors },
        ),
        snapshot(api, { stageName: 'prod', stageVariables: { page: '9' } }, deployment, { corsConfiguration: cors }),
        snapshot('offapi0001', { stageName: '$default' }, { routes: [route('$default', 'ifixed')], integrations: [http('ifixed', backend.url)] }, { disableExecuteApiEndpoint: true }),
        snapshot('named00001', { stageName: 'prod' }, { routes: [route('GET /x', 'ifixed')], integrations: [http('ifixed', `${backend.url}/x`)] }),
      ], iam),
    );
    [port, statusPort] = await freePorts(2);
    proc = startNode([distEntry('data-plane')], {
      PORTICO_CONFIG_FILE: file,
      PORTICO_FUNCTIONS_DIR: functionsDir,
      PORTICO_DATA_PLANE_PORT: String(port),
      PORTICO_STATUS_PORT: String(statusPort),
      PORTICO_HOST: '127.0.0.1',
      PORTICO_REGION: 'us-east-1',
      PORTICO_ACCOUNT_ID: '000000000000',
      // Rotation is picked up at the first token of a new key, however soon after the last fetch.
      PORTICO_JWKS_REFRESH_INTERVAL_MS: '0',
    });
    await waitForOk(`http://127.0.0.1:${statusPort}/health/ready`, proc);
  });

  afterAll(async () => {
    await proc?.stop();
    await Promise.all([backend?.close(), idp?.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  describe('route selection (AWS precedence table)', () => {
    it.each([
      ['GET', '/pets/dog/1', '/fixed'],
      ['GET', '/pets/dog/2', '/dogs/2'],
      ['GET', '/pets/cat/1', '/pets/cat/1'],
    ])('%s %s reaches %s', async (method, path, backendPath) => {
      const answer = await call(method, path);
      expect(answer.status).toBe(200);
      expect(answer.json()).toEqual({ backend: 'B', path: backendPath });
      expect(answer.headers['apigw-requestid']).toMatch(/^[A-Za-z0-9_-]{15}=$/);
      // HTTP APIs' own request id only, not REST's (spec §3).
      expect(answer.headers['x-amzn-requestid']).toBeUndefined();
      expect(answer.headers['x-amz-apigw-id']).toBeUndefined();
    });

    it('POST /test/5 goes to ANY /{proxy+} and $default takes the rest with its full path', async () => {
      const proxied = await call('POST', '/test/5');
      expect(proxied.json<APIGatewayProxyEventV2>().routeKey).toBe('ANY /{proxy+}');
      const fallback = await call('GET', '/?q=1');
      expect(fallback.json()).toEqual({ backend: 'B', path: '/?q=1' });
    });

    it('a named stage is the first segment and stays in rawPath; other first segments go to $default', async () => {
      const event = (await call('GET', '/prod/anything/here?a=1')).json<APIGatewayProxyEventV2>();
      expect(event).toMatchObject({ rawPath: '/prod/anything/here', routeKey: 'ANY /{proxy+}', pathParameters: { proxy: 'anything/here' }, stageVariables: { page: '9' } });
      expect(event.requestContext).toMatchObject({ stage: 'prod', http: { path: '/prod/anything/here' } });
      const other = (await call('GET', '/staging/x')).json<APIGatewayProxyEventV2>();
      expect(other).toMatchObject({ rawPath: '/staging/x', pathParameters: { proxy: 'staging/x' } });
      expect(other.requestContext.stage).toBe('$default');
    });

    it('answers 404 Not Found without a matching stage or route, and 403 when the endpoint is disabled', async () => {
      const noStage = await invoke(port, 'named00001', 'GET', '/x');
      expect([noStage.status, noStage.text]).toEqual([404, '{"message":"Not Found"}']);
      expect((await invoke(port, 'named00001', 'GET', '/prod/x')).status).toBe(200);
      const noRoute = await invoke(port, 'named00001', 'GET', '/prod/y');
      expect([noRoute.status, noRoute.text]).toEqual([404, '{"message":"Not Found"}']);
      const disabled = await invoke(port, 'offapi0001', 'GET', '/');
      expect([disabled.status, disabled.text]).toEqual([403, '{"message":"Forbidden"}']);
    });
  });

  describe('Lambda payloads', () => {
    it('builds payload 2.0 with the key set and value formats of AWS sample events', async () => {
      const sample = vector<APIGatewayProxyEventV2>('apigw-v2-request-no-authorizer.json');
      const event = (
        await call('POST', '/my/path?parameter1=value1&parameter1=value2&parameter2=value', {
          headers: { cookie: 'cookie1; cookie2', 'x-multi': ['a', 'b'], 'content-type': 'application/json', 'user-agent': 'agent' },
          body: '{"a":1}',
        })
      ).json<APIGatewayProxyEventV2>();
      const jwtSample = vector<APIGatewayProxyEventV2>('apigw-v2-request-jwt-authorizer.json');
      for (const key of Object.keys(jwtSample)) if (key !== 'stageVariables') expect(event).toHaveProperty(key);
      expect(Object.keys(event.requestContext).sort()).toEqual(Object.keys(sample.requestContext).filter((k) => k !== 'authentication').sort());
      expect(Object.keys(event.requestContext.http).sort()).toEqual(Object.keys(sample.requestContext.http).sort());
      expect(event).toMatchObject({
        version: '2.0',
        routeKey: 'ANY /{proxy+}',
        rawPath: '/my/path',
        rawQueryString: 'parameter1=value1&parameter1=value2&parameter2=value',
        cookies: ['cookie1', 'cookie2'],
        queryStringParameters: jwtSample.queryStringParameters,
        pathParameters: { proxy: 'my/path' },
        stageVariables: { page: '7' },
        body: '{"a":1}',
        isBase64Encoded: false,
      });
      expect(event.headers).toMatchObject({ 'x-multi': 'a,b', 'content-type': 'application/json', host: `${api}.execute-api.us-east-1.amazonaws.com` });
      expect(event.headers.cookie).toBeUndefined();
      expect(event.requestContext).toMatchObject({ accountId: '000000000000', apiId: api, domainPrefix: api, routeKey: 'ANY /{proxy+}', stage: '$default', http: { method: 'POST', path: '/my/path', protocol: 'HTTP/1.1', userAgent: 'agent' } });
      expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
      expect(typeof event.requestContext.timeEpoch).toBe('number');
    });

    it('base64-encodes a binary body', async () => {
      const event = (await call('POST', '/bin', { headers: { 'content-type': 'application/octet-stream' }, body: 'raw' })).json<APIGatewayProxyEventV2>();
      expect([event.body, event.isBase64Encoded]).toEqual([Buffer.from('raw').toString('base64'), true]);
    });

    it('builds payload 1.0 as the REST proxy event plus version', async () => {
      const sample = vector<APIGatewayProxyEvent>('apigw-request.json');
      const event = (await call('GET', '/v1/pets?a=1&a=2', { headers: { 'x-h': 'v' } })).json<APIGatewayProxyEvent & { version: string }>();
      for (const key of Object.keys(sample)) expect(event).toHaveProperty(key);
      expect(event).toMatchObject({
        version: '1.0',
        resource: '/v1/{name}',
        path: '/v1/pets',
        httpMethod: 'GET',
        queryStringParameters: { a: '2' },
        multiValueQueryStringParameters: { a: ['1', '2'] },
        pathParameters: { name: 'pets' },
        body: null,
        isBase64Encoded: false,
      });
      expect(event.requestContext).toMatchObject({ resourceId: null, stage: '$default', resourcePath: '/v1/{name}', authorizer: { claims: null, scopes: null } });
    });

    it('infers 2.0 responses: a bare object or string is a 200 JSON answer, cookies become Set-Cookie', async () => {
      const bare = await call('GET', '/bare');
      expect([bare.status, bare.headers['content-type'], bare.json()]).toEqual([200, 'application/json', { message: 'Hello from Lambda!' }]);
      const text = await call('GET', '/text');
      expect([text.status, text.headers['content-type'], text.text]).toEqual([200, 'application/json', 'Hello from Lambda!']);
      const cookies = await call('GET', '/cookies');
      expect([cookies.status, cookies.text, cookies.headers['set-cookie']]).toEqual([201, 'made', ['a=1; Path=/', 'b=2; HttpOnly']]);
    });
  });

  it('maps request parameters (headers, query string, path) and response parameters (status, headers)', async () => {
    const before = backend.requests.length;
    const answer = await call('GET', '/mapped/42?page=1&keep=yes', { headers: { 'x-list': 'first', 'x-secret': 's', 'x-stage': 'client' } });
    expect(answer.status).toBe(202);
    expect(answer.headers['x-mapped']).toBe('$default:application/json');
    const received = backend.requests[before];
    expect(received.url).toBe('/rewritten/42?page=7&keep=yes');
    expect(received.headers).toMatchObject({ 'x-list': 'first,added', 'x-stage': '$default' });
    expect(received.headers['x-secret']).toBeUndefined();
  });

  describe('JWT authorizer', () => {
    const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

    it('lets a valid token through with its claims in the event', async () => {
      const answer = await call('GET', '/jwt', bearer(await idp.sign({ email: 'a@example.com' })));
      expect(answer.status).toBe(200);
      expect(answer.json<APIGatewayProxyEventV2 & { requestContext: { authorizer: unknown } }>().requestContext.authorizer).toEqual({
        jwt: { claims: expect.objectContaining({ sub: 'user-1', email: 'a@example.com', aud: 'client-1' }), scopes: null },
      });
    });

    it.each([
      ['expired', () => idp.sign({}, { expiresIn: Math.floor(Date.now() / 1000) - 60 }), 'the token has expired'],
      ['of the wrong audience', () => idp.sign({ aud: 'someone-else' }), 'the token does not have a valid audience'],
      ['of an unknown issuer', () => idp.sign({}, { issuer: 'https://unknown.example' }), 'the token does not have a valid issuer'],
    ])('refuses a token %s: 401 with www-authenticate', async (_what, make, description) => {
      const answer = await call('GET', '/jwt', bearer(await make()));
      expect([answer.status, answer.text]).toEqual([401, '{"message":"Unauthorized"}']);
      expect(answer.headers['www-authenticate']).toBe(`Bearer scope="" error="invalid_token" error_description="${description}"`);
    });

    it('refuses a missing token and a token without the route scope', async () => {
      expect((await call('GET', '/jwt')).status).toBe(401);
      const noScope = await call('GET', '/jwt/admin', bearer(await idp.sign({ scope: 'read' })));
      expect([noScope.status, noScope.text]).toEqual([403, '{"message":"Forbidden"}']);
      const scoped = await call('GET', '/jwt/admin', bearer(await idp.sign({ scope: 'read admin' })));
      expect(scoped.status).toBe(200);
    });

    it('accepts tokens of a rotated key', async () => {
      expect((await call('GET', '/jwt', bearer(await idp.sign()))).status).toBe(200);
      await idp.rotate();
      expect((await call('GET', '/jwt', bearer(await idp.sign()))).status).toBe(200);
    });
  });

  describe('Lambda authorizers', () => {
    it('simple responses: allowed with context, cached by identity source across routes, denied with 403', async () => {
      const first = (await call('GET', '/simple', { headers: { 'x-token': 'allow' } })).json<{ requestContext: { authorizer: { lambda: Record<string, unknown> } } }>();
      expect(first.requestContext.authorizer.lambda).toMatchObject({ version: '2.0', count: 1, flag: true, routeArn: `arn:aws:execute-api:us-east-1:000000000000:${api}/$default/GET/simple` });
      const second = (await call('GET', '/simple/other', { headers: { 'x-token': 'allow' } })).json<{ requestContext: { authorizer: { lambda: Record<string, unknown> } } }>();
      expect(second.requestContext.authorizer.lambda.nonce).toBe(first.requestContext.authorizer.lambda.nonce);
      const denied = await call('GET', '/simple', { headers: { 'x-token': 'deny' } });
      expect([denied.status, denied.text]).toEqual([403, '{"message":"Forbidden"}']);
    });

    it('a missing identity source is 401 without invoking the function', async () => {
      const answer = await call('GET', '/simple');
      expect([answer.status, answer.text]).toEqual([401, '{"message":"Unauthorized"}']);
    });

    it('IAM policy responses (payload 1.0) are evaluated against the route ARN', async () => {
      const allowed = await call('GET', '/policy?token=allow');
      expect(allowed.status).toBe(200);
      expect(allowed.json<{ requestContext: { authorizer: { lambda: Record<string, unknown> } } }>().requestContext.authorizer.lambda).toMatchObject({
        principalId: 'policy-user',
        version: '1.0',
        type: 'REQUEST',
      });
      expect((await call('POST', '/policy?token=allow')).status).toBe(403);
      expect((await call('GET', '/policy?token=nope')).status).toBe(401);
    });
  });

  describe('CORS', () => {
    it('answers preflight requests itself, without an OPTIONS route', async () => {
      const answer = await call('OPTIONS', '/pets/dog/1', { headers: { origin: 'https://www.example.com', 'access-control-request-method': 'GET' } });
      expect(answer.status).toBe(204);
      expect(answer.headers).toMatchObject({
        'access-control-allow-origin': 'https://www.example.com',
        'access-control-allow-methods': 'GET,POST',
        'access-control-allow-headers': 'authorization',
        'access-control-max-age': '300',
      });
      const foreign = await call('OPTIONS', '/pets/dog/1', { headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
      expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    });

    it("adds the configured headers to normal answers, replacing the integration's", async () => {
      const answer = await call('GET', '/cookies', { headers: { origin: 'https://www.example.com' } });
      expect(answer.headers).toMatchObject({ 'access-control-allow-origin': 'https://www.example.com', 'access-control-expose-headers': 'x-answer', vary: 'Origin' });
      const proxied = await call('GET', '/pets/dog/1', { headers: { origin: 'https://www.example.com' } });
      expect(proxied.headers['access-control-allow-origin']).toBe('https://www.example.com');
    });
  });

  describe('AWS_IAM', () => {
    const signed = async (method: string, path: string, body?: string) => {
      const host = `${api}.execute-api.us-east-1.amazonaws.com`;
      const signer = new SignatureV4({ credentials: alice, region: 'us-east-1', service: 'execute-api', sha256: Sha256 });
      const request = await signer.sign(new HttpRequest({ method, protocol: 'http:', hostname: host, path, headers: { host }, body }));
      const { host: _host, ...headers } = request.headers as Record<string, string>;
      return call(method, path, { headers, body });
    };

    it('admits a request signed with the AWS SDK SignatureV4 whose caller may invoke the route', async () => {
      const answer = await signed('GET', '/iam');
      expect(answer.status).toBe(200);
      expect(answer.json<{ requestContext: { authorizer: unknown } }>().requestContext.authorizer).toEqual({
        iam: expect.objectContaining({ accessKey: alice.accessKeyId, accountId: '000000000000', userArn: 'arn:aws:iam::000000000000:user/alice', userId: 'AIDAALICE' }),
      });
    });

    it('refuses unsigned requests and callers whose policies do not allow the route (signed body included)', async () => {
      expect((await call('GET', '/iam')).status).toBe(403);
      const post = await signed('POST', '/iam', '{"a":1}');
      expect([post.status, post.text]).toEqual([403, '{"message":"Forbidden"}']);
    });
  });

  it('counts requests per API and stage (per route with detailed metrics) and writes v2 access-log lines', async () => {
    await call('GET', '/bare');
    const metrics = await (await fetch(`http://127.0.0.1:${statusPort}/metrics`)).text();
    expect(metricValue(metrics, 'apigateway_Count', { api_id: api, stage: '$default' })).toBeGreaterThan(10);
    expect(metricValue(metrics, 'apigateway_Count', { api_id: api, stage: '$default', route: 'GET /bare' })).toBeGreaterThanOrEqual(1);
    expect(metricValue(metrics, 'apigateway_DataProcessed', { api_id: api, stage: '$default' })).toBeGreaterThan(0);
    expect(metricValue(metrics, 'apigateway_4XXError', { api_id: api, stage: '$default' })).toBeGreaterThan(0);
    const line = await eventually(async () => proc.output().split('\n').find((l) => l.includes('"routeKey":"GET /bare"')), 'an access-log line');
    expect(JSON.parse(line)).toEqual({ requestId: expect.stringMatching(/=$/), routeKey: 'GET /bare', status: '200', stage: '$default' });
  });

  it('throttles a route by its stage route settings: 429 Too Many Requests', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await call('GET', '/throttled')).status);
    expect(statuses[0]).toBe(200);
    expect(statuses.slice(1)).toContain(429);
    const throttled = await call('GET', '/throttled');
    expect([throttled.status, throttled.text]).toEqual([429, '{"message":"Too Many Requests"}']);
  });
});
