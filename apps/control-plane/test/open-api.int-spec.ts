import { readFileSync } from 'node:fs';
import {
  BadRequestException,
  ConflictException,
  CreateDeploymentCommand,
  CreateModelCommand,
  CreateRequestValidatorCommand,
  CreateRestApiCommand,
  DeleteModelCommand,
  DeleteRequestValidatorCommand,
  GetExportCommand,
  GetMethodCommand,
  GetModelCommand,
  GetModelsCommand,
  GetRequestValidatorsCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  ImportRestApiCommand,
  NotFoundException,
  PutMethodCommand,
  PutRestApiCommand,
  UpdateMethodCommand,
  UpdateModelCommand,
  UpdateRequestValidatorCommand,
} from '@aws-sdk/client-api-gateway';
import { parse as parseYaml } from 'yaml';
import { errorOf, startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';

const petsYaml = readFileSync(new URL('./fixtures/pets.oas30.yaml', import.meta.url));

let cp: TestControlPlane;
beforeAll(async () => {
  cp = await startTestControlPlane();
});
afterAll(async () => {
  await cp?.close();
});

const apiCount = async () => (await cp.client.send(new GetRestApisCommand({ limit: 500 }))).items!.length;
const encode = (doc: unknown) => new TextEncoder().encode(typeof doc === 'string' ? doc : JSON.stringify(doc));

async function pathsOf(restApiId: string): Promise<Record<string, string[]>> {
  const resources = await cp.client.send(new GetResourcesCommand({ restApiId, embed: ['methods'], limit: 500 }));
  return Object.fromEntries(resources.items!.map((r) => [r.path!, Object.keys(r.resourceMethods ?? {}).sort()]).sort());
}

describe('ImportRestApi', () => {
  it('imports a YAML OpenAPI 3.0 document: resources, methods, models, validators, gateway responses', async () => {
    const api = await cp.client.send(new ImportRestApiCommand({ body: petsYaml }));
    expect(api.$metadata.httpStatusCode).toBe(201);
    expect(api).toMatchObject({ name: 'pets', description: 'pet store', version: '1.0', binaryMediaTypes: ['image/png'], endpointConfiguration: { types: ['EDGE'] } });
    expect(api.warnings).toBeUndefined();
    expect(await pathsOf(api.id!)).toEqual({ '/': [], '/pets': ['GET', 'POST'], '/pets/{petId}': ['GET'] });

    const models = await cp.client.send(new GetModelsCommand({ restApiId: api.id! }));
    // Only the document's models: no default Empty/Error for an imported API.
    expect(models.items!.map((m) => m.name).sort()).toEqual(['Owner', 'Pet', 'Pets']);
    const pet = await cp.client.send(new GetModelCommand({ restApiId: api.id!, modelName: 'Pet' }));
    expect(JSON.parse(pet.schema!).properties.owner.$ref).toBe(`https://apigateway.amazonaws.com/restapis/${api.id}/models/Owner`);

    const validators = await cp.client.send(new GetRequestValidatorsCommand({ restApiId: api.id! }));
    expect(validators.items!.map((v) => v.name).sort()).toEqual(['all', 'params']);
    const all = validators.items!.find((v) => v.name === 'all')!;
    const pets = (await cp.client.send(new GetResourcesCommand({ restApiId: api.id! }))).items!.find((r) => r.path === '/pets')!;
    const post = await cp.client.send(new GetMethodCommand({ restApiId: api.id!, resourceId: pets.id!, httpMethod: 'POST' }));
    expect(post).toMatchObject({ requestValidatorId: all.id, requestModels: { 'application/json': 'Pet' }, operationName: 'CreatePet' });
  });

  it('applies basepath=prepend and endpointConfigurationTypes', async () => {
    const api = await cp.client.send(new ImportRestApiCommand({ body: petsYaml, parameters: { basepath: 'prepend', endpointConfigurationTypes: 'REGIONAL' } }));
    expect(api.endpointConfiguration!.types).toEqual(['REGIONAL']);
    expect(Object.keys(await pathsOf(api.id!))).toEqual(['/', '/v1', '/v1/pets', '/v1/pets/{petId}']);
  });

  it('returns warnings, or fails with them when failonwarnings=true, changing nothing', async () => {
    const doc = {
      swagger: '2.0',
      info: { title: 'warned' },
      paths: { '/test': { get: { 'x-amazon-apigateway-integration': { type: 'mock', requestParameters: { 'integration.request.header.nothing': true } } } } },
    };
    const warning = "Invalid format for 'requestParameters'. Expected type string for property 'integration.request.header.nothing' of resource '/test' and method 'GET' but got 'true'";
    const api = await cp.client.send(new ImportRestApiCommand({ body: encode(doc) }));
    expect(api.warnings).toEqual([warning]);

    const before = await apiCount();
    const error = await errorOf(cp.client.send(new ImportRestApiCommand({ body: encode(doc), failOnWarnings: true })));
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error.message).toBe(`Warnings found during import:\n\t${warning}`);
    expect(await apiCount()).toBe(before);
  });

  it('refuses invalid documents with BadRequestException and creates nothing', async () => {
    const before = await apiCount();
    for (const body of ['{"not": "openapi"}', 'paths: [unclosed', '']) {
      const error = await errorOf(cp.client.send(new ImportRestApiCommand({ body: encode(body) })));
      expect(error).toBeInstanceOf(BadRequestException);
      expect(error.message).toBe('Invalid OpenAPI input.');
    }
    const bad = { openapi: '3.0.1', info: { title: 'bad' }, paths: { '/ok': { get: {} }, '/x': { get: { 'x-amazon-apigateway-integration': { type: 'http', httpMethod: 'GET', uri: 'not a url' } } } } };
    const error = await errorOf(cp.client.send(new ImportRestApiCommand({ body: encode(bad) })));
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error.message).toMatch(/^Errors found during import:\n\tUnable to put integration on 'GET' for resource at path '\/x': /);
    expect(await apiCount()).toBe(before);
  });
});

