// STS (GetCallerIdentity, AssumeRole) with the real @aws-sdk/client-sts, same-account and cross-account.
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, type STSServiceException } from '@aws-sdk/client-sts';
import { startTestControlPlane, TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY, type TestControlPlane } from './support/test-control-plane.js';

let cp: TestControlPlane;
const clients: Array<{ destroy(): void }> = [];

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
function sts(credentials: Credentials): STSClient {
  const client = new STSClient({ endpoint: cp.url, region: TEST_REGION, credentials, maxAttempts: 1 });
  clients.push(client);
  return client;
}
function iam(credentials: Credentials): IAMClient {
  const client = new IAMClient({ endpoint: cp.url, region: TEST_REGION, credentials, maxAttempts: 1 });
  clients.push(client);
  return client;
}
const admin: Credentials = { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY };

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as STSServiceException;
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

async function userWithKey(client: IAMClient, name: string): Promise<Credentials> {
  await client.send(new CreateUserCommand({ UserName: name }));
  const key = (await client.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}

const assumePolicy = (roleArn: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }] });

beforeAll(async () => {
  cp = await startTestControlPlane();
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await cp.close();
});

describe('GetCallerIdentity', () => {
  it('names the bootstrap admin as the default account root', async () => {
    const identity = await sts(admin).send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({ Account: '000000000000', Arn: 'arn:aws:iam::000000000000:root', UserId: '000000000000' });
  });

  it('refuses an unknown key with InvalidClientTokenId', async () => {
    expect(await failure(sts({ accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x'.repeat(40) }).send(new GetCallerIdentityCommand({})))).toEqual({
      name: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
      status: 403,
    });
  });
});

describe('AssumeRole', () => {
  it('issues session credentials that identify as the assumed role', async () => {
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'sts:AssumeRole' }] });
    const role = (await iam(admin).send(new CreateRoleCommand({ RoleName: 'deployer', AssumeRolePolicyDocument: trust }))).Role!;
    const before = Date.now();
    const assumed = await sts(admin).send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: 'ci-run', DurationSeconds: 900 }));
    const creds = assumed.Credentials!;
    expect(creds.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(creds.SessionToken).toBeTruthy();
    expect(creds.Expiration!.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 899_000);
    expect(assumed.AssumedRoleUser).toEqual({ AssumedRoleId: `${role.RoleId}:ci-run`, Arn: 'arn:aws:sts::000000000000:assumed-role/deployer/ci-run' });

    const session = { accessKeyId: creds.AccessKeyId!, secretAccessKey: creds.SecretAccessKey!, sessionToken: creds.SessionToken! };
    expect(await sts(session).send(new GetCallerIdentityCommand({}))).toMatchObject({ Arn: 'arn:aws:sts::000000000000:assumed-role/deployer/ci-run', UserId: `${role.RoleId}:ci-run`, Account: '000000000000' });
    // Without its session token the key is refused.
    expect((await failure(sts({ accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey }).send(new GetCallerIdentityCommand({})))).name).toBe('InvalidClientTokenId');
    expect(await failure(sts(admin).send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: 'long', DurationSeconds: 7200 })))).toMatchObject({
      name: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
  });

  it('a trust policy naming the account needs the user’s own sts:AssumeRole allow (delegation)', async () => {
    const user = await userWithKey(iam(admin), 'builder');
    const roleArn = 'arn:aws:iam::000000000000:role/deployer';
    expect(await failure(sts(user).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 's1' })))).toEqual({
      name: 'AccessDenied',
      message: `User: arn:aws:iam::000000000000:user/builder is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      status: 403,
    });
    await iam(admin).send(new PutUserPolicyCommand({ UserName: 'builder', PolicyName: 'assume', PolicyDocument: assumePolicy(roleArn) }));
    expect((await sts(user).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 's1' }))).AssumedRoleUser?.Arn).toBe('arn:aws:sts::000000000000:assumed-role/deployer/s1');
  });

  it('cross account: the trust policy must name the other account and its user must be allowed', async () => {
    const response = await cp.request('POST', '/portico/accounts', { body: JSON.stringify({ name: 'partner' }) });
    expect(response.status).toBe(201);
    const partner = response.json() as { accountId: string; rootCredentials: Credentials };
    expect(partner.accountId).toMatch(/^[1-9]\d{11}$/);
    const partnerRoot = partner.rootCredentials;
    expect(await sts(partnerRoot).send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: partner.accountId, Arn: `arn:aws:iam::${partner.accountId}:root` });

    const partnerUser = await userWithKey(iam(partnerRoot), 'robot');
    const roleArn = 'arn:aws:iam::000000000000:role/partner-access';
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: partner.accountId }, Action: 'sts:AssumeRole' }] });
    await iam(admin).send(new CreateRoleCommand({ RoleName: 'partner-access', AssumeRolePolicyDocument: trust }));

    expect((await failure(sts(partnerUser).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'x1' })))).name).toBe('AccessDenied');
    await iam(partnerRoot).send(new PutUserPolicyCommand({ UserName: 'robot', PolicyName: 'assume', PolicyDocument: assumePolicy(roleArn) }));
    const assumed = await sts(partnerUser).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'x1' }));
    expect(assumed.AssumedRoleUser?.Arn).toBe('arn:aws:sts::000000000000:assumed-role/partner-access/x1');
    // A role whose trust policy does not name the partner stays closed, whatever the partner's policies say.
    expect((await failure(sts(partnerUser).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/deployer', RoleSessionName: 'x2' })))).name).toBe('AccessDenied');
  });
});
