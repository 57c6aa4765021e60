import {
  BadRequestException,
  CreateResourceCommand,
  CreateRestApiCommand,
  DeleteRestApiCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetResourcesCommand,
  NotFoundException,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateRestApiCommand,
} from '@aws-sdk/client-api-gateway';
import { errorOf, startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';

let cp: TestControlPlane;
beforeAll(async () => {
  cp = await startTestControlPlane();
});
afterAll(async () => {
  await cp?.close();
});

describe('restapis', () => {
  it('creates an API with AWS defaults and a root resource', async () => {
    const api = await cp.client.send(new CreateRestApiCommand({ name: 'pets', description: 'Pet store' }));
    expect(api.id).toMatch(/^[a-z0-9]{10}$/);
    expect(api.name).toBe('pets');
    expect(api.description).toBe('Pet store');
    expect(api.apiKeySource).toBe('HEADER');
    expect(api.endpointConfiguration).toEqual({ types: ['EDGE'], ipAddressType: 'ipv4' });
    expect(api.disableExecuteApiEndpoint).toBe(false);
    expect(api.createdDate).toBeInstanceOf(Date);
    expect(Math.abs(api.createdDate!.getTime() - Date.now())).toBeLessThan(60_000);
    const resources = await cp.client.send(new GetResourcesCommand({ restApiId: api.id! }));
    expect(resources.items).toEqual([{ id: api.rootResourceId, path: '/' }]);
  });

  it('creates REGIONAL and PRIVATE endpoint types with their address types', async () => {
    const regional = await cp.client.send(new CreateRestApiCommand({ name: 'r', endpointConfiguration: { types: ['REGIONAL'] } }));
    expect(regional.endpointConfiguration).toEqual({ types: ['REGIONAL'], ipAddressType: 'ipv4' });
    const priv = await cp.client.send(new CreateRestApiCommand({ name: 'p', endpointConfiguration: { types: ['PRIVATE'] } }));
    expect(priv.endpointConfiguration).toEqual({ types: ['PRIVATE'], ipAddressType: 'dualstack' });
    await expect(
      cp.client.send(new CreateRestApiCommand({ name: 'p', endpointConfiguration: { types: ['PRIVATE'], ipAddressType: 'ipv4' } })),
    ).rejects.toThrow('Only dualstack ipAddressType is supported for Private APIs.');
  });

  it('rejects invalid create input with AWS texts', async () => {
    await expect(cp.client.send(new CreateRestApiCommand({ name: 'x', description: '' }))).rejects.toThrow(
      'Description cannot be an empty string',
    );
    await expect(cp.client.send(new CreateRestApiCommand({ name: 'x', minimumCompressionSize: 10485761 }))).rejects.toThrow(
      'Invalid minimum compression size, must be between 0 and 10485760',
    );
    await expect(cp.client.send(new CreateRestApiCommand({ name: 'x', endpointConfiguration: { types: [] } }))).rejects.toThrow(
      'REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.',
    );
    await expect(
      cp.client.send(new CreateRestApiCommand({ name: 'x', endpointConfiguration: { types: ['EDGE', 'REGIONAL'] } })),
    ).rejects.toThrow('Cannot create an api with multiple Endpoint Types.');
    const error = await errorOf(cp.client
      .send(new CreateRestApiCommand({ name: 'x', endpointConfiguration: { types: ['BOGUS' as 'EDGE'] } }))
      );
    expect(error).toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '[BOGUS]' at 'createRestApiInput.endpointConfiguration.types' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [PRIVATE, EDGE, REGIONAL]]",
    });
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('gets, and treats ids as case-sensitive', async () => {
    const api = await cp.client.send(new CreateRestApiCommand({ name: 'case' }));
    expect((await cp.client.send(new GetRestApiCommand({ restApiId: api.id! }))).name).toBe('case');
    const error = await cp.client.send(new GetRestApiCommand({ restApiId: api.id!.toUpperCase() })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundException);
    expect((error as Error).message).toBe(`Invalid API identifier specified 000000000000:${api.id!.toUpperCase()}`);
  });

  it('updates with the allowed patch paths', async () => {
    const api = await cp.client.send(new CreateRestApiCommand({ name: 'patch-me' }));
    const updated = await cp.client.send(
      new UpdateRestApiCommand({
        restApiId: api.id!,
        patchOperations: [
          { op: 'replace', path: '/name', value: 'patched' },
          { op: 'replace', path: '/description', value: 'now described' },
          { op: 'replace', path: '/minimumCompressionSize', value: '1024' },
          { op: 'add', path: '/binaryMediaTypes/image~1png', value: '' },
          { op: 'add', path: '/binaryMediaTypes/*~1*' },
          { op: 'replace', path: '/apiKeySource', value: 'AUTHORIZER' },
          { op: 'replace', path: '/endpointConfiguration/types/0', value: 'REGIONAL' },
          { op: 'replace', path: '/disableExecuteApiEndpoint', value: 'true' },
        ],
      }),
    );
    expect(updated).toMatchObject({
      name: 'patched',
      description: 'now described',
      minimumCompressionSize: 1024,
      binaryMediaTypes: ['image/png', '*/*'],
      apiKeySource: 'AUTHORIZER',
      endpointConfiguration: { types: ['REGIONAL'], ipAddressType: 'ipv4' },
      disableExecuteApiEndpoint: true,
    });
    const removed = await cp.client.send(
      new UpdateRestApiCommand({
        restApiId: api.id!,
        patchOperations: [
          { op: 'remove', path: '/binaryMediaTypes/image~1png' },
          { op: 'replace', path: '/minimumCompressionSize', value: '' },
        ],
      }),
    );
    expect(removed.binaryMediaTypes).toEqual(['*/*']);
    expect(removed.minimumCompressionSize).toBeUndefined();
  });

  it('loses no update when PATCHes race', async () => {
    const api = await cp.client.send(new CreateRestApiCommand({ name: 'racy' }));
    const types = ['image/png', 'image/jpeg', 'image/gif', 'application/pdf', 'audio/mpeg'];
    await Promise.all(
      types.map((t) => cp.client.send(new UpdateRestApiCommand({ restApiId: api.id!, patchOperations: [{ op: 'add', path: `/binaryMediaTypes/${t.replace('/', '~1')}` }] }))),
    );
    const after = await cp.client.send(new GetRestApiCommand({ restApiId: api.id! }));
    expect([...after.binaryMediaTypes!].sort()).toEqual([...types].sort());
  });

  it('rejects unknown patch paths and ops with AWS texts, changing nothing', async () => {
    const api = await cp.client.send(new CreateRestApiCommand({ name: 'strict' }));
    await expect(
      cp.client.send(
        new UpdateRestApiCommand({
          restApiId: api.id!,
          patchOperations: [
            { op: 'replace', path: '/name', value: 'changed' },
            { op: 'replace', path: '/id', value: 'x' },
          ],
        }),
      ),
    ).rejects.toThrow(/^Invalid patch path {2}'\/id' specified for op 'replace'\. Must be one of: \[\/name, /);
    expect((await cp.client.send(new GetRestApiCommand({ restApiId: api.id! }))).name).toBe('strict');
    await expect(
      cp.client.send(new UpdateRestApiCommand({ restApiId: api.id!, patchOperations: [{ op: 'add', path: '/binaryMediaTypes' }] })),
    ).rejects.toThrow('Invalid patch path /binaryMediaTypes');
    await expect(
      cp.client.send(
        new UpdateRestApiCommand({ restApiId: api.id!, patchOperations: [{ op: 'replace', path: '/endpointConfiguration/types/0', value: 'NOPE' }] }),
      ),
    ).rejects.toThrow('Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE');
    const error = await errorOf(cp.client
      .send(new UpdateRestApiCommand({ restApiId: api.id!, patchOperations: [{ op: 'jump' as 'add', path: '/name', value: 'x' }] }))
      );
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe(
      "1 validation error detected: Value 'jump' at 'updateRestApiInput.patchOperations.1.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]",
    );
  });

  it('pages with limit and position', async () => {
    const all = (await cp.client.send(new GetRestApisCommand({ limit: 500 }))).items ?? [];
    expect(all.length).toBeGreaterThanOrEqual(5);
    const seen: string[] = [];
    let position: string | undefined;
    do {
      const page = await cp.client.send(new GetRestApisCommand({ limit: 2, position }));
      expect(page.items!.length).toBeLessThanOrEqual(2);
      seen.push(...page.items!.map((i) => i.id!));
      position = page.position;
    } while (position);
    expect(seen).toEqual(all.map((i) => i.id));
    await expect(cp.client.send(new GetRestApisCommand({ position: 'not-a-position' }))).rejects.toBeInstanceOf(BadRequestException);
  });

  it('clones resources, methods and integrations with cloneFrom', async () => {
    const source = await cp.client.send(new CreateRestApiCommand({ name: 'source' }));
    const pets = await cp.client.send(new CreateResourceCommand({ restApiId: source.id!, parentId: source.rootResourceId!, pathPart: 'pets' }));
    const petId = await cp.client.send(new CreateResourceCommand({ restApiId: source.id!, parentId: pets.id!, pathPart: '{id}' }));
    await cp.client.send(new PutMethodCommand({ restApiId: source.id!, resourceId: petId.id!, httpMethod: 'GET', authorizationType: 'NONE' }));
    await cp.client.send(new PutIntegrationCommand({ restApiId: source.id!, resourceId: petId.id!, httpMethod: 'GET', type: 'MOCK' }));

    const clone = await cp.client.send(new CreateRestApiCommand({ name: 'clone', cloneFrom: source.id! }));
    const resources = await cp.client.send(new GetResourcesCommand({ restApiId: clone.id!, embed: ['methods'] }));
    expect(resources.items!.map((r) => r.path)).toEqual(['/', '/pets', '/pets/{id}']);
    const cloned = resources.items!.find((r) => r.path === '/pets/{id}')!;
    expect(cloned.id).not.toBe(petId.id);
    expect(cloned.resourceMethods!.GET.methodIntegration).toMatchObject({ type: 'MOCK', cacheNamespace: cloned.id });
    await expect(cp.client.send(new CreateRestApiCommand({ name: 'x', cloneFrom: 'nosuchapi0' }))).rejects.toBeInstanceOf(NotFoundException);
  });

  it('deletes with 202 and then 404s', async () => {
    const api = await cp.client.send(new CreateRestApiCommand({ name: 'doomed' }));
    const deleted = await cp.client.send(new DeleteRestApiCommand({ restApiId: api.id! }));
    expect(deleted.$metadata.httpStatusCode).toBe(202);
    await expect(cp.client.send(new GetRestApiCommand({ restApiId: api.id! }))).rejects.toBeInstanceOf(NotFoundException);
    await expect(cp.client.send(new DeleteRestApiCommand({ restApiId: api.id! }))).rejects.toBeInstanceOf(NotFoundException);
  });
});
