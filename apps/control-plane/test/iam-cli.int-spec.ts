// The AWS CLI (`aws iam|sts … --endpoint-url`) against the IAM/STS query APIs. Skipped, with a message, where no
// `aws` executable is on the PATH.
import { awsCli, describeWithAwsCli } from '@portico/testing-aws-cli';
import { startTestControlPlane, TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY, type TestControlPlane } from './support/test-control-plane.js';

let cp: TestControlPlane;

const aws = awsCli({ endpoint: () => cp.url, credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY }, region: TEST_REGION });

describeWithAwsCli('aws iam / aws sts', () => {
  beforeAll(async () => {
    cp = await startTestControlPlane();
  });

  afterAll(async () => {
    await cp.close();
  });

  it('drives users, policies, roles and AssumeRole', async () => {
    expect(await aws.result('sts', 'get-caller-identity')).toEqual({ ok: true, json: { UserId: '000000000000', Account: '000000000000', Arn: 'arn:aws:iam::000000000000:root' } });
    expect(await aws.result('iam', 'create-user', '--user-name', 'cli-user')).toMatchObject({ ok: true, json: { User: { UserName: 'cli-user' } } });
    const document = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}]}';
    expect((await aws.result('iam', 'put-user-policy', '--user-name', 'cli-user', '--policy-name', 'invoke', '--policy-document', document)).ok).toBe(true);
    // The CLI decodes IAM's URL-encoded documents back into JSON.
    expect(await aws.result('iam', 'get-user-policy', '--user-name', 'cli-user', '--policy-name', 'invoke')).toMatchObject({ ok: true, json: { PolicyDocument: JSON.parse(document) } });
    const missing = await aws.result('iam', 'get-user', '--user-name', 'nobody');
    expect(missing).toEqual({ ok: false, stderr: expect.stringContaining('An error occurred (NoSuchEntity) when calling the GetUser operation: The user with name nobody cannot be found.') });

    const trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"000000000000"},"Action":"sts:AssumeRole"}]}';
    expect((await aws.result('iam', 'create-role', '--role-name', 'cli-role', '--assume-role-policy-document', trust)).ok).toBe(true);
    expect(await aws.result('sts', 'assume-role', '--role-arn', 'arn:aws:iam::000000000000:role/cli-role', '--role-session-name', 'cli')).toMatchObject({
      ok: true,
      json: { AssumedRoleUser: { Arn: 'arn:aws:sts::000000000000:assumed-role/cli-role/cli' } },
    });
  });
});
