// IAM query API driven by the real @aws-sdk/client-iam against a control plane on a fresh database.
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeletePolicyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
  type IAMServiceException,
} from '@aws-sdk/client-iam';
import { startTestControlPlane, TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY, type TestControlPlane } from './support/test-control-plane.js';

let cp: TestControlPlane;
let iam: IAMClient;

const invokePolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:*' }] });
const trustPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'sts:AssumeRole' }] });

function client(accessKeyId: string, secretAccessKey: string): IAMClient {
  return new IAMClient({ endpoint: cp.url, region: TEST_REGION, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
}

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as IAMServiceException;
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  cp = await startTestControlPlane();
  iam = client(TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY);
});

afterAll(async () => {
  iam.destroy();
  await cp.close();
});

describe('users and access keys', () => {
  it('creates, gets, lists and refuses duplicates with AWS errors', async () => {
    const created = await iam.send(new CreateUserCommand({ UserName: 'alice', Tags: [{ Key: 'team', Value: 'red' }] }));
    expect(created.User).toMatchObject({ UserName: 'alice', Path: '/', Arn: 'arn:aws:iam::000000000000:user/alice' });
    expect(created.User?.UserId).toMatch(/^AIDA[A-Z2-7]{16}$/);
    expect(created.User?.CreateDate).toBeInstanceOf(Date);

    const got = await iam.send(new GetUserCommand({ UserName: 'alice' }));
    expect(got.User?.Tags).toEqual([{ Key: 'team', Value: 'red' }]);
    const listed = await iam.send(new ListUsersCommand({}));
    expect(listed.Users?.map((u) => u.UserName)).toEqual(['alice']);

    // Paging: MaxItems and Marker, as the SDK's paginators use them.
    for (const name of ['pager-a', 'pager-b', 'pager-c']) await iam.send(new CreateUserCommand({ UserName: name, Path: '/pager/' }));
    const first = await iam.send(new ListUsersCommand({ PathPrefix: '/pager/', MaxItems: 2 }));
    expect([first.Users?.map((u) => u.UserName), first.IsTruncated]).toEqual([['pager-a', 'pager-b'], true]);
    const second = await iam.send(new ListUsersCommand({ PathPrefix: '/pager/', MaxItems: 2, Marker: first.Marker }));
    expect([second.Users?.map((u) => u.UserName), second.IsTruncated, second.Marker]).toEqual([['pager-c'], false, undefined]);
    for (const name of ['pager-a', 'pager-b', 'pager-c']) await iam.send(new DeleteUserCommand({ UserName: name }));

    expect(await failure(iam.send(new CreateUserCommand({ UserName: 'ALICE' })))).toEqual({ name: 'EntityAlreadyExistsException', message: 'User with name ALICE already exists.', status: 409 });
    expect(await failure(iam.send(new GetUserCommand({ UserName: 'nobody' })))).toEqual({ name: 'NoSuchEntityException', message: 'The user with name nobody cannot be found.', status: 404 });
    expect((await failure(iam.send(new CreateUserCommand({ UserName: 'bad name' })))).name).toBe('ValidationError');
  });

  it('creates keys (secret shown once), lists, deactivates and deletes them', async () => {
    const created = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    const key = created.AccessKey!;
    expect(key.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(key.SecretAccessKey).toHaveLength(40);
    expect(key.Status).toBe('Active');

    const listed = await iam.send(new ListAccessKeysCommand({ UserName: 'alice' }));
    expect(listed.AccessKeyMetadata).toEqual([expect.objectContaining({ AccessKeyId: key.AccessKeyId, Status: 'Active', UserName: 'alice' })]);
    expect(JSON.stringify(listed)).not.toContain(key.SecretAccessKey!);

    // The user's own key authenticates IAM calls; the user may read itself only with a policy allowing it.
    const asAlice = client(key.AccessKeyId!, key.SecretAccessKey!);
    const denied = await failure(asAlice.send(new ListUsersCommand({})));
    expect(denied).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(denied.message).toBe('User: arn:aws:iam::000000000000:user/alice is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::000000000000:user/alice because no identity-based policy allows the iam:ListUsers action');
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'read', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:List*', Resource: '*' }] }) }));
    expect((await asAlice.send(new ListUsersCommand({}))).Users).toHaveLength(1);
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'alice', PolicyName: 'read' }));

    await iam.send(new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: key.AccessKeyId, Status: 'Inactive' }));
    expect(await failure(asAlice.send(new ListUsersCommand({})))).toEqual({ name: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.', status: 403 });
    asAlice.destroy();

    expect(await failure(iam.send(new DeleteUserCommand({ UserName: 'alice' })))).toEqual({ name: 'DeleteConflictException', message: 'Cannot delete entity, must delete access keys first.', status: 409 });
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: key.AccessKeyId }));
    expect(await failure(iam.send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: key.AccessKeyId })))).toMatchObject({ name: 'NoSuchEntityException', message: `The Access Key with id ${key.AccessKeyId} cannot be found.` });
  });

  it('refuses a wrong secret with SignatureDoesNotMatch', async () => {
    const wrong = client(TEST_ACCESS_KEY_ID, 'not-the-secret-at-all-0000000000');
    const error = await failure(wrong.send(new ListUsersCommand({})));
    expect(error).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
    wrong.destroy();
  });
});

