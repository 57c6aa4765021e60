import { randomUUID } from 'node:crypto';
import {
  CreateApiKeyCommand,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateStageCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  DeleteApiKeyCommand,
  DeleteRestApiCommand,
  DeleteStageCommand,
  DeleteUsagePlanCommand,
  DeleteUsagePlanKeyCommand,
  ImportApiKeysCommand,
  PutMethodCommand,
  UpdateAccountCommand,
  UpdateApiKeyCommand,
  UpdateRestApiCommand,
  UpdateStageCommand,
  UpdateUsagePlanCommand,
} from '@aws-sdk/client-api-gateway';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, DeleteUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CONFIG_CHANGED_CHANNEL } from '@portico/contracts';
import { redisName, redisSettings } from '@portico/redis';
import { Redis } from 'ioredis';
import { ConfigChangePublisher } from '../src/platform/config-distribution/config-change.publisher.js';
import { createMockApi, errorOf, startTestControlPlane, TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY, type TestControlPlane } from './support/test-control-plane.js';

// Every admin write that changes what data planes serve causes exactly one change event after its commit, from the
// one place every write passes through (writeTransaction); writes that change nothing served, and refused writes,
// cause none. The events are counted on this file's own channel (its own key prefix), after a barrier: the
// publisher's in-flight announcements settled, then a PING on the subscriber's connection, which Redis answers
// after every message it has already delivered to that connection.

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const settings = redisSettings({ REDIS_URL, PORTICO_REDIS_KEY_PREFIX: `config-events-${randomUUID()}:` });

let cp: TestControlPlane;
let subscriber: Redis;
let iam: IAMClient;
let sts: STSClient;
let events = 0;

beforeAll(async () => {
  subscriber = new Redis(REDIS_URL);
  await subscriber.subscribe(redisName(settings, CONFIG_CHANGED_CHANNEL));
  subscriber.on('message', () => void events++);
  cp = await startTestControlPlane({ redisUrl: REDIS_URL, redis: settings });
  const credentials = { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY };
  iam = new IAMClient({ endpoint: cp.url, region: TEST_REGION, credentials, maxAttempts: 1 });
  sts = new STSClient({ endpoint: cp.url, region: TEST_REGION, credentials, maxAttempts: 1 });
});
afterAll(async () => {
  iam?.destroy();
  sts?.destroy();
  await subscriber?.quit();
  await cp?.close();
});

/** How many change events `write` caused: counted once everything it announced has been delivered. */
async function eventsOf(write: () => Promise<unknown>): Promise<number> {
  await settle();
  const before = events;
  await write();
  await settle();
  return events - before;
}

async function settle(): Promise<void> {
  await cp.app.get(ConfigChangePublisher).settled();
  await subscriber.ping();
}