describe('PutRestApi', () => {
  const v1 = {
    swagger: '2.0',
    info: { title: 'put-v1' },
    'x-amazon-apigateway-binary-media-types': ['image/heif'],
    paths: {
      '/a': {
        get: { responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' } } },
        post: { responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': { type: 'mock' } },
      },
      '/b': { get: { 'x-amazon-apigateway-integration': { type: 'mock' } } },
    },
  };
  const v2 = {
    swagger: '2.0',
    info: { title: 'put-v2' },
    'x-amazon-apigateway-binary-media-types': ['image/png', 'image/jpg'],
    paths: { '/a': { get: { responses: { '204': { description: 'none' } }, 'x-amazon-apigateway-integration': { type: 'mock' } } }, '/c': { put: {} } },
  };

  it('merges by default: the document replaces the methods it defines, everything else is kept', async () => {
    const api = await cp.client.send(new CreateRestApiCommand({ name: 'merge' }));
    await cp.client.send(new PutRestApiCommand({ restApiId: api.id!, body: encode(v1) }));
    const merged = await cp.client.send(new PutRestApiCommand({ restApiId: api.id!, body: encode(v2) }));
    expect(merged.name).toBe('put-v2');
    expect(merged.binaryMediaTypes).toEqual(['image/heif', 'image/png', 'image/jpg']);
    expect(await pathsOf(api.id!)).toEqual({ '/': [], '/a': ['GET', 'POST'], '/b': ['GET'], '/c': ['PUT'] });
    const a = (await cp.client.send(new GetResourcesCommand({ restApiId: api.id! }))).items!.find((r) => r.path === '/a')!;
    const get = await cp.client.send(new GetMethodCommand({ restApiId: api.id!, resourceId: a.id!, httpMethod: 'GET' }));
    expect(Object.keys(get.methodResponses!)).toEqual(['204']);
    // Merge keeps models the document does not name (the API's defaults here).
    expect((await cp.client.send(new GetModelsCommand({ restApiId: api.id! }))).items!.map((m) => m.name).sort()).toEqual(['Empty', 'Error']);
  });

  it('overwrites: the API becomes exactly the document', async () => {
    const api = await cp.client.send(new CreateRestApiCommand({ name: 'overwrite', endpointConfiguration: { types: ['REGIONAL'] } }));
    await cp.client.send(new PutRestApiCommand({ restApiId: api.id!, body: encode(v1), mode: 'overwrite' }));
    const over = await cp.client.send(new PutRestApiCommand({ restApiId: api.id!, body: encode(v2), mode: 'overwrite' }));
    expect(over.binaryMediaTypes).toEqual(['image/png', 'image/jpg']);
    expect(over.endpointConfiguration!.types).toEqual(['REGIONAL']);
    expect(over.rootResourceId).toBe(api.rootResourceId);
    expect(await pathsOf(api.id!)).toEqual({ '/': [], '/a': ['GET'], '/c': ['PUT'] });
    expect((await cp.client.send(new GetModelsCommand({ restApiId: api.id! }))).items).toEqual([]);
  });

  it('answers 404 for an unknown API and 400 for a bad document, changing nothing', async () => {
    expect(await errorOf(cp.client.send(new PutRestApiCommand({ restApiId: 'nope123456', body: encode(v1) })))).toBeInstanceOf(NotFoundException);
    const api = await cp.client.send(new CreateRestApiCommand({ name: 'unchanged' }));
    await cp.client.send(new PutRestApiCommand({ restApiId: api.id!, body: encode(v1), mode: 'overwrite' }));
    const bad = { ...v2, paths: { ...v2.paths, '/z': { get: { 'x-amazon-apigateway-integration': { type: 'mock', timeoutInMillis: 10 } } } } };
    const error = await errorOf(cp.client.send(new PutRestApiCommand({ restApiId: api.id!, body: encode(bad), mode: 'overwrite' })));
    expect(error).toBeInstanceOf(BadRequestException);
    expect(await pathsOf(api.id!)).toEqual({ '/': [], '/a': ['GET', 'POST'], '/b': ['GET'] });
    expect((await cp.client.send(new GetRestApiCommand({ restApiId: api.id! }))).name).toBe('put-v1');
  });
});

describe('GetExport', () => {
  it('exports the deployed stage as OpenAPI 3.0 or Swagger, JSON or YAML, and the export re-imports to the same API', async () => {
    const api = await cp.client.send(new ImportRestApiCommand({ body: petsYaml }));
    await cp.client.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: 'prod' }));

    const plain = await cp.client.send(new GetExportCommand({ restApiId: api.id!, stageName: 'prod', exportType: 'oas30', accepts: 'application/json' }));
    expect(plain.contentDisposition).toBe('attachment; filename="oas30_1.0.json"');
    const plainDoc = JSON.parse(new TextDecoder().decode(plain.body));
    expect(JSON.stringify(plainDoc)).not.toContain('x-amazon-apigateway');
    expect(plainDoc.servers[0].variables.basePath.default).toBe('prod');

    const swagger = await cp.client.send(new GetExportCommand({ restApiId: api.id!, stageName: 'prod', exportType: 'swagger', accepts: 'application/yaml', parameters: { extensions: 'apigateway' } }));
    const swaggerDoc = parseYaml(new TextDecoder().decode(swagger.body));
    expect(swaggerDoc).toMatchObject({ swagger: '2.0', basePath: '/prod', host: `${api.id}.execute-api.us-east-1.amazonaws.com` });
    expect(swaggerDoc.paths['/pets'].post['x-amazon-apigateway-request-validator']).toBe('all');
    expect(swaggerDoc['x-amazon-apigateway-request-validators']).toEqual({ all: { validateRequestBody: true, validateRequestParameters: true }, params: { validateRequestBody: false, validateRequestParameters: true } });

    const full = await cp.client.send(new GetExportCommand({ restApiId: api.id!, stageName: 'prod', exportType: 'oas30', parameters: { extensions: 'apigateway' } }));
    const again = await cp.client.send(new ImportRestApiCommand({ body: full.body! }));
    expect(await pathsOf(again.id!)).toEqual(await pathsOf(api.id!));
    const reSwagger = await cp.client.send(new ImportRestApiCommand({ body: swagger.body! }));
    expect(await pathsOf(reSwagger.id!)).toEqual(await pathsOf(api.id!));
    expect((await cp.client.send(new GetModelsCommand({ restApiId: again.id! }))).items!.map((m) => m.name).sort()).toEqual(['Owner', 'Pet', 'Pets']);
  });

  it('refuses an unknown stage, export type or extension', async () => {
    const api = await cp.client.send(new ImportRestApiCommand({ body: petsYaml }));
    expect(await errorOf(cp.client.send(new GetExportCommand({ restApiId: api.id!, stageName: 'none', exportType: 'oas30' })))).toBeInstanceOf(NotFoundException);
    await cp.client.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: 'prod' }));
    expect(await errorOf(cp.client.send(new GetExportCommand({ restApiId: api.id!, stageName: 'prod', exportType: 'raml' })))).toBeInstanceOf(BadRequestException);
    expect(await errorOf(cp.client.send(new GetExportCommand({ restApiId: api.id!, stageName: 'prod', exportType: 'oas30', parameters: { extensions: 'magic' } })))).toBeInstanceOf(BadRequestException);
  });
});

