// IAM groups through the real AWS SDK: CreateGroup, AddUserToGroup, ListGroupsForUser (Terraform calls it before
// every DeleteUser), group policies (inline and attached), and group policies counted in a member's identity
// policies: in the data planes' config document and for IAM actions the member calls.
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeleteGroupPolicyCommand,
  DeleteUserCommand,
  DetachGroupPolicyCommand,
  GetGroupCommand,
  GetGroupPolicyCommand,
  IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListUsersCommand,
  PutGroupPolicyCommand,
  RemoveUserFromGroupCommand,
} from '@aws-sdk/client-iam';
import { configDocumentSchema } from '@portico/contracts';
import { startTestControlPlane, TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY, type TestControlPlane } from './support/test-control-plane.js';

let cp: TestControlPlane;
let iam: IAMClient;
beforeAll(async () => {
  cp = await startTestControlPlane();
  iam = new IAMClient({ endpoint: cp.url, region: TEST_REGION, credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY }, maxAttempts: 1 });
});
afterAll(async () => {
  iam?.destroy();
  await cp?.close();
});

const invoke = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }] });
const listUsers = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }] });

async function configDocument() {
  const response = await cp.request('GET', '/internal/config', { sign: false, headers: { authorization: `Bearer ${cp.config.dataPlaneToken}` } });
  return configDocumentSchema.parse(response.json());
}

describe('IAM groups', () => {
  it('creates a group, adds a user, and lists the user\'s groups (empty before, as Terraform reads it)', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'gina' }));
    expect((await iam.send(new ListGroupsForUserCommand({ UserName: 'gina' }))).Groups).toEqual([]);
    const created = await iam.send(new CreateGroupCommand({ GroupName: 'developers', Path: '/teams/' }));
    expect(created.Group).toMatchObject({ GroupName: 'developers', Path: '/teams/', Arn: 'arn:aws:iam::000000000000:group/teams/developers' });
    expect(created.Group?.GroupId).toMatch(/^AGPA[A-Z0-9]{16}$/);
    await iam.send(new AddUserToGroupCommand({ GroupName: 'developers', UserName: 'gina' }));
    expect((await iam.send(new ListGroupsForUserCommand({ UserName: 'gina' }))).Groups?.map((g) => g.GroupName)).toEqual(['developers']);
    expect((await iam.send(new GetGroupCommand({ GroupName: 'developers' }))).Users?.map((u) => u.UserName)).toEqual(['gina']);
    expect((await iam.send(new ListGroupsCommand({}))).Groups?.map((g) => g.GroupName)).toEqual(['developers']);
    await expect(iam.send(new CreateGroupCommand({ GroupName: 'Developers' }))).rejects.toMatchObject({ name: 'EntityAlreadyExistsException' });
    await expect(iam.send(new ListGroupsForUserCommand({ UserName: 'nobody' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('counts the group\'s inline and attached policies among a member\'s identity policies', async () => {
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'developers', PolicyName: 'invoke', PolicyDocument: invoke }));
    const managed = await iam.send(new CreatePolicyCommand({ PolicyName: 'list-users', PolicyDocument: listUsers }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'developers', PolicyArn: managed.Policy!.Arn! }));
    expect(decodeURIComponent((await iam.send(new GetGroupPolicyCommand({ GroupName: 'developers', PolicyName: 'invoke' }))).PolicyDocument!)).toBe(invoke);
    expect((await iam.send(new ListGroupPoliciesCommand({ GroupName: 'developers' }))).PolicyNames).toEqual(['invoke']);
    expect((await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'developers' }))).AttachedPolicies?.map((p) => p.PolicyName)).toEqual(['list-users']);

    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'gina' }));
    const doc = await configDocument();
    expect(doc.iam.principals['arn:aws:iam::000000000000:user/gina']?.policies).toEqual([invoke, listUsers]);

    // The member may call what the group allows, and nothing else.
    const asGina = new IAMClient({ endpoint: cp.url, region: TEST_REGION, credentials: { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! }, maxAttempts: 1 });
    try {
      expect((await asGina.send(new ListUsersCommand({}))).Users?.map((u) => u.UserName)).toEqual(['gina']);
      await expect(asGina.send(new CreateGroupCommand({ GroupName: 'escalation' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    } finally {
      asGina.destroy();
    }
  });

  it('refuses to delete a group with members or policies, or a user still in a group, then deletes in order', async () => {
    await expect(iam.send(new DeleteGroupCommand({ GroupName: 'developers' }))).rejects.toMatchObject({ name: 'DeleteConflictException' });
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'developers', UserName: 'gina' }));
    expect((await configDocument()).iam.principals['arn:aws:iam::000000000000:user/gina']?.policies).toEqual([]);
    await expect(iam.send(new DeleteGroupCommand({ GroupName: 'developers' }))).rejects.toMatchObject({ name: 'DeleteConflictException' });
    await iam.send(new DeleteGroupPolicyCommand({ GroupName: 'developers', PolicyName: 'invoke' }));
    await iam.send(new DetachGroupPolicyCommand({ GroupName: 'developers', PolicyArn: 'arn:aws:iam::000000000000:policy/list-users' }));
    await iam.send(new DeleteGroupCommand({ GroupName: 'developers' }));
    expect((await iam.send(new ListGroupsCommand({}))).Groups).toEqual([]);

    await iam.send(new CreateUserCommand({ UserName: 'hal' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'ops' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'ops', UserName: 'hal' }));
    await expect(iam.send(new DeleteUserCommand({ UserName: 'hal' }))).rejects.toMatchObject({ name: 'DeleteConflictException' });
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'ops', UserName: 'hal' }));
    await iam.send(new DeleteUserCommand({ UserName: 'hal' }));
  });
});
