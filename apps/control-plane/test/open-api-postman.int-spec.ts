// GetExport with extensions=postman through the real AWS SDK: the document carries example data made from the
// models where Postman's importer reads it (OAS 3.0 media-type `example`, Swagger response `examples` and body
// `x-example`), no x-amazon-apigateway-* key unless asked for, and it re-imports to the same API.
import { readFileSync } from 'node:fs';
import { CreateDeploymentCommand, GetExportCommand, GetModelsCommand, GetResourcesCommand, ImportRestApiCommand } from '@aws-sdk/client-api-gateway';
import { parse as parseYaml } from 'yaml';
import { startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';

const petsYaml = readFileSync(new URL('./fixtures/pets.oas30.yaml', import.meta.url));

let cp: TestControlPlane;
beforeAll(async () => {
  cp = await startTestControlPlane();
});
afterAll(async () => {
  await cp?.close();
});

async function pathsOf(restApiId: string): Promise<Record<string, string[]>> {
  const resources = await cp.client.send(new GetResourcesCommand({ restApiId, embed: ['methods'], limit: 500 }));
  return Object.fromEntries(resources.items!.map((r) => [r.path!, Object.keys(r.resourceMethods ?? {}).sort()]).sort());
}
const modelNames = async (restApiId: string) => (await cp.client.send(new GetModelsCommand({ restApiId }))).items!.map((m) => m.name).sort();
const decode = (body: Uint8Array | undefined) => new TextDecoder().decode(body);

describe('GetExport extensions=postman', () => {
  // pets.oas30.yaml: Pet {name (minLength 1), age (minimum 0), owner → Owner {email}}, Pets = [Pet].
  const pet = { name: 'string', age: 0, owner: { email: 'string' } };

  it('OAS 3.0: request and response bodies carry example data made from their models, and the export re-imports', async () => {
    const api = await cp.client.send(new ImportRestApiCommand({ body: petsYaml }));
    await cp.client.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: 'prod' }));
    const exported = await cp.client.send(new GetExportCommand({ restApiId: api.id!, stageName: 'prod', exportType: 'oas30', parameters: { extensions: 'postman' }, accepts: 'application/json' }));
    const doc = JSON.parse(decode(exported.body));
    expect(doc.paths['/pets'].post.requestBody.content['application/json']).toEqual({ schema: { $ref: '#/components/schemas/Pet' }, example: pet });
    expect(doc.paths['/pets'].get.responses['200'].content['application/json']).toEqual({ schema: { $ref: '#/components/schemas/Pets' }, example: [pet] });
    // postman alone adds no API Gateway extension.
    expect(JSON.stringify(doc)).not.toContain('x-amazon-apigateway');
    // Without postman, no example data.
    const plain = JSON.parse(decode((await cp.client.send(new GetExportCommand({ restApiId: api.id!, stageName: 'prod', exportType: 'oas30' }))).body));
    expect(JSON.stringify(plain)).not.toContain('"example"');

    const withIntegrations = await cp.client.send(
      new GetExportCommand({ restApiId: api.id!, stageName: 'prod', exportType: 'oas30', parameters: { extensions: 'postman,apigateway' }, accepts: 'application/yaml' }),
    );
    const full = parseYaml(decode(withIntegrations.body));
    expect(full.paths['/pets'].post['x-amazon-apigateway-integration'].type).toBe('mock');
    expect(full.paths['/pets'].post.requestBody.content['application/json'].example).toEqual(pet);
    const again = await cp.client.send(new ImportRestApiCommand({ body: withIntegrations.body!, failOnWarnings: true }));
    expect(await pathsOf(again.id!)).toEqual(await pathsOf(api.id!));
    expect(await modelNames(again.id!)).toEqual(['Owner', 'Pet', 'Pets']);
  });

  it('Swagger 2.0: response examples by media type and the body parameter x-example; the export re-imports', async () => {
    const api = await cp.client.send(new ImportRestApiCommand({ body: petsYaml }));
    await cp.client.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: 'prod' }));
    const exported = await cp.client.send(new GetExportCommand({ restApiId: api.id!, stageName: 'prod', exportType: 'swagger', parameters: { extensions: 'postman' } }));
    const doc = JSON.parse(decode(exported.body));
    expect(doc.paths['/pets'].post.parameters).toContainEqual({ in: 'body', name: 'Pet', required: true, schema: { $ref: '#/definitions/Pet' }, 'x-example': pet });
    expect(doc.paths['/pets'].get.responses['200']).toMatchObject({ schema: { $ref: '#/definitions/Pets' }, examples: { 'application/json': [pet] } });
    const again = await cp.client.send(new ImportRestApiCommand({ body: exported.body!, failOnWarnings: true }));
    expect(await pathsOf(again.id!)).toEqual({ '/': [], '/pets': ['GET', 'POST'], '/pets/{petId}': ['GET'] });
    expect(await modelNames(again.id!)).toEqual(['Owner', 'Pet', 'Pets']);
  });
});
