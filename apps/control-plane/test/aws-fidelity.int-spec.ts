// Fidelity found by running real clients (Terraform's AWS provider 5.100, the AWS CLI v1) against Portico and by
// AWS's recorded answers (issue 15): each case is what a client sends and what AWS answers.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateApiKeyCommand,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  CreateUsagePlanCommand,
  GetApiKeysCommand,
  GetMethodCommand,
  GetResourcesCommand,
  GetStageCommand,
  GetTagsCommand,
  GetUsagePlanCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateRestApiCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { awsCli, describeWithAwsCli } from '@portico/testing-aws-cli';
import { errorOf, startTestControlPlane, TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY, type TestControlPlane } from './support/test-control-plane.js';

let cp: TestControlPlane;
beforeAll(async () => {
  cp = await startTestControlPlane();
});
afterAll(async () => {
  await cp?.close();
});

async function apiWithResource(name: string): Promise<{ apiId: string; rootId: string; resourceId: string }> {
  const api = await cp.client.send(new CreateRestApiCommand({ name }));
  const resource = await cp.client.send(new CreateResourceCommand({ restApiId: api.id!, parentId: api.rootResourceId!, pathPart: 'things' }));
  return { apiId: api.id!, rootId: api.rootResourceId!, resourceId: resource.id! };
}

describe('what Terraform sends', () => {
  it('accepts authorizationType in any case ("none" works on AWS) and deploys it', async () => {
    const { apiId, resourceId } = await apiWithResource('auth-case');
    await cp.client.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', authorizationType: 'none' }));
    expect((await cp.client.send(new GetMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET' }))).authorizationType).toBe('none');
    await cp.client.send(new PutIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', type: 'MOCK' }));
    const deployment = await cp.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev' }));
    expect(deployment.id).toBeDefined();
    const bad = await errorOf(cp.client.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'POST', authorizationType: 'sometimes' })));
    expect(bad.message).toBe('Invalid authorization type specified. Valid options are NONE,AWS_IAM,CUSTOM,COGNITO_USER_POOLS');
  });

  it('generates a key for CreateApiKey with "value": "" (no value in the module)', async () => {
    const key = await cp.client.send(new CreateApiKeyCommand({ name: 'tf-key', value: '' }));
    expect(key.value).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(key.tags).toEqual({});
  });

  it('answers tags as {} when none are set, on REST APIs, stages, API keys and usage plans', async () => {
    const api = await cp.client.send(new CreateRestApiCommand({ name: 'no-tags' }));
    expect(api.tags).toEqual({});
    const plan = await cp.client.send(new CreateUsagePlanCommand({ name: 'no-tags' }));
    expect((await cp.client.send(new GetUsagePlanCommand({ usagePlanId: plan.id! }))).tags).toEqual({});
  });

  it('applies the patch paths AWS accepts: /binaryMediaTypes/{type} add/replace/remove, remove /description', async () => {
    const api = await cp.client.send(new CreateRestApiCommand({ name: 'patches', description: 'to be removed', binaryMediaTypes: ['image/png'] }));
    const replaced = await cp.client.send(
      new UpdateRestApiCommand({
        restApiId: api.id!,
        patchOperations: [
          { op: 'replace', path: '/binaryMediaTypes/image~1png', value: 'image/jpeg' },
          { op: 'add', path: '/binaryMediaTypes/application~1octet-stream' },
          { op: 'remove', path: '/description' },
        ],
      }),
    );
    expect(replaced.binaryMediaTypes).toEqual(['image/jpeg', 'application/octet-stream']);
    expect(replaced.description).toBeUndefined();
    const removed = await cp.client.send(new UpdateRestApiCommand({ restApiId: api.id!, patchOperations: [{ op: 'remove', path: '/binaryMediaTypes/image~1jpeg' }] }));
    expect(removed.binaryMediaTypes).toEqual(['application/octet-stream']);
  });

  it('sets access log settings with add (as Terraform sends them)', async () => {
    const { apiId, resourceId } = await apiWithResource('access-log');
    await cp.client.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
    await cp.client.send(new PutIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', type: 'MOCK' }));
    const deployment = await cp.client.send(new CreateDeploymentCommand({ restApiId: apiId }));
    await cp.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'logs', deploymentId: deployment.id! }));
    await cp.client.send(
      new UpdateStageCommand({
        restApiId: apiId,
        stageName: 'logs',
        patchOperations: [
          { op: 'add', path: '/accessLogSettings/destinationArn', value: 'arn:aws:logs:us-east-1:000000000000:log-group:api' },
          { op: 'add', path: '/accessLogSettings/format', value: '{"id":"$context.requestId"}' },
        ],
      }),
    );
    const stage = await cp.client.send(new GetStageCommand({ restApiId: apiId, stageName: 'logs' }));
    expect(stage.accessLogSettings).toEqual({ destinationArn: 'arn:aws:logs:us-east-1:000000000000:log-group:api', format: '{"id":"$context.requestId"}' });
    expect(stage.tags).toEqual({});
  });

  it('refuses a patch operation without op (400), changing nothing', async () => {
    const api = await cp.client.send(new CreateRestApiCommand({ name: 'no-op' }));
    const response = await cp.request('PATCH', `/restapis/${api.id}`, { body: JSON.stringify({ patchOperations: [{ path: '/name', value: 'renamed' }] }) });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('BadRequestException');
    expect(response.json()).toEqual({ message: expect.stringMatching(/^Invalid patch operation specified\. Must be one of: \[/) });
    const stageless = await cp.request('PATCH', `/restapis/${api.id}`, { body: JSON.stringify({ patchOperations: [{ path: '/description' }] }) });
    expect(stageless.status).toBe(400);
    const resources = await cp.client.send(new GetResourcesCommand({ restApiId: api.id! }));
    expect(resources.items).toHaveLength(1);
  });
});