describe('policies', () => {
  it('validates documents with IAM MalformedPolicyDocument texts', async () => {
    const cases: Array<[string, string]> = [
      ['{not json', 'Syntax errors in policy.'],
      [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Resource: '*' }] }), 'Policy statement must contain actions.'],
      [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke' }] }), 'Policy statement must contain resources.'],
      [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }] }), 'Policy document should not specify a principal.'],
    ];
    for (const [document, message] of cases) {
      expect(await failure(iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'p', PolicyDocument: document })))).toEqual({ name: 'MalformedPolicyDocumentException', message, status: 400 });
    }
  });

  it('puts and gets inline policies (document URL-encoded, as IAM returns it)', async () => {
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'invoke', PolicyDocument: invokePolicy }));
    const got = await iam.send(new GetUserPolicyCommand({ UserName: 'alice', PolicyName: 'invoke' }));
    expect(decodeURIComponent(got.PolicyDocument!)).toBe(invokePolicy);
    expect((await iam.send(new ListUserPoliciesCommand({ UserName: 'alice' }))).PolicyNames).toEqual(['invoke']);
    expect(await failure(iam.send(new GetUserPolicyCommand({ UserName: 'alice', PolicyName: 'missing' })))).toMatchObject({ name: 'NoSuchEntityException', message: 'The user policy with name missing cannot be found.' });
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'alice', PolicyName: 'invoke' }));
  });

  it('creates, attaches, detaches and deletes managed policies', async () => {
    const created = await iam.send(new CreatePolicyCommand({ PolicyName: 'InvokeAll', PolicyDocument: invokePolicy, Description: 'invoke' }));
    const arn = created.Policy!.Arn!;
    expect(arn).toBe('arn:aws:iam::000000000000:policy/InvokeAll');
    expect(created.Policy).toMatchObject({ PolicyName: 'InvokeAll', DefaultVersionId: 'v1', AttachmentCount: 0, IsAttachable: true });
    expect(await failure(iam.send(new CreatePolicyCommand({ PolicyName: 'InvokeAll', PolicyDocument: invokePolicy })))).toMatchObject({ name: 'EntityAlreadyExistsException', message: 'A policy called InvokeAll already exists. Duplicate names are not allowed.' });

    await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: arn }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: 'arn:aws:iam::aws:policy/AmazonAPIGatewayInvokeFullAccess' }));
    const attached = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'alice' }));
    expect(attached.AttachedPolicies).toEqual([
      { PolicyName: 'InvokeAll', PolicyArn: arn },
      { PolicyName: 'AmazonAPIGatewayInvokeFullAccess', PolicyArn: 'arn:aws:iam::aws:policy/AmazonAPIGatewayInvokeFullAccess' },
    ]);
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.AttachmentCount).toBe(1);
    const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    expect(decodeURIComponent(version.PolicyVersion!.Document!)).toBe(invokePolicy);

    expect(await failure(iam.send(new DeletePolicyCommand({ PolicyArn: arn })))).toMatchObject({ name: 'DeleteConflictException', message: 'Cannot delete a policy attached to entities.' });
    await iam.send(new DetachUserPolicyCommand({ UserName: 'alice', PolicyArn: arn }));
    await iam.send(new DetachUserPolicyCommand({ UserName: 'alice', PolicyArn: 'arn:aws:iam::aws:policy/AmazonAPIGatewayInvokeFullAccess' }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
    expect(await failure(iam.send(new GetPolicyCommand({ PolicyArn: arn })))).toMatchObject({ name: 'NoSuchEntityException', message: `Policy ${arn} does not exist or is not attachable.` });
  });
});

describe('roles', () => {
  it('creates a role with a trust policy and inline policies; refuses a malformed trust policy', async () => {
    const created = await iam.send(new CreateRoleCommand({ RoleName: 'invoker', AssumeRolePolicyDocument: trustPolicy, MaxSessionDuration: 7200 }));
    expect(created.Role).toMatchObject({ RoleName: 'invoker', Arn: 'arn:aws:iam::000000000000:role/invoker', MaxSessionDuration: 7200 });
    expect(created.Role?.RoleId).toMatch(/^AROA/);
    expect(decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName: 'invoker' }))).Role!.AssumeRolePolicyDocument!)).toBe(trustPolicy);
    await iam.send(new PutRolePolicyCommand({ RoleName: 'invoker', PolicyName: 'invoke', PolicyDocument: invokePolicy }));

    const withResource = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '000000000000' }, Action: 'sts:AssumeRole', Resource: '*' }] });
    expect(await failure(iam.send(new CreateRoleCommand({ RoleName: 'other', AssumeRolePolicyDocument: withResource })))).toEqual({ name: 'MalformedPolicyDocumentException', message: 'Has prohibited field Resource', status: 400 });
    expect(await failure(iam.send(new GetRoleCommand({ RoleName: 'nope' })))).toMatchObject({ name: 'NoSuchEntityException', message: 'The role with name nope cannot be found.' });
  });
});
