import {
  BadRequestException,
  ConflictException,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  DeleteDeploymentCommand,
  DeleteRestApiCommand,
  DeleteStageCommand,
  GetDeploymentsCommand,
  GetMethodCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetStageCommand,
  GetStagesCommand,
  NotFoundException,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateRestApiCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { configDocumentSchema } from '@portico/contracts';
import { errorOf, putMockMethod, startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';

/**
 * The whole life cycle of a REST API in one story, driven by the real AWS SDK against the control plane on
 * real PostgreSQL: define, deploy, inspect, change, page, fail in every way AWS fails, and tear down.
 */
let cp: TestControlPlane;
beforeAll(async () => {
  cp = await startTestControlPlane();
});
afterAll(async () => {
  await cp?.close();
});

it('defines, deploys, changes and deletes a REST API with the AWS SDK', async () => {
  const sdk = cp.client;

  // 1. The API and its resource tree: /pets, /pets/{id} and a greedy /{proxy+}.
  const api = await sdk.send(new CreateRestApiCommand({ name: 'petstore', description: 'Pets', endpointConfiguration: { types: ['REGIONAL'] } }));
  const restApiId = api.id!;
  const rootId = api.rootResourceId!;
  const pets = await sdk.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'pets' }));
  const pet = await sdk.send(new CreateResourceCommand({ restApiId, parentId: pets.id!, pathPart: '{id}' }));
  const proxy = await sdk.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: '{proxy+}' }));
  expect([pets.path, pet.path, proxy.path]).toEqual(['/pets', '/pets/{id}', '/{proxy+}']);

  const duplicate = await errorOf(sdk.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'pets' })));
  expect(duplicate).toBeInstanceOf(ConflictException);
  expect(duplicate.message).toBe('Another resource with the same parent already has this name: pets');

  // 2. Methods: a MOCK list, an HTTP_PROXY item with a path parameter, and a catch-all proxy.
  await putMockMethod(sdk, { restApiId, resourceId: pets.id!, httpMethod: 'GET' });
  await sdk.send(
    new PutMethodResponseCommand({
      restApiId,
      resourceId: pets.id!,
      httpMethod: 'GET',
      statusCode: '200',
      responseParameters: { 'method.response.header.Access-Control-Allow-Origin': false },
    }),
  );
  await sdk.send(
    new PutIntegrationResponseCommand({
      restApiId,
      resourceId: pets.id!,
      httpMethod: 'GET',
      statusCode: '200',
      responseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'*'" },
    }),
  );

  await sdk.send(
    new PutMethodCommand({
      restApiId,
      resourceId: pet.id!,
      httpMethod: 'GET',
      authorizationType: 'NONE',
      requestParameters: { 'method.request.path.id': true },
    }),
  );
  await sdk.send(
    new PutIntegrationCommand({
      restApiId,
      resourceId: pet.id!,
      httpMethod: 'GET',
      type: 'HTTP_PROXY',
      integrationHttpMethod: 'GET',
      uri: 'http://127.0.0.1:9/pets/{id}',
      requestParameters: { 'integration.request.path.id': 'method.request.path.id' },
    }),
  );
  const missingVerb = await errorOf(
    sdk.send(
      new PutIntegrationCommand({
        restApiId,
        resourceId: proxy.id!,
        httpMethod: 'ANY',
        type: 'HTTP_PROXY',
        integrationHttpMethod: 'ANY',
        uri: 'http://127.0.0.1:9/',
      }),
    ),
  );
  expect(missingVerb).toBeInstanceOf(NotFoundException);
  expect(missingVerb.message).toBe('Invalid Method identifier specified');

  await sdk.send(new PutMethodCommand({ restApiId, resourceId: proxy.id!, httpMethod: 'ANY', authorizationType: 'NONE' }));
  const noHttpMethod = await errorOf(
    sdk.send(new PutIntegrationCommand({ restApiId, resourceId: proxy.id!, httpMethod: 'ANY', type: 'HTTP_PROXY', uri: 'http://127.0.0.1:9/{proxy}' })),
  );
  expect(noHttpMethod).toBeInstanceOf(BadRequestException);
  expect(noHttpMethod.message).toBe('Enumeration value for HttpMethod must be non-empty');

  // Deploying now fails: ANY /{proxy+} has no integration yet.
  const undeployable = await errorOf(sdk.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' })));
  expect(undeployable).toBeInstanceOf(BadRequestException);
  expect(undeployable.message).toBe('No integration defined for method');

  await sdk.send(
    new PutIntegrationCommand({
      restApiId,
      resourceId: proxy.id!,
      httpMethod: 'ANY',
      type: 'HTTP_PROXY',
      integrationHttpMethod: 'ANY',
      uri: 'http://127.0.0.1:9/{proxy}',
      requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
    }),
  );
  const method = await sdk.send(new GetMethodCommand({ restApiId, resourceId: pets.id!, httpMethod: 'GET' }));
  expect(method.methodIntegration?.type).toBe('MOCK');
  expect(method.methodResponses?.['200']?.statusCode).toBe('200');

  // 3. Deploy to a stage with variables.
  const deployment = await sdk.send(
    new CreateDeploymentCommand({ restApiId, stageName: 'prod', stageDescription: 'Production', description: 'v1', variables: { backend: '127.0.0.1:9' } }),
  );
  expect(deployment.$metadata.httpStatusCode).toBe(201);
  const prod = await sdk.send(new GetStageCommand({ restApiId, stageName: 'prod' }));
  expect(prod).toMatchObject({ deploymentId: deployment.id, description: 'Production', variables: { backend: '127.0.0.1:9' } });

  // The data plane's view: the stage and its snapshot with all three methods.
  const config = configDocumentSchema.parse(
    await (await fetch(`${cp.url}/internal/config`, { headers: { authorization: `Bearer ${cp.config.dataPlaneToken}` } })).json(),
  );
  const snapshot = config.deployments[deployment.id!]!;
  expect(snapshot.resources.map((r) => [r.path, Object.keys(r.resourceMethods)])).toEqual([
    ['/', []],
    ['/pets', ['GET']],
    ['/pets/{id}', ['GET']],
    ['/{proxy+}', ['ANY']],
  ]);
  expect(snapshot.api.endpointConfiguration.types).toEqual(['REGIONAL']);

  // 4. PATCH: the API, and the stage's variables and method settings.
  const renamed = await sdk.send(new UpdateRestApiCommand({ restApiId, patchOperations: [{ op: 'replace', path: '/description', value: 'Pets v2' }] }));
  expect(renamed.description).toBe('Pets v2');
  const patched = await sdk.send(
    new UpdateStageCommand({
      restApiId,
      stageName: 'prod',
      patchOperations: [
        { op: 'replace', path: '/variables/backend', value: '127.0.0.1:10' },
        { op: 'add', path: '/variables/region', value: 'eu-west-1' },
        { op: 'replace', path: '/*/*/throttling/rateLimit', value: '50' },
        { op: 'replace', path: '/*/*/throttling/burstLimit', value: '20' },
        { op: 'replace', path: '/pets/GET/metrics/enabled', value: 'true' },
      ],
    }),
  );
  expect(patched.variables).toEqual({ backend: '127.0.0.1:10', region: 'eu-west-1' });
  expect(patched.methodSettings?.['*/*']).toMatchObject({ throttlingRateLimit: 50, throttlingBurstLimit: 20 });
  expect(patched.methodSettings?.['pets/GET']).toMatchObject({ metricsEnabled: true, throttlingRateLimit: 10000 });

  // 5. Paging: resources and deployments, two at a time.
  const resourceIds: string[] = [];
  let position: string | undefined;
  do {
    const page = await sdk.send(new GetResourcesCommand({ restApiId, limit: 2, position }));
    expect(page.items!.length).toBeLessThanOrEqual(2);
    resourceIds.push(...page.items!.map((r) => r.id!));
    position = page.position;
  } while (position);
  expect(resourceIds.sort()).toEqual([rootId, pets.id!, pet.id!, proxy.id!].sort());

  const second = await sdk.send(new CreateDeploymentCommand({ restApiId, description: 'v2' }));
  await sdk.send(new CreateDeploymentCommand({ restApiId, description: 'v3' }));
  const firstPage = await sdk.send(new GetDeploymentsCommand({ restApiId, limit: 2 }));
  expect(firstPage.items!.map((d) => d.description)).toEqual(['v1', 'v2']);
  expect(firstPage.position).toBeDefined();
  const lastPage = await sdk.send(new GetDeploymentsCommand({ restApiId, limit: 2, position: firstPage.position }));
  expect(lastPage.items!.map((d) => d.description)).toEqual(['v3']);
  expect(lastPage.position).toBeUndefined();

  await sdk.send(new CreateStageCommand({ restApiId, stageName: 'beta', deploymentId: second.id! }));
  expect((await sdk.send(new GetStagesCommand({ restApiId }))).item!.map((s) => s.stageName).sort()).toEqual(['beta', 'prod']);

  // 6. One of each error type, as AWS renders them.
  const notFound = await errorOf(sdk.send(new GetStageCommand({ restApiId, stageName: 'nope' })));
  expect(notFound).toBeInstanceOf(NotFoundException);
  expect(notFound.$metadata?.httpStatusCode).toBe(404);
  expect(notFound.message).toBe('Invalid Stage identifier specified');

  const conflict = await errorOf(sdk.send(new CreateStageCommand({ restApiId, stageName: 'beta', deploymentId: second.id! })));
  expect(conflict).toBeInstanceOf(ConflictException);
  expect(conflict.$metadata?.httpStatusCode).toBe(409);

  const badStageName = await errorOf(sdk.send(new CreateStageCommand({ restApiId, stageName: 'not valid!', deploymentId: second.id! })));
  expect(badStageName).toBeInstanceOf(BadRequestException);
  const badPathPart = await errorOf(sdk.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'a b' })));
  expect(badPathPart).toBeInstanceOf(BadRequestException);
  const badVariable = await errorOf(
    sdk.send(new UpdateStageCommand({ restApiId, stageName: 'beta', patchOperations: [{ op: 'add', path: '/variables/bad-name', value: 'x' }] })),
  );
  expect(badVariable).toBeInstanceOf(BadRequestException);
  const badSetting = await errorOf(
    sdk.send(new UpdateStageCommand({ restApiId, stageName: 'beta', patchOperations: [{ op: 'replace', path: '/pets/GET/bogus/setting', value: '1' }] })),
  );
  expect(badSetting.message).toMatch(/^Invalid method setting path: \/pets\/GET\/bogus\/setting\. Must be one of: /);

  const validation = await errorOf(
    sdk.send(new PutIntegrationCommand({ restApiId, resourceId: pets.id!, httpMethod: 'GET', type: 'SOAP' as 'MOCK' })),
  );
  expect(validation.name).toBe('ValidationException');

  const inUse = await errorOf(sdk.send(new DeleteDeploymentCommand({ restApiId, deploymentId: second.id! })));
  expect(inUse.message).toBe('Active stages pointing to this deployment must be moved or deleted');

  const unsigned = await cp.request('GET', `/restapis/${restApiId}`, { sign: false });
  expect(unsigned.status).toBe(403);
  expect(unsigned.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
  const forged = await cp.request('GET', `/restapis/${restApiId}`, { secretAccessKey: 'not-the-secret-access-key-at-all' });
  expect(forged.status).toBe(403);
  expect(forged.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');

  // 7. Tear down: stage, deployment, API.
  expect((await sdk.send(new DeleteStageCommand({ restApiId, stageName: 'beta' }))).$metadata.httpStatusCode).toBe(202);
  expect((await sdk.send(new DeleteDeploymentCommand({ restApiId, deploymentId: second.id! }))).$metadata.httpStatusCode).toBe(202);
  expect((await sdk.send(new DeleteRestApiCommand({ restApiId }))).$metadata.httpStatusCode).toBe(202);
  await expect(sdk.send(new GetRestApiCommand({ restApiId }))).rejects.toBeInstanceOf(NotFoundException);
  const emptied = configDocumentSchema.parse(
    await (await fetch(`${cp.url}/internal/config`, { headers: { authorization: `Bearer ${cp.config.dataPlaneToken}` } })).json(),
  );
  expect(emptied.stages.filter((s) => s.restApiId === restApiId)).toEqual([]);
});