describe('order of checks and texts', () => {
  it('reports an unknown API or resource before a bad verb', async () => {
    const { apiId, resourceId } = await apiWithResource('order');
    const unknownResource = await errorOf(cp.client.send(new PutMethodCommand({ restApiId: apiId, resourceId: 'nope42', httpMethod: 'FETCH', authorizationType: 'NONE' })));
    expect(unknownResource).toMatchObject({ name: 'NotFoundException', message: 'Invalid Resource identifier specified' });
    const unknownApi = await errorOf(cp.client.send(new PutMethodCommand({ restApiId: 'nope000000', resourceId, httpMethod: 'FETCH', authorizationType: 'NONE' })));
    expect(unknownApi).toMatchObject({ name: 'NotFoundException', message: 'Invalid API identifier specified 000000000000:nope000000' });
    const badVerb = await errorOf(cp.client.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'FETCH', authorizationType: 'NONE' })));
    expect(badVerb).toMatchObject({ name: 'BadRequestException', message: 'Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY' });
  });

  it('answers an unknown API in an integration route as an unknown resource', async () => {
    const error = await errorOf(cp.client.send(new PutIntegrationCommand({ restApiId: 'nope000000', resourceId: 'abc123', httpMethod: 'GET', type: 'MOCK' })));
    expect(error).toMatchObject({ name: 'NotFoundException', message: 'Invalid Resource identifier specified' });
  });

  it('names an operation AWS has and Portico does not serve, and keeps UnknownOperationException for what AWS has not', async () => {
    const sdk = await cp.request('GET', '/restapis/abc1234567/stages/dev/sdks/javascript');
    expect(sdk.status).toBe(400);
    expect(sdk.headers.get('x-amzn-errortype')).toBe('BadRequestException');
    expect(sdk.json()).toEqual({ message: 'GetSdk is not supported by Portico' });
    const certificates = await cp.request('GET', '/clientcertificates');
    expect(certificates.json()).toEqual({ message: 'GetClientCertificates is not supported by Portico' });
    const unknown = await cp.request('GET', '/no-such-collection');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
  });
});

describe('tags', () => {
  it('tags, reads and untags a REST API, a stage, an API key and a usage plan by ARN', async () => {
    const { apiId, resourceId } = await apiWithResource('tagged');
    await cp.client.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
    await cp.client.send(new PutIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', type: 'MOCK' }));
    await cp.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }));
    const key = await cp.client.send(new CreateApiKeyCommand({ name: 'tagged', tags: { team: 'a' } }));
    const plan = await cp.client.send(new CreateUsagePlanCommand({ name: 'tagged' }));
    const arns = [
      `arn:aws:apigateway:${TEST_REGION}::/restapis/${apiId}`,
      `arn:aws:apigateway:${TEST_REGION}::/restapis/${apiId}/stages/prod`,
      `arn:aws:apigateway:${TEST_REGION}::/apikeys/${key.id}`,
      `arn:aws:apigateway:${TEST_REGION}::/usageplans/${plan.id}`,
    ];
    for (const resourceArn of arns) {
      await cp.client.send(new TagResourceCommand({ resourceArn, tags: { env: 'prod', owner: 'platform' } }));
      await cp.client.send(new UntagResourceCommand({ resourceArn, tagKeys: ['owner'] }));
      expect((await cp.client.send(new GetTagsCommand({ resourceArn }))).tags).toMatchObject({ env: 'prod' });
      expect((await cp.client.send(new GetTagsCommand({ resourceArn }))).tags).not.toHaveProperty('owner');
    }
    expect((await cp.client.send(new GetStageCommand({ restApiId: apiId, stageName: 'prod' }))).tags).toEqual({ env: 'prod' });
    const keys = await cp.client.send(new GetApiKeysCommand({}));
    expect(keys.items?.find((k) => k.id === key.id)?.tags).toEqual({ team: 'a', env: 'prod' });
    expect(await errorOf(cp.client.send(new GetTagsCommand({ resourceArn: `arn:aws:apigateway:${TEST_REGION}::/restapis/nope000000` })))).toMatchObject({ name: 'NotFoundException' });
    expect(await errorOf(cp.client.send(new GetTagsCommand({ resourceArn: 'not-an-arn' })))).toMatchObject({ name: 'BadRequestException', message: 'Invalid ARN specified in the request' });
  });
});

// In CI a missing AWS CLI fails the suite instead of skipping it, like the Terraform harness does.
describeWithAwsCli('aws apigateway (CLI v1)', () => {
  const aws = awsCli({ endpoint: () => cp.url, credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY }, region: TEST_REGION });
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'portico-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('imports API keys from a CSV sent with no Content-Type', async () => {
    const file = join(dir, 'keys.csv');
    await writeFile(file, 'Name,Key,Enabled,Description\ncli-imported,cliImportedKeyValue0123456789,true,from the CLI\n');
    const imported = (await aws.json('apigateway', 'import-api-keys', '--body', `fileb://${file}`, '--format', 'csv')) as { ids: string[] };
    expect(imported.ids).toHaveLength(1);
    const keys = await cp.client.send(new GetApiKeysCommand({ nameQuery: 'cli-imported', includeValues: true }));
    expect(keys.items?.[0]).toMatchObject({ name: 'cli-imported', value: 'cliImportedKeyValue0123456789', enabled: true });
  });
}, { requiredInCi: true });
