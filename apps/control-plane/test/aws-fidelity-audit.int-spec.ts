// Issue 15's fidelity bullets that aws-fidelity.int-spec.ts does not show: the fields AWS does not return (no
// `apiStatus` on a REST API, no `connectionType` on a MOCK integration without a connection), read off the wire
// because the SDK would hide an extra field; and tags on a domain name by ARN, the taggable resource the tags
// suite there leaves out; and an OpenAPI import whose models refer to each other in a cycle (allowed on AWS,
// recorded in test_import_with_circular_models); the API-level extensions no other suite imports (API key source,
// minimum compression size, endpoint configuration, policy), read back and exported.
import {
  CreateDeploymentCommand,
  CreateDomainNameCommand,
  GetDomainNameCommand,
  GetExportCommand,
  GetModelCommand,
  GetRestApiCommand,
  GetModelTemplateCommand,
  GetTagsCommand,
  ImportRestApiCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-api-gateway';
import { startTestControlPlane, TEST_REGION, type TestControlPlane } from './support/test-control-plane.js';

let cp: TestControlPlane;
beforeAll(async () => {
  cp = await startTestControlPlane();
});
afterAll(async () => {
  await cp?.close();
});

const wire = async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
  const answer = await cp.request(method, path, body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  expect([method, path, answer.status]).toEqual([method, path, method === 'POST' || method === 'PUT' ? 201 : 200]);
  return answer.json() as Record<string, unknown>;
};

describe('fields AWS does not return', () => {
  it('a REST API has no apiStatus; a MOCK integration has no connectionType, an HTTP one says INTERNET', async () => {
    const api = await wire('POST', '/restapis', { name: 'no-api-status' });
    expect(api).not.toHaveProperty('apiStatus');
    expect(await wire('GET', `/restapis/${String(api.id)}`)).not.toHaveProperty('apiStatus');
    const rootId = String(api.rootResourceId);
    await wire('PUT', `/restapis/${String(api.id)}/resources/${rootId}/methods/GET`, { authorizationType: 'NONE' });
    const mock = await wire('PUT', `/restapis/${String(api.id)}/resources/${rootId}/methods/GET/integration`, { type: 'MOCK' });
    expect(mock).not.toHaveProperty('connectionType');
    expect(await wire('GET', `/restapis/${String(api.id)}/resources/${rootId}/methods/GET/integration`)).not.toHaveProperty('connectionType');
    await wire('PUT', `/restapis/${String(api.id)}/resources/${rootId}/methods/POST`, { authorizationType: 'NONE' });
    const http = await wire('PUT', `/restapis/${String(api.id)}/resources/${rootId}/methods/POST/integration`, { type: 'HTTP', httpMethod: 'POST', uri: 'http://example.com/' });
    expect(http.connectionType).toBe('INTERNET');
  });
});

describe('tags on a domain name', () => {
  it('tags, reads and untags a domain name by its ARN; GetDomainName answers the tags, {} when none', async () => {
    const domainName = 'tags.example.test';
    const created = await cp.client.send(new CreateDomainNameCommand({ domainName, regionalCertificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/abc', endpointConfiguration: { types: ['REGIONAL'] } }));
    expect(created.tags).toEqual({});
    const resourceArn = `arn:aws:apigateway:${TEST_REGION}::/domainnames/${domainName}`;
    await cp.client.send(new TagResourceCommand({ resourceArn, tags: { env: 'prod', owner: 'platform' } }));
    await cp.client.send(new UntagResourceCommand({ resourceArn, tagKeys: ['owner'] }));
    expect((await cp.client.send(new GetTagsCommand({ resourceArn }))).tags).toEqual({ env: 'prod' });
    expect((await cp.client.send(new GetDomainNameCommand({ domainName }))).tags).toEqual({ env: 'prod' });
  });
});

describe('circular models', () => {
  it('imports models that refer to each other in a cycle, rewrites the refs to model URLs, generates templates and deploys', async () => {
    const document = {
      openapi: '3.0.1',
      info: { title: 'circular', version: '1' },
      paths: {
        '/people': {
          post: {
            requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Person' } } } },
            responses: { '200': { description: 'ok' } },
            'x-amazon-apigateway-integration': { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' }, responses: { default: { statusCode: '200' } } },
          },
        },
      },
      components: {
        schemas: {
          Person: { type: 'object', properties: { name: { type: 'string' }, employer: { $ref: '#/components/schemas/Company' } } },
          Company: { type: 'object', properties: { title: { type: 'string' }, staff: { type: 'array', items: { $ref: '#/components/schemas/Person' } } } },
        },
      },
    };
    const api = await cp.client.send(new ImportRestApiCommand({ body: new TextEncoder().encode(JSON.stringify(document)), failOnWarnings: true }));
    const restApiId = api.id!;
    const person = JSON.parse((await cp.client.send(new GetModelCommand({ restApiId, modelName: 'Person' }))).schema!);
    expect(person.properties.employer.$ref).toBe(`https://apigateway.amazonaws.com/restapis/${restApiId}/models/Company`);
    const template = (await cp.client.send(new GetModelTemplateCommand({ restApiId, modelName: 'Person' }))).value!;
    expect(template).toContain('"title" : "$inputRoot.employer.title"');
    expect((await cp.client.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }))).id).toBeDefined();
  });
});

describe('API-level OpenAPI extensions', () => {
  it('imports api-key-source, minimum-compression-size, endpoint-configuration and policy, and exports them with extensions=apigateway', async () => {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] };
    const document = {
      swagger: '2.0',
      info: { title: 'api-extensions', version: '1' },
      'x-amazon-apigateway-api-key-source': 'AUTHORIZER',
      'x-amazon-apigateway-minimum-compression-size': 1024,
      'x-amazon-apigateway-endpoint-configuration': { disableExecuteApiEndpoint: true },
      'x-amazon-apigateway-policy': policy,
      paths: {
        '/': { get: { responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' }, responses: { default: { statusCode: '200' } } } } },
      },
    };
    const api = await cp.client.send(new ImportRestApiCommand({ body: new TextEncoder().encode(JSON.stringify(document)), failOnWarnings: true }));
    const restApiId = api.id!;
    const read = await cp.client.send(new GetRestApiCommand({ restApiId }));
    expect(read).toMatchObject({ apiKeySource: 'AUTHORIZER', minimumCompressionSize: 1024, disableExecuteApiEndpoint: true });
    const resource = `arn:aws:execute-api:${TEST_REGION}:000000000000:${restApiId}/*`;
    expect(JSON.parse(read.policy!.replace(/\\(.)/g, '$1'))).toEqual({ ...policy, Statement: [{ ...policy.Statement[0], Resource: resource }] });
    await cp.client.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
    const exported = JSON.parse(new TextDecoder().decode((await cp.client.send(new GetExportCommand({ restApiId, stageName: 'prod', exportType: 'swagger', parameters: { extensions: 'apigateway' } }))).body));
    expect(exported).toMatchObject({ 'x-amazon-apigateway-api-key-source': 'AUTHORIZER', 'x-amazon-apigateway-minimum-compression-size': 1024 });
    expect(exported['x-amazon-apigateway-policy'].Statement[0].Resource).toBe(resource);
    // Endpoint configuration is never exported (spec section 1).
    expect(exported).not.toHaveProperty('x-amazon-apigateway-endpoint-configuration');
  });
});
