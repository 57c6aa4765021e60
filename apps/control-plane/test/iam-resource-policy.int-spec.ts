// Resource policies validated by the policy engine on write, and the IAM part of the data plane's config
// document: derived execute-api signing keys, never a secret.
import { CreateRestApiCommand, GetRestApiCommand, UpdateRestApiCommand, type APIGatewayServiceException } from '@aws-sdk/client-api-gateway';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { configDocumentSchema } from '@portico/contracts';
import { deriveSigningKey } from '@portico/engine-sigv4';
import { startTestControlPlane, TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY, type TestControlPlane } from './support/test-control-plane.js';

let cp: TestControlPlane;

beforeAll(async () => {
  cp = await startTestControlPlane();
});

afterAll(async () => {
  await cp.close();
});

const INVALID = 'Invalid policy document. Please check the policy syntax and try again.';

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as APIGatewayServiceException;
    return { name: e.name, message: e.message };
  }
  throw new Error('expected the call to fail');
}

describe('restApi policy', () => {
  it('accepts a resource policy with execute-api shorthands and returns it in AWS\'s escaped string form', async () => {
    const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }] };
    const policy = JSON.stringify(document, null, 2);
    const api = await cp.client.send(new CreateRestApiCommand({ name: 'with-policy', policy }));
    // AWS's answer: the minified document with `"` and `/` escaped once more, which Terraform unquotes.
    expect(api.policy).toBe(JSON.stringify(JSON.stringify(document)).slice(1, -1).replace(/\//g, '\\/'));
    expect(api.policy).toContain('{\\"Version\\":\\"2012-10-17\\"');
    expect(JSON.parse(JSON.parse(`"${api.policy}"`) as string)).toEqual(document);
    const read = await cp.client.send(new GetRestApiCommand({ restApiId: api.id }));
    expect(read.policy).toBe(api.policy);
  });

  it.each([
    ['no Principal', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }] }],
    ['no Action', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Resource: '*' }] }],
    ['unknown condition operator', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*', Condition: { IpAddressish: { 'aws:SourceIp': '1.2.3.4' } } }] }],
    ['invalid principal', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'alice' }, Action: 'execute-api:Invoke', Resource: '*' }] }],
  ])('refuses a malformed policy on create (%s) and on update', async (_name, document) => {
    expect(await failure(cp.client.send(new CreateRestApiCommand({ name: 'bad', policy: JSON.stringify(document) })))).toEqual({ name: 'BadRequestException', message: INVALID });
    const api = await cp.client.send(new CreateRestApiCommand({ name: 'to-patch' }));
    expect(await failure(cp.client.send(new UpdateRestApiCommand({ restApiId: api.id, patchOperations: [{ op: 'replace', path: '/policy', value: JSON.stringify(document) }] })))).toEqual({ name: 'BadRequestException', message: INVALID });
  });
});

describe('config document, IAM part', () => {
  it('carries principals with their policies and per-day execute-api signing keys, no secrets', async () => {
    const iam = new IAMClient({ endpoint: cp.url, region: TEST_REGION, credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY }, maxAttempts: 1 });
    await iam.send(new CreateUserCommand({ UserName: 'dana', Tags: [{ Key: 'team', Value: 'blue' }] }));
    const invoke = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }] });
    await iam.send(new PutUserPolicyCommand({ UserName: 'dana', PolicyName: 'invoke', PolicyDocument: invoke }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'dana' }))).AccessKey!;
    iam.destroy();

    const response = await cp.request('GET', '/internal/config', { sign: false, headers: { authorization: `Bearer ${cp.config.dataPlaneToken}` } });
    expect(response.status).toBe(200);
    expect(response.text).not.toContain(key.SecretAccessKey!);
    expect(response.text).not.toContain(TEST_SECRET_ACCESS_KEY);
    const doc = configDocumentSchema.parse(response.json());
    expect(doc.iam.principals['arn:aws:iam::000000000000:user/dana']).toMatchObject({ type: 'User', username: 'dana', accountId: '000000000000', tags: { team: 'blue' }, policies: [invoke] });
    const credential = doc.iam.credentials.find((c) => c.accessKeyId === key.AccessKeyId)!;
    expect(credential.principal).toBe('arn:aws:iam::000000000000:user/dana');
    const today = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    expect(Object.keys(credential.signingKeys)).toHaveLength(3);
    expect(credential.signingKeys[today]).toBe(deriveSigningKey(key.SecretAccessKey!, today, TEST_REGION, 'execute-api').toString('hex'));
    // The bootstrap admin is the default account's root, with derived keys too.
    expect(doc.iam.credentials.find((c) => c.accessKeyId === TEST_ACCESS_KEY_ID)?.principal).toBe('arn:aws:iam::000000000000:root');
  });
});
