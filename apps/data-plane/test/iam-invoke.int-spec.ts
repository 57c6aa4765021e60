// AWS_IAM invokes end to end: users, keys, roles and policies created with the real @aws-sdk/client-iam and
// @aws-sdk/client-sts on the real control plane (a process, on PostgreSQL), the data plane's config fetched from
// /internal/config, and requests signed by @smithy/signature-v4 (header and presigned).
import { CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, GetResourcesCommand, PutIntegrationCommand, PutMethodCommand, type APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { configDocumentSchema } from '@portico/contracts';
import type { RequestRecord } from '@portico/gateway-rest';
import { CP_ACCESS_KEY_ID, CP_DATA_PLANE_TOKEN, CP_SECRET_ACCESS_KEY, startControlPlaneProcess, type ControlPlaneProcess } from './support/control-plane-process.js';
import { serveGateway, startBackend, testClient, type Answer, type Backend, type Served } from './support/pipeline-fixtures.js';
import { createPostgresDatabase, type PostgresDatabase } from './support/postgres.js';

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

let database: PostgresDatabase;
let cp: ControlPlaneProcess;
let backend: Backend;
let served: Served;
let iam: IAMClient;
let sts: STSClient;
const http = testClient();
const records: RequestRecord[] = [];
const admin: Credentials = { accessKeyId: CP_ACCESS_KEY_ID, secretAccessKey: CP_SECRET_ACCESS_KEY };
const users: Record<string, Credentials> = {};
const apis: Record<string, string> = {};
let partnerAccount: string;
let partnerRoot: Credentials;
let session: Credentials;

const policy = (statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** A REST API with the given `{path → [verb, authorizationType]}` methods, HTTP_PROXY to the echo backend, deployed to prod. */
async function deployApi(client: APIGatewayClient, name: string, methods: Record<string, [string, string]>, extra: { policy?: string; endpointConfiguration?: { types: Array<'PRIVATE' | 'REGIONAL'>; vpcEndpointIds?: string[] } } = {}): Promise<string> {
  const api = await client.send(new CreateRestApiCommand({ name, endpointConfiguration: extra.endpointConfiguration ?? { types: ['REGIONAL'] }, policy: extra.policy }));
  const restApiId = api.id!;
  const rootId = (await client.send(new GetResourcesCommand({ restApiId }))).items!.find((r) => r.path === '/')!.id!;
  for (const [path, [verb, authorizationType]] of Object.entries(methods)) {
    const resource = await client.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: path.slice(1) }));
    await client.send(new PutMethodCommand({ restApiId, resourceId: resource.id, httpMethod: verb, authorizationType }));
    await client.send(new PutIntegrationCommand({ restApiId, resourceId: resource.id, httpMethod: verb, type: 'HTTP_PROXY', integrationHttpMethod: verb, uri: `${backend.url}${path}` }));
  }
  await client.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
  return restApiId;
}

async function createUser(client: IAMClient, name: string, document?: string): Promise<Credentials> {
  await client.send(new CreateUserCommand({ UserName: name }));
  if (document) await client.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'invoke', PolicyDocument: document }));
  const key = (await client.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}

const invokeUrl = (api: string, path: string) => `${served.url}/restapis/${apis[api]}/prod/_user_request_${path}`;

interface SendOptions {
  method?: string;
  body?: string;
  headers?: Record<string, string>;
  signingDate?: Date;
  presign?: boolean;
}

/** Sends a request signed with `credentials` (or unsigned) exactly as an SDK would sign it. */
async function invoke(url: string, credentials: Credentials | undefined, options: SendOptions = {}): Promise<Answer> {
  const method = options.method ?? 'GET';
  const target = new URL(url);
  const headers: Record<string, string> = { host: target.host, ...options.headers };
  if (!credentials) return http.send(url, { method, headers: options.headers, body: options.body });
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'execute-api', sha256: Sha256 });
  const request = new HttpRequest({ method, protocol: 'http:', hostname: target.hostname, port: Number(target.port), path: target.pathname, query: Object.fromEntries(target.searchParams), headers, body: options.body });
  if (options.presign) {
    const presigned = await signer.presign(request, { expiresIn: 300 });
    const query = new URLSearchParams(presigned.query as Record<string, string>).toString();
    return http.send(`${target.origin}${target.pathname}?${query}`, { method, headers: options.headers });
  }
  const signed = await signer.sign(request, options.signingDate ? { signingDate: options.signingDate } : undefined);
  const { host: _host, ...sent } = signed.headers as Record<string, string>;
  return http.send(url, { method, headers: sent, body: options.body });
}

