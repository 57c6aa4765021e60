// The admin API authorizes IAM users by their identity policies (apigateway:{method} on the path's ARN), with the
// real @aws-sdk/client-api-gateway signed by the users' own keys; console sessions (bearer tokens) expire and are
// revoked on sign-out.
import { APIGatewayClient, CreateResourceCommand, CreateRestApiCommand, GetRestApisCommand, UpdateRestApiCommand, type APIGatewayServiceException } from '@aws-sdk/client-api-gateway';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startTestControlPlane, TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY, type TestControlPlane } from './support/test-control-plane.js';

let cp: TestControlPlane;
let iam: IAMClient;

async function userWithPolicy(name: string, statements: unknown[]): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
}

function apigateway(credentials: { accessKeyId: string; secretAccessKey: string }): APIGatewayClient {
  return new APIGatewayClient({ endpoint: cp.url, region: TEST_REGION, credentials, maxAttempts: 1 });
}

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as APIGatewayServiceException;
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

async function signIn(body: unknown): Promise<{ status: number; json: { token?: string; expiresAt?: number; principal?: { arn: string }; message?: string } }> {
  const response = await fetch(`${cp.url}/portico/console/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as never };
}

async function bearer(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; type: string | null; json: Record<string, unknown> }> {
  const response = await fetch(`${cp.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('x-amzn-errortype'), json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

beforeAll(async () => {
  cp = await startTestControlPlane({ consoleSessionTtlSeconds: 2 });
  iam = new IAMClient({ endpoint: cp.url, region: TEST_REGION, credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY }, maxAttempts: 1 });
});

afterAll(async () => {
  iam.destroy();
  await cp.close();
});

describe('IAM users on the admin API', () => {
  it('a read-only policy lists APIs but cannot create one (AccessDeniedException with AWS text)', async () => {
    await cp.client.send(new CreateRestApiCommand({ name: 'existing' }));
    const reader = apigateway(await userWithPolicy('reader', [{ Effect: 'Allow', Action: 'apigateway:GET', Resource: 'arn:aws:apigateway:*::/restapis*' }]));
    const listed = await reader.send(new GetRestApisCommand({}));
    expect(listed.items?.map((a) => a.name)).toContain('existing');
    const denied = await failure(reader.send(new CreateRestApiCommand({ name: 'nope' })));
    expect(denied).toEqual({
      name: 'AccessDeniedException',
      status: 403,
      message: 'User: arn:aws:iam::000000000000:user/reader is not authorized to perform: apigateway:POST on resource: arn:aws:apigateway:us-east-1::/restapis because no identity-based policy allows the apigateway:POST action',
    });
    reader.destroy();
  });

  it('a policy on one API lets the user change that API only', async () => {
    const mine = await cp.client.send(new CreateRestApiCommand({ name: 'mine' }));
    const theirs = await cp.client.send(new CreateRestApiCommand({ name: 'theirs' }));
    const owner = apigateway(
      await userWithPolicy('owner', [{ Effect: 'Allow', Action: ['apigateway:GET', 'apigateway:POST', 'apigateway:PATCH'], Resource: [`arn:aws:apigateway:us-east-1::/restapis/${mine.id}`, `arn:aws:apigateway:us-east-1::/restapis/${mine.id}/*`] }]),
    );
    const renamed = await owner.send(new UpdateRestApiCommand({ restApiId: mine.id!, patchOperations: [{ op: 'replace', path: '/description', value: 'changed' }] }));
    expect(renamed.description).toBe('changed');
    const created = await owner.send(new CreateResourceCommand({ restApiId: mine.id!, parentId: mine.rootResourceId!, pathPart: 'pets' }));
    expect(created.path).toBe('/pets');
    const denied = await failure(owner.send(new UpdateRestApiCommand({ restApiId: theirs.id!, patchOperations: [{ op: 'replace', path: '/description', value: 'x' }] })));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain(`apigateway:PATCH on resource: arn:aws:apigateway:us-east-1::/restapis/${theirs.id}`);
    // Listing all APIs is a GET on /restapis, which the policy does not name.
    expect((await failure(owner.send(new GetRestApisCommand({})))).name).toBe('AccessDeniedException');
    owner.destroy();
  });

  it('an explicit Deny wins over an Allow and says so', async () => {
    const user = apigateway(
      await userWithPolicy('denied', [
        { Effect: 'Allow', Action: 'apigateway:*', Resource: '*' },
        { Effect: 'Deny', Action: 'apigateway:DELETE', Resource: '*' },
      ]),
    );
    const api = await user.send(new CreateRestApiCommand({ name: 'deny-me' }));
    const response = await cp.request('GET', `/restapis/${api.id}`);
    expect(response.status).toBe(200);
    const { DeleteRestApiCommand } = await import('@aws-sdk/client-api-gateway');
    const denied = await failure(user.send(new DeleteRestApiCommand({ restApiId: api.id! })));
    expect(denied.message).toMatch(/apigateway:DELETE on resource: .* with an explicit deny in an identity-based policy$/);
    user.destroy();
  });

  it('Portico account administration stays with the bootstrap admin', async () => {
    const user = await userWithPolicy('admin-like', [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
    const { SignatureV4 } = await import('@smithy/signature-v4');
    const { Sha256 } = await import('@aws-crypto/sha256-js');
    const { HttpRequest } = await import('@smithy/protocol-http');
    const url = new URL(`${cp.url}/portico/accounts`);
    const signer = new SignatureV4({ service: 'apigateway', region: TEST_REGION, credentials: user, sha256: Sha256 });
    const signed = await signer.sign(new HttpRequest({ method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, headers: { host: url.host } }));
    const response = await fetch(url, { headers: signed.headers as Record<string, string> });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
  });
});

describe('console sessions', () => {
  it('signs in with a key pair, is authorized by the user policy, and sign-out revokes the token', async () => {
    const key = await userWithPolicy('console-reader', [{ Effect: 'Allow', Action: 'apigateway:GET', Resource: '*' }]);
    const session = await signIn(key);
    expect(session.status).toBe(201);
    expect(session.json.principal?.arn).toBe('arn:aws:iam::000000000000:user/console-reader');
    const token = session.json.token!;
    // The token names the principal and the key, never the secret.
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(claims).toMatchObject({ sub: 'arn:aws:iam::000000000000:user/console-reader', akid: key.accessKeyId });
    expect(token).not.toContain(key.secretAccessKey);
    expect(JSON.stringify(claims)).not.toContain(key.secretAccessKey);

    expect((await bearer(token, 'GET', '/restapis')).status).toBe(200);
    const denied = await bearer(token, 'POST', '/restapis', { name: 'x' });
    expect(denied).toMatchObject({ status: 403, type: 'AccessDeniedException' });
    expect(denied.json.message).toContain('user/console-reader is not authorized to perform: apigateway:POST');
    expect((await bearer(token, 'GET', '/portico/console/sessions/current')).json).toMatchObject({ principal: { arn: 'arn:aws:iam::000000000000:user/console-reader' } });

    expect((await bearer(token, 'DELETE', '/portico/console/sessions/current')).status).toBe(204);
    const after = await bearer(token, 'GET', '/restapis');
    expect(after).toMatchObject({ status: 403, type: 'UnrecognizedClientException' });
  });

  it('refuses wrong secrets, forged and tampered tokens', async () => {
    expect((await signIn({ accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: 'wrong-secret-wrong-secret' })).status).toBe(403);
    expect((await signIn({ accessKeyId: 'AKIANOSUCHKEY0000000', secretAccessKey: 'x' })).status).toBe(403);
    expect((await signIn({})).status).toBe(400);
    const root = await signIn({ accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY });
    expect(root.json.principal?.arn).toBe('arn:aws:iam::000000000000:root');
    const [header, payload, signature] = root.json.token!.split('.');
    const raised = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: 'someone' })).toString('base64url');
    expect((await bearer(`${header}.${raised}.${signature}`, 'GET', '/restapis')).status).toBe(403);
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    expect((await bearer(none, 'GET', '/restapis')).status).toBe(403);
    expect((await bearer('not-a-jwt', 'GET', '/restapis')).status).toBe(403);
    expect((await bearer(root.json.token!, 'POST', '/restapis', { name: 'by-root-session' })).status).toBe(201);
  });

  it('expires: a token past its lifetime answers ExpiredTokenException', async () => {
    const root = await signIn({ accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY });
    const token = root.json.token!;
    expect((await bearer(token, 'GET', '/restapis')).status).toBe(200);
    // Lifetime is 2 s in this file; JWT times are whole seconds, so wait until exp has certainly passed.
    const waitMs = root.json.expiresAt! * 1000 - Date.now() + 1100;
    await new Promise((resolve) => setTimeout(resolve, Math.max(waitMs, 0)));
    expect(await bearer(token, 'GET', '/restapis')).toMatchObject({ status: 403, type: 'ExpiredTokenException' });
  });
});