describe('models and request validators', () => {
  it('creates, reads, updates and deletes models, with AWS errors', async () => {
    const api = await cp.client.send(new CreateRestApiCommand({ name: 'models' }));
    const defaults = await cp.client.send(new GetModelsCommand({ restApiId: api.id! }));
    expect(defaults.items!.map((m) => m.name)).toEqual(['Empty', 'Error']);

    const created = await cp.client.send(new CreateModelCommand({ restApiId: api.id!, name: 'Pet', contentType: 'application/json', schema: '{"type":"object"}', description: 'a pet' }));
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created).toMatchObject({ name: 'Pet', contentType: 'application/json', schema: '{"type":"object"}', description: 'a pet' });
    expect(await errorOf(cp.client.send(new CreateModelCommand({ restApiId: api.id!, name: 'Pet', contentType: 'application/json' })))).toBeInstanceOf(ConflictException);
    expect(await errorOf(cp.client.send(new CreateModelCommand({ restApiId: api.id!, name: 'bad-name', contentType: 'application/json' })))).toBeInstanceOf(BadRequestException);
    expect(await errorOf(cp.client.send(new CreateModelCommand({ restApiId: api.id!, name: 'Broken', contentType: 'application/json', schema: '{not json' })))).toBeInstanceOf(BadRequestException);
    expect(await errorOf(cp.client.send(new GetModelCommand({ restApiId: api.id!, modelName: 'Nope' })))).toBeInstanceOf(NotFoundException);

    const updated = await cp.client.send(new UpdateModelCommand({ restApiId: api.id!, modelName: 'Pet', patchOperations: [{ op: 'replace', path: '/schema', value: '{"type":"object","required":["name"]}' }] }));
    expect(updated.schema).toBe('{"type":"object","required":["name"]}');

    await cp.client.send(new PutMethodCommand({ restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'POST', authorizationType: 'NONE', requestModels: { 'application/json': 'Pet' } }));
    expect(await errorOf(cp.client.send(new DeleteModelCommand({ restApiId: api.id!, modelName: 'Pet' })))).toBeInstanceOf(ConflictException);
    await cp.client.send(new UpdateMethodCommand({ restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'POST', patchOperations: [{ op: 'remove', path: '/requestModels/application~1json' }] }));
    await cp.client.send(new DeleteModelCommand({ restApiId: api.id!, modelName: 'Pet' }));
    expect(await errorOf(cp.client.send(new PutMethodCommand({ restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'GET', authorizationType: 'NONE', requestModels: { 'application/json': 'Pet' } })))).toBeInstanceOf(BadRequestException);
  });

  it('creates, updates and deletes request validators, and methods reference them', async () => {
    const api = await cp.client.send(new CreateRestApiCommand({ name: 'validators' }));
    const validator = await cp.client.send(new CreateRequestValidatorCommand({ restApiId: api.id!, name: 'body', validateRequestBody: true }));
    expect(validator.$metadata.httpStatusCode).toBe(201);
    expect(validator).toMatchObject({ name: 'body', validateRequestBody: true, validateRequestParameters: false });
    const updated = await cp.client.send(new UpdateRequestValidatorCommand({ restApiId: api.id!, requestValidatorId: validator.id!, patchOperations: [{ op: 'replace', path: '/validateRequestParameters', value: 'true' }] }));
    expect(updated.validateRequestParameters).toBe(true);

    const method = await cp.client.send(new PutMethodCommand({ restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'GET', authorizationType: 'NONE', requestValidatorId: validator.id! }));
    expect(method.requestValidatorId).toBe(validator.id);
    expect(await errorOf(cp.client.send(new PutMethodCommand({ restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'PUT', authorizationType: 'NONE', requestValidatorId: 'nope12' })))).toBeInstanceOf(BadRequestException);
    expect(await errorOf(cp.client.send(new DeleteRequestValidatorCommand({ restApiId: api.id!, requestValidatorId: validator.id! })))).toBeInstanceOf(ConflictException);
    await cp.client.send(new UpdateMethodCommand({ restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/requestValidatorId', value: '' }] }));
    await cp.client.send(new DeleteRequestValidatorCommand({ restApiId: api.id!, requestValidatorId: validator.id! }));
    expect(await errorOf(cp.client.send(new DeleteRequestValidatorCommand({ restApiId: api.id!, requestValidatorId: validator.id! })))).toBeInstanceOf(NotFoundException);
  });
});