beforeAll(async () => {
  database = await createPostgresDatabase();
  cp = await startControlPlaneProcess({ databaseUrl: database.url });
  backend = await startBackend();
  iam = new IAMClient({ endpoint: cp.url, region: 'us-east-1', credentials: admin, maxAttempts: 1 });
  sts = new STSClient({ endpoint: cp.url, region: 'us-east-1', credentials: admin, maxAttempts: 1 });

  // A second account for cross-account calls.
  const created = await fetch(`${cp.url}/portico/accounts`, await signedAdminInit('POST', '/portico/accounts', JSON.stringify({ name: 'partner' })));
  const partner = (await created.json()) as { accountId: string; rootCredentials: Credentials };
  partnerAccount = partner.accountId;
  partnerRoot = partner.rootCredentials;
  const partnerIam = new IAMClient({ endpoint: cp.url, region: 'us-east-1', credentials: partner.rootCredentials, maxAttempts: 1 });

  apis.iam = await deployApi(cp.client, 'iam', { '/secure': ['ANY', 'AWS_IAM'], '/open': ['GET', 'NONE'] });
  apis.shared = await deployApi(cp.client, 'shared', { '/data': ['GET', 'AWS_IAM'] }, {
    policy: policy([{ Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${partnerAccount}:user/robot`, `arn:aws:iam::${partnerAccount}:user/idle`] }, Action: 'execute-api:Invoke', Resource: 'execute-api:/prod/GET/data' }]),
  });
  apis.ip = await deployApi(cp.client, 'ip', { '/ip': ['GET', 'NONE'] }, {
    policy: policy([{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } } }]),
  });
  for (const [id, cidr] of [['vpce-inside', '10.0.0.0/8'], ['vpce-other', '172.16.0.0/12']]) {
    const init = await signedAdminInit('POST', '/portico/vpc-endpoints', JSON.stringify({ vpcEndpointId: id, vpcId: 'vpc-0001', cidrs: [cidr] }));
    expect((await fetch(`${cp.url}/portico/vpc-endpoints`, init)).status).toBe(201);
  }
  apis.private = await deployApi(cp.client, 'private', { '/internal': ['GET', 'NONE'] }, {
    endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-inside'] },
    policy: policy([{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-inside' } } }]),
  });

  const invokeSecure = policy([{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `arn:aws:execute-api:us-east-1:000000000000:${apis.iam}/*/*/secure` }]);
  users.alice = await createUser(iam, 'alice', invokeSecure);
  users.bob = await createUser(iam, 'bob');
  users.carol = await createUser(iam, 'carol');
  await iam.send(new AttachUserPolicyCommand({ UserName: 'carol', PolicyArn: 'arn:aws:iam::aws:policy/AmazonAPIGatewayInvokeFullAccess' }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'no-post', PolicyDocument: policy([{ Effect: 'Deny', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:*/*/POST/*' }]) }));
  const invokeAll = policy([{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }]);
  users.robot = await createUser(partnerIam, 'robot', invokeAll);
  users.idle = await createUser(partnerIam, 'idle');
  users.drone = await createUser(partnerIam, 'drone', invokeAll);
  partnerIam.destroy();

  const trust = policy([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'sts:AssumeRole' }]);
  await iam.send(new CreateRoleCommand({ RoleName: 'invoker', AssumeRolePolicyDocument: trust }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'invoker', PolicyName: 'invoke', PolicyDocument: invokeSecure }));
  const assumed = (await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/invoker', RoleSessionName: 'ci' }))).Credentials!;
  session = { accessKeyId: assumed.AccessKeyId!, secretAccessKey: assumed.SecretAccessKey!, sessionToken: assumed.SessionToken! };

  const response = await fetch(`${cp.url}/internal/config`, { headers: { authorization: `Bearer ${CP_DATA_PLANE_TOKEN}` } });
  const doc = configDocumentSchema.parse(await response.json());
  expect(JSON.stringify(doc)).not.toContain(users.alice.secretAccessKey);
  // The test client is 127.0.0.1: trusting it as a proxy lets X-Forwarded-For stand for other client networks.
  served = await serveGateway(doc, { iam: { trustedProxies: ['127.0.0.1'] }, observe: (record) => records.push(record) });
}, 300_000);

afterAll(async () => {
  iam?.destroy();
  sts?.destroy();
  await http.close();
  await served?.close();
  await backend?.close();
  await cp?.stop();
  await database?.drop();
});

/** Admin REST calls (Portico's own routes) signed for service apigateway. */
async function signedAdminInit(method: string, path: string, body: string): Promise<RequestInit> {
  const target = new URL(cp.url);
  const signer = new SignatureV4({ credentials: admin, region: 'us-east-1', service: 'apigateway', sha256: Sha256 });
  const signed = await signer.sign(new HttpRequest({ method, protocol: 'http:', hostname: target.hostname, port: Number(target.port), path, headers: { host: target.host, 'content-type': 'application/json' }, body }));
  const { host: _host, ...headers } = signed.headers as Record<string, string>;
  return { method, headers, body };
}

const denied = (who: string, api: string, resource: string, explicit = false) => ({
  Message: `User: ${who} is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********0000:${apis[api]}${resource}${explicit ? ' with an explicit deny' : ''}`,
});

describe('AWS_IAM methods', () => {
  it('serves a request signed by an allowed user and passes the identity on', async () => {
    const answer = await invoke(invokeUrl('iam', '/secure'), users.alice);
    expect(answer.status).toBe(200);
    const received = answer.json<{ url: string; headers: Record<string, string> }>();
    expect(received.url).toBe('/secure');
    // The SigV4 Authorization header is not forwarded to the integration (spec §3.2).
    expect(received.headers.authorization).toBeUndefined();
    const record = records.find((r) => r.context.requestId === answer.headers['x-amzn-requestid']);
    expect(record?.context).toMatchObject({
      'identity.userArn': 'arn:aws:iam::000000000000:user/alice',
      'identity.accountId': '000000000000',
      'identity.accessKey': users.alice.accessKeyId,
      'identity.caller': expect.stringMatching(/^AIDA/),
      'identity.user': expect.stringMatching(/^AIDA/),
    });
  });

  it('verifies the body hash of a signed POST and still delivers the body', async () => {
    const answer = await invoke(invokeUrl('iam', '/secure'), users.alice, { method: 'POST', body: '{"hello":"world"}', headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(200);
    expect(answer.json<{ body: string }>().body).toBe('{"hello":"world"}');
  });

  it('accepts a presigned URL', async () => {
    expect((await invoke(invokeUrl('iam', '/secure'), users.alice, { presign: true })).status).toBe(200);
  });

  it('accepts an assumed-role session and names it', async () => {
    const answer = await invoke(invokeUrl('iam', '/secure'), session);
    expect(answer.status).toBe(200);
    const record = records.find((r) => r.context.requestId === answer.headers['x-amzn-requestid']);
    expect(record?.context['identity.userArn']).toBe('arn:aws:sts::000000000000:assumed-role/invoker/ci');
    const withoutToken = await invoke(invokeUrl('iam', '/secure'), { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey });
    expect(withoutToken.status).toBe(403);
    expect(withoutToken.json()).toEqual({ message: 'The security token included in the request is invalid.' });
  });

  it('answers AWS’s 403 for each authentication failure', async () => {
    const unsigned = await invoke(invokeUrl('iam', '/secure'), undefined);
    expect([unsigned.status, unsigned.json(), unsigned.headers['x-amzn-errortype']]).toEqual([403, { message: 'Missing Authentication Token' }, 'MissingAuthenticationTokenException']);

    const unknown = await invoke(invokeUrl('iam', '/secure'), { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x'.repeat(40) });
    expect([unknown.status, unknown.json(), unknown.headers['x-amzn-errortype']]).toEqual([403, { message: 'The security token included in the request is invalid.' }, 'UnrecognizedClientException']);

    const wrongSecret = await invoke(invokeUrl('iam', '/secure'), { accessKeyId: users.alice.accessKeyId, secretAccessKey: 'y'.repeat(40) });
    expect(wrongSecret.status).toBe(403);
    expect(wrongSecret.headers['x-amzn-errortype']).toBe('InvalidSignatureException');
    expect(wrongSecret.json<{ message: string }>().message).toMatch(/^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\./);

    const old = await invoke(invokeUrl('iam', '/secure'), users.alice, { signingDate: new Date(Date.now() - 10 * 60_000) });
    expect(old.status).toBe(403);
    expect(old.json<{ message: string }>().message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
  });

  it('answers AccessDenied with the user and resource ARNs', async () => {
    const bob = await invoke(invokeUrl('iam', '/secure'), users.bob);
    expect([bob.status, bob.headers['x-amzn-errortype']]).toEqual([403, 'AccessDeniedException']);
    expect(bob.json()).toEqual(denied('arn:aws:iam::000000000000:user/bob', 'iam', '/prod/GET/secure'));

    // carol: allowed by an AWS-managed policy, except POST by an explicit deny.
    expect((await invoke(invokeUrl('iam', '/secure'), users.carol)).status).toBe(200);
    const carol = await invoke(invokeUrl('iam', '/secure'), users.carol, { method: 'POST', body: 'x' });
    expect(carol.json()).toEqual(denied('arn:aws:iam::000000000000:user/carol', 'iam', '/prod/POST/secure', true));
  });

  it('leaves NONE methods without a resource policy open', async () => {
    expect((await invoke(invokeUrl('iam', '/open'), undefined)).status).toBe(200);
  });
});

describe('cross-account access (both the identity policy and the resource policy must allow)', () => {
  it('allows a partner user named by the resource policy and allowed by its own policy', async () => {
    expect((await invoke(invokeUrl('shared', '/data'), users.robot)).status).toBe(200);
  });

  it('denies a partner user the resource policy does not name', async () => {
    const answer = await invoke(invokeUrl('shared', '/data'), users.drone);
    expect(answer.json()).toEqual(denied(`arn:aws:iam::${partnerAccount}:user/drone`, 'shared', '/prod/GET/data'));
  });

  it('denies a partner user named by the resource policy without an identity policy', async () => {
    expect((await invoke(invokeUrl('shared', '/data'), users.idle)).status).toBe(403);
  });

  it('denies callers of another account on an API without a resource policy, even with Invoke on *', async () => {
    const robot = await invoke(invokeUrl('iam', '/secure'), users.robot);
    expect([robot.status, robot.json()]).toEqual([403, denied(`arn:aws:iam::${partnerAccount}:user/robot`, 'iam', '/prod/GET/secure')]);
    const root = await invoke(invokeUrl('iam', '/secure'), partnerRoot);
    expect([root.status, root.json()]).toEqual([403, denied(`arn:aws:iam::${partnerAccount}:root`, 'iam', '/prod/GET/secure')]);
  });

  it('allows a same-account user through the resource policy’s silence only with an identity allow', async () => {
    expect((await invoke(invokeUrl('shared', '/data'), users.carol)).status).toBe(200);
    expect((await invoke(invokeUrl('shared', '/data'), users.bob)).status).toBe(403);
  });
});

describe('resource policies on NONE methods', () => {
  it('admits the allowed network and denies others as anonymous', async () => {
    expect((await invoke(invokeUrl('ip', '/ip'), undefined, { headers: { 'x-forwarded-for': '10.9.8.7' } })).status).toBe(200);
    const outside = await invoke(invokeUrl('ip', '/ip'), undefined, { headers: { 'x-forwarded-for': '192.0.2.1' } });
    expect([outside.status, outside.json()]).toEqual([403, denied('anonymous', 'ip', '/prod/GET/ip')]);
  });
});

describe('private APIs', () => {
  it('serves requests from inside its VPC endpoint’s networks', async () => {
    expect((await invoke(invokeUrl('private', '/internal'), undefined, { headers: { 'x-forwarded-for': '10.1.2.3' } })).status).toBe(200);
  });

  it('refuses requests from another endpoint’s network or from outside', async () => {
    for (const address of ['172.16.0.9', '192.0.2.1']) {
      const answer = await invoke(invokeUrl('private', '/internal'), undefined, { headers: { 'x-forwarded-for': address } });
      expect([answer.status, answer.json()]).toEqual([403, { message: 'Forbidden' }]);
    }
  });
});