describe('config-change events', () => {
  it('REST APIs, deployments and stages: one event per write that changes what is served, none otherwise', async () => {
    const api = await createMockApi(cp.client, 'events');
    const restApiId = api.apiId;
    // Editing an API changes nothing served until it is deployed.
    expect(await eventsOf(() => cp.client.send(new UpdateRestApiCommand({ restApiId, patchOperations: [{ op: 'replace', path: '/description', value: 'edited' }] })))).toBe(0);
    expect(await eventsOf(() => cp.client.send(new CreateResourceCommand({ restApiId, parentId: api.rootId, pathPart: 'more' })))).toBe(0);
    // A deployment without a stage is not served; one with a stage is, in one event.
    let deploymentId = '';
    expect(await eventsOf(async () => (deploymentId = (await cp.client.send(new CreateDeploymentCommand({ restApiId }))).id!))).toBe(0);
    expect(await eventsOf(() => cp.client.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' })))).toBe(1);
    expect(await eventsOf(() => cp.client.send(new CreateStageCommand({ restApiId, stageName: 'beta', deploymentId })))).toBe(1);
    expect(await eventsOf(() => cp.client.send(new UpdateStageCommand({ restApiId, stageName: 'beta', patchOperations: [{ op: 'replace', path: '/variables/v', value: '1' }] })))).toBe(1);
    expect(await eventsOf(() => cp.client.send(new DeleteStageCommand({ restApiId, stageName: 'beta' })))).toBe(1);
    // Refused writes change nothing.
    expect(await eventsOf(() => errorOf(cp.client.send(new CreateStageCommand({ restApiId, stageName: 'gamma', deploymentId: 'nosuchdep' }))))).toBe(0);
    expect(await eventsOf(() => errorOf(cp.client.send(new PutMethodCommand({ restApiId, resourceId: 'nosuchres', httpMethod: 'GET', authorizationType: 'NONE' }))))).toBe(0);
    // Deleting the API deletes its stages: one event.
    expect(await eventsOf(() => cp.client.send(new DeleteRestApiCommand({ restApiId })))).toBe(1);
  });

  it('API keys, usage plans and their keys, the account: one event per write', async () => {
    const api = await createMockApi(cp.client, 'plans');
    await cp.client.send(new CreateDeploymentCommand({ restApiId: api.apiId, stageName: 'prod' }));
    let keyId = '';
    let planId = '';
    expect(await eventsOf(async () => (keyId = (await cp.client.send(new CreateApiKeyCommand({ name: 'k', enabled: true }))).id!))).toBe(1);
    expect(await eventsOf(() => cp.client.send(new UpdateApiKeyCommand({ apiKey: keyId, patchOperations: [{ op: 'replace', path: '/enabled', value: 'false' }] })))).toBe(1);
    expect(await eventsOf(() => cp.client.send(new ImportApiKeysCommand({ format: 'csv', body: new TextEncoder().encode('name,key,enabled\nimported,imported-key-value-0123456789,true\n') })))).toBe(1);
    expect(
      await eventsOf(async () => {
        planId = (await cp.client.send(new CreateUsagePlanCommand({ name: 'p', apiStages: [{ apiId: api.apiId, stage: 'prod' }], throttle: { rateLimit: 10, burstLimit: 5 } }))).id!;
      }),
    ).toBe(1);
    expect(await eventsOf(() => cp.client.send(new UpdateUsagePlanCommand({ usagePlanId: planId, patchOperations: [{ op: 'replace', path: '/throttle/rateLimit', value: '20' }] })))).toBe(1);
    expect(await eventsOf(() => cp.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: planId, keyId, keyType: 'API_KEY' })))).toBe(1);
    expect(await eventsOf(() => errorOf(cp.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: planId, keyId, keyType: 'API_KEY' }))))).toBe(0);
    expect(await eventsOf(() => cp.client.send(new DeleteUsagePlanKeyCommand({ usagePlanId: planId, keyId })))).toBe(1);
    expect(await eventsOf(() => cp.client.send(new DeleteUsagePlanCommand({ usagePlanId: planId })))).toBe(1);
    expect(await eventsOf(() => cp.client.send(new DeleteApiKeyCommand({ apiKey: keyId })))).toBe(1);
    expect(await eventsOf(() => cp.client.send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/throttleSettings/rateLimit', value: '500' }] })))).toBe(1);
  });

  it('IAM and STS: one event per action that writes, none for one that only reads', async () => {
    expect(await eventsOf(() => iam.send(new CreateUserCommand({ UserName: 'events-user' })))).toBe(1);
    expect(await eventsOf(() => iam.send(new CreateAccessKeyCommand({ UserName: 'events-user' })))).toBe(1);
    let policyArn = '';
    const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }] });
    expect(await eventsOf(async () => (policyArn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'events-policy', PolicyDocument: document }))).Policy!.Arn!))).toBe(1);
    expect(await eventsOf(() => iam.send(new AttachUserPolicyCommand({ UserName: 'events-user', PolicyArn: policyArn })))).toBe(1);
    // DeleteUser is refused while the user has keys and policies: nothing changes.
    expect(await eventsOf(() => iam.send(new DeleteUserCommand({ UserName: 'events-user' })).catch(() => undefined))).toBe(0);
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'sts:AssumeRole' }] });
    let roleArn = '';
    expect(await eventsOf(async () => (roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'events-role', AssumeRolePolicyDocument: trust }))).Role!.Arn!))).toBe(1);
    // AssumeRole issues temporary credentials that data planes accept.
    expect(await eventsOf(() => sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'events' })))).toBe(1);
  });

  it('accounts and VPC endpoints (Portico extensions): one event per write', async () => {
    expect(await eventsOf(async () => expect((await cp.request('POST', '/portico/accounts', { body: JSON.stringify({ name: 'events' }) })).status).toBe(201))).toBe(1);
    const body = JSON.stringify({ vpcEndpointId: 'vpce-0123456789abcdef0', vpcId: 'vpc-0123456789abcdef0', cidrs: ['10.1.0.0/16'] });
    expect(await eventsOf(async () => expect((await cp.request('POST', '/portico/vpc-endpoints', { body })).status).toBe(201))).toBe(1);
    expect(await eventsOf(async () => expect((await cp.request('POST', '/portico/vpc-endpoints', { body })).status).toBe(409))).toBe(0);
    expect(await eventsOf(async () => expect((await cp.request('DELETE', '/portico/vpc-endpoints/vpce-0123456789abcdef0')).status).toBe(202))).toBe(1);
  });
});
