import {
  BadRequestException,
  ConflictException,
  CreateResourceCommand,
  CreateRestApiCommand,
  DeleteResourceCommand,
  GetResourceCommand,
  GetResourcesCommand,
  NotFoundException,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateResourceCommand,
} from '@aws-sdk/client-api-gateway';
import { errorOf, startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';

let cp: TestControlPlane;
beforeAll(async () => {
  cp = await startTestControlPlane();
});
afterAll(async () => {
  await cp?.close();
});

async function newApi(): Promise<{ apiId: string; rootId: string }> {
  const api = await cp.client.send(new CreateRestApiCommand({ name: 'resources' }));
  return { apiId: api.id!, rootId: api.rootResourceId! };
}

async function create(apiId: string, parentId: string, pathPart: string) {
  return cp.client.send(new CreateResourceCommand({ restApiId: apiId, parentId, pathPart }));
}

describe('resources', () => {
  it('creates literal, {id} and {proxy+} resources with their paths', async () => {
    const { apiId, rootId } = await newApi();
    const pets = await create(apiId, rootId, 'pets');
    expect(pets).toMatchObject({ parentId: rootId, pathPart: 'pets', path: '/pets' });
    expect(pets.id).toMatch(/^[a-z0-9]{6}$/);
    const petId = await create(apiId, pets.id!, '{petId}');
    expect(petId.path).toBe('/pets/{petId}');
    const proxy = await create(apiId, rootId, '{proxy+}');
    expect(proxy.path).toBe('/{proxy+}');
    const nested = await create(apiId, petId.id!, '{rest+}');
    expect(nested.path).toBe('/pets/{petId}/{rest+}');
    const got = await cp.client.send(new GetResourceCommand({ restApiId: apiId, resourceId: petId.id! }));
    expect(got).toMatchObject({ id: petId.id, parentId: pets.id, pathPart: '{petId}', path: '/pets/{petId}' });
  });

  it('enforces AWS placement rules', async () => {
    const { apiId, rootId } = await newApi();
    await create(apiId, rootId, 'pets');
    const duplicate = await errorOf(create(apiId, rootId, 'pets'));
    expect(duplicate).toBeInstanceOf(ConflictException);
    expect(duplicate.message).toBe('Another resource with the same parent already has this name: pets');
    const proxy = await create(apiId, rootId, '{proxy+}');
    await expect(create(apiId, rootId, '{id}')).rejects.toThrow(
      'A sibling ({proxy+}) of this resource already has a variable path part -- only one is allowed',
    );
    const child = await errorOf(create(apiId, proxy.id!, 'x'));
    expect(child).toBeInstanceOf(BadRequestException);
    expect(child.message).toBe('Cannot create a child of a resource with a greedy path variable: {proxy+}');
    await expect(create(apiId, rootId, 'a/b')).rejects.toBeInstanceOf(BadRequestException);
    await expect(create(apiId, rootId, '{bad')).rejects.toBeInstanceOf(BadRequestException);
    await expect(create(apiId, 'nope00', 'x')).rejects.toThrow('Invalid Resource identifier specified');
    await expect(create('nosuchapi0', rootId, 'x')).rejects.toThrow('Invalid API identifier specified 000000000000:nosuchapi0');
  });

  it('lets exactly one of several concurrent duplicate creates win', async () => {
    const { apiId, rootId } = await newApi();
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => create(apiId, rootId, 'race')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConflictException);
  });

  it('serialises concurrent writes: distinct creates all succeed, only one variable sibling wins', async () => {
    const { apiId, rootId } = await newApi();
    const created = await Promise.all(Array.from({ length: 8 }, (_, i) => create(apiId, rootId, `r${i}`)));
    expect(new Set(created.map((r) => r.id)).size).toBe(8);
    const variables = await Promise.allSettled(['{a}', '{b}', '{c}', '{d}'].map((p) => create(apiId, rootId, p)));
    expect(variables.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of variables) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(BadRequestException);
  });

  it('lists with and without embed=methods, and pages', async () => {
    const { apiId, rootId } = await newApi();
    const pets = await create(apiId, rootId, 'pets');
    await create(apiId, rootId, 'owners');
    await cp.client.send(new PutMethodCommand({ restApiId: apiId, resourceId: pets.id!, httpMethod: 'GET', authorizationType: 'NONE' }));
    await cp.client.send(new PutIntegrationCommand({ restApiId: apiId, resourceId: pets.id!, httpMethod: 'GET', type: 'MOCK' }));

    const plain = await cp.client.send(new GetResourcesCommand({ restApiId: apiId }));
    expect(plain.items!.map((r) => r.path)).toEqual(['/', '/owners', '/pets']);
    expect(plain.items!.find((r) => r.path === '/pets')!.resourceMethods).toEqual({ GET: {} });

    const embedded = await cp.client.send(new GetResourcesCommand({ restApiId: apiId, embed: ['methods'] }));
    const method = embedded.items!.find((r) => r.path === '/pets')!.resourceMethods!.GET;
    expect(method).toMatchObject({ httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false, methodIntegration: { type: 'MOCK' } });

    const first = await cp.client.send(new GetResourcesCommand({ restApiId: apiId, limit: 2 }));
    expect(first.items).toHaveLength(2);
    expect(first.position).toBeDefined();
    const second = await cp.client.send(new GetResourcesCommand({ restApiId: apiId, limit: 2, position: first.position }));
    expect(second.items!.map((r) => r.path)).toEqual(['/pets']);
    expect(second.position).toBeUndefined();
  });

  it('patches pathPart and parentId, rewriting the subtree paths', async () => {
    const { apiId, rootId } = await newApi();
    const a = await create(apiId, rootId, 'a');
    const b = await create(apiId, rootId, 'b');
    const child = await create(apiId, a.id!, 'child');
    const leaf = await create(apiId, child.id!, '{leaf}');

    const renamed = await cp.client.send(
      new UpdateResourceCommand({ restApiId: apiId, resourceId: a.id!, patchOperations: [{ op: 'replace', path: '/pathPart', value: 'alpha' }] }),
    );
    expect(renamed.path).toBe('/alpha');
    expect((await cp.client.send(new GetResourceCommand({ restApiId: apiId, resourceId: leaf.id! }))).path).toBe('/alpha/child/{leaf}');

    const moved = await cp.client.send(
      new UpdateResourceCommand({ restApiId: apiId, resourceId: child.id!, patchOperations: [{ op: 'replace', path: '/parentId', value: b.id! }] }),
    );
    expect(moved).toMatchObject({ parentId: b.id, path: '/b/child' });
    expect((await cp.client.send(new GetResourceCommand({ restApiId: apiId, resourceId: leaf.id! }))).path).toBe('/b/child/{leaf}');

    await expect(
      cp.client.send(new UpdateResourceCommand({ restApiId: apiId, resourceId: b.id!, patchOperations: [{ op: 'replace', path: '/parentId', value: leaf.id! }] })),
    ).rejects.toThrow('Resources cannot be cyclical.');
    await expect(
      cp.client.send(new UpdateResourceCommand({ restApiId: apiId, resourceId: rootId, patchOperations: [{ op: 'replace', path: '/pathPart', value: 'x' }] })),
    ).rejects.toThrow('Root resource cannot update its pathPart.');
    await expect(
      cp.client.send(new UpdateResourceCommand({ restApiId: apiId, resourceId: rootId, patchOperations: [{ op: 'replace', path: '/parentId', value: a.id! }] })),
    ).rejects.toThrow('Root resource cannot update its parentId.');
    await expect(
      cp.client.send(new UpdateResourceCommand({ restApiId: apiId, resourceId: b.id!, patchOperations: [{ op: 'replace', path: '/pathPart', value: 'alpha' }] })),
    ).rejects.toBeInstanceOf(ConflictException);
    await expect(
      cp.client.send(new UpdateResourceCommand({ restApiId: apiId, resourceId: b.id!, patchOperations: [{ op: 'replace', path: '/path', value: '/x' }] })),
    ).rejects.toThrow("Invalid patch path  '/path' specified for op 'replace'. Must be one of: [/pathPart, /parentId]");
  });

  it('deletes a resource with its subtree (202)', async () => {
    const { apiId, rootId } = await newApi();
    const a = await create(apiId, rootId, 'a');
    const child = await create(apiId, a.id!, 'child');
    const deleted = await cp.client.send(new DeleteResourceCommand({ restApiId: apiId, resourceId: a.id! }));
    expect(deleted.$metadata.httpStatusCode).toBe(202);
    await expect(cp.client.send(new GetResourceCommand({ restApiId: apiId, resourceId: child.id! }))).rejects.toBeInstanceOf(NotFoundException);
    expect((await cp.client.send(new GetResourcesCommand({ restApiId: apiId }))).items!.map((r) => r.path)).toEqual(['/']);
    await expect(cp.client.send(new DeleteResourceCommand({ restApiId: apiId, resourceId: a.id! }))).rejects.toThrow(
      'Invalid Resource identifier specified',
    );
  });
});
