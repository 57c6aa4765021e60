import {
  BadRequestException,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  DeleteDeploymentCommand,
  DeleteStageCommand,
  GetDeploymentCommand,
  GetDeploymentsCommand,
  GetStageCommand,
  NotFoundException,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateDeploymentCommand,
} from '@aws-sdk/client-api-gateway';
import { createApiWithResource, errorOf, putMockMethod, startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';

let cp: TestControlPlane;
beforeAll(async () => {
  cp = await startTestControlPlane();
});
afterAll(async () => {
  await cp?.close();
});

/** An API with GET /pets (MOCK, 200 with a static header) and ANY /pets/{proxy+} (HTTP_PROXY). */
async function deployableApi(name = 'pets'): Promise<{ apiId: string; petsId: string; rootId: string }> {
  const { apiId, rootId, resourceId: petsId } = await createApiWithResource(cp.client, name, 'pets');
  const proxy = await cp.client.send(new CreateResourceCommand({ restApiId: apiId, parentId: petsId, pathPart: '{proxy+}' }));
  await putMockMethod(cp.client, { restApiId: apiId, resourceId: petsId, httpMethod: 'GET' });
  await cp.client.send(
    new PutMethodResponseCommand({
      restApiId: apiId,
      resourceId: petsId,
      httpMethod: 'GET',
      statusCode: '200',
      responseParameters: { 'method.response.header.X-Mock': false },
    }),
  );
  await cp.client.send(
    new PutIntegrationResponseCommand({
      restApiId: apiId,
      resourceId: petsId,
      httpMethod: 'GET',
      statusCode: '200',
      responseParameters: { 'method.response.header.X-Mock': "'yes'" },
    }),
  );
  await cp.client.send(
    new PutMethodCommand({ restApiId: apiId, resourceId: proxy.id!, httpMethod: 'ANY', authorizationType: 'NONE', apiKeyRequired: true }),
  );
  await cp.client.send(
    new PutIntegrationCommand({
      restApiId: apiId,
      resourceId: proxy.id!,
      httpMethod: 'ANY',
      type: 'HTTP_PROXY',
      integrationHttpMethod: 'ANY',
      uri: 'http://127.0.0.1:9/{proxy}',
    }),
  );
  return { apiId, petsId, rootId };
}

describe('deployments', () => {
  it('refuses to deploy an API without methods', async () => {
    const api = await cp.client.send(new CreateRestApiCommand({ name: 'empty' }));
    const error = await errorOf(cp.client.send(new CreateDeploymentCommand({ restApiId: api.id! })));
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error.message).toBe("The REST API doesn't contain any methods");
  });

  it('refuses to deploy a method without an integration', async () => {
    const { apiId, rootId } = await deployableApi();
    await cp.client.send(new PutMethodCommand({ restApiId: apiId, resourceId: rootId, httpMethod: 'POST', authorizationType: 'NONE' }));
    const error = await errorOf(cp.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' })));
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error.message).toBe('No integration defined for method');
    // A refused deployment changes nothing: no stage was created.
    await expect(cp.client.send(new GetStageCommand({ restApiId: apiId, stageName: 'prod' }))).rejects.toBeInstanceOf(NotFoundException);
    expect((await cp.client.send(new GetDeploymentsCommand({ restApiId: apiId }))).items ?? []).toEqual([]);
  });

  it('refuses a mapping template that does not compile, naming the method and content type', async () => {
    const { apiId, rootId } = await deployableApi();
    await cp.client.send(new PutMethodCommand({ restApiId: apiId, resourceId: rootId, httpMethod: 'POST', authorizationType: 'NONE' }));
    await cp.client.send(
      new PutIntegrationCommand({
        restApiId: apiId,
        resourceId: rootId,
        httpMethod: 'POST',
        type: 'HTTP',
        integrationHttpMethod: 'POST',
        uri: 'http://127.0.0.1:9/',
        requestTemplates: { 'application/xml': "<a>$input.json('$'</a>" },
      }),
    );
    const error = await errorOf(cp.client.send(new CreateDeploymentCommand({ restApiId: apiId })));
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error.message).toMatch(/^Invalid mapping template: /);
    expect(error.message).toContain("'application/xml'");
    expect(error.message).toContain('POST /');
  });

  it('creates, gets (with apiSummary), updates and lists deployments', async () => {
    const { apiId } = await deployableApi();
    const created = await cp.client.send(new CreateDeploymentCommand({ restApiId: apiId, description: 'first' }));
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.id).toMatch(/^[a-z0-9]{6}$/);
    expect(created.description).toBe('first');
    expect(created.createdDate).toBeInstanceOf(Date);
    expect(Math.abs(created.createdDate!.getTime() - Date.now())).toBeLessThan(60_000);
    expect(created.apiSummary).toBeUndefined();

    const plain = await cp.client.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId: created.id! }));
    expect(plain).toMatchObject({ id: created.id, description: 'first', createdDate: created.createdDate });
    expect(plain.apiSummary).toBeUndefined();
    const embedded = await cp.client.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId: created.id!, embed: ['apisummary'] }));
    expect(embedded.apiSummary).toEqual({
      '/pets': { GET: { authorizationType: 'NONE', apiKeyRequired: false } },
      '/pets/{proxy+}': { ANY: { authorizationType: 'NONE', apiKeyRequired: true } },
    });

    const updated = await cp.client.send(
      new UpdateDeploymentCommand({ restApiId: apiId, deploymentId: created.id!, patchOperations: [{ op: 'replace', path: '/description', value: 'renamed' }] }),
    );
    expect(updated.description).toBe('renamed');
    const badPath = await errorOf(
      cp.client.send(new UpdateDeploymentCommand({ restApiId: apiId, deploymentId: created.id!, patchOperations: [{ op: 'replace', path: '/id', value: 'x' }] })),
    );
    expect(badPath).toBeInstanceOf(BadRequestException);
    expect(badPath.message).toBe("Invalid patch path  '/id' specified for op 'replace'. Must be one of: [/description]");

    await cp.client.send(new CreateDeploymentCommand({ restApiId: apiId, description: 'second' }));
    await cp.client.send(new CreateDeploymentCommand({ restApiId: apiId, description: 'third' }));
    const all = (await cp.client.send(new GetDeploymentsCommand({ restApiId: apiId }))).items ?? [];
    expect(all.map((d) => d.description)).toEqual(['renamed', 'second', 'third']);
    const seen: string[] = [];
    let position: string | undefined;
    let pages = 0;
    do {
      const page = await cp.client.send(new GetDeploymentsCommand({ restApiId: apiId, limit: 2, position }));
      seen.push(...(page.items ?? []).map((d) => d.id!));
      position = page.position;
      pages++;
    } while (position);
    expect(pages).toBe(2);
    expect(seen).toEqual(all.map((d) => d.id));
  });

  it('creates a stage with variables from stageName, and re-points it on the next deployment', async () => {
    const { apiId } = await deployableApi();
    const first = await cp.client.send(
      new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod', stageDescription: 'production', variables: { backend: 'a.example', v: '1' } }),
    );
    const stage = await cp.client.send(new GetStageCommand({ restApiId: apiId, stageName: 'prod' }));
    expect(stage).toMatchObject({ stageName: 'prod', deploymentId: first.id, description: 'production', variables: { backend: 'a.example', v: '1' } });

    const second = await cp.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod', variables: { v: '2' } }));
    const moved = await cp.client.send(new GetStageCommand({ restApiId: apiId, stageName: 'prod' }));
    expect(moved.deploymentId).toBe(second.id);
    expect(moved.description).toBe('production');
    expect(moved.variables).toEqual({ backend: 'a.example', v: '2' });
  });

  it('lets concurrent deployments create the same new stage', async () => {
    const { apiId } = await deployableApi();
    const results = await Promise.all(
      [1, 2, 3].map((n) => cp.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'race', description: `d${n}` }))),
    );
    const ids = results.map((d) => d.id!);
    expect(new Set(ids).size).toBe(3);
    const stage = await cp.client.send(new GetStageCommand({ restApiId: apiId, stageName: 'race' }));
    expect(ids).toContain(stage.deploymentId);
  });

  it('validates the stage name and variables of a deployment', async () => {
    const { apiId } = await deployableApi();
    const badName = await errorOf(cp.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'no spaces' })));
    expect(badName).toBeInstanceOf(BadRequestException);
    expect(badName.message).toMatch(/^Stage name only allows/);
    const badVariable = await errorOf(cp.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'ok', variables: { 'bad-name': 'x' } })));
    expect(badVariable).toBeInstanceOf(BadRequestException);
    expect(badVariable.message).toMatch(/Invalid stage variable name 'bad-name'/);
    expect((await cp.client.send(new GetDeploymentsCommand({ restApiId: apiId }))).items ?? []).toEqual([]);
  });

  it('refuses canary deployments with AWS texts', async () => {
    const { apiId } = await deployableApi();
    const noStage = await errorOf(cp.client.send(new CreateDeploymentCommand({ restApiId: apiId, canarySettings: { percentTraffic: 10 } })));
    expect(noStage.message).toBe(
      'Invalid deployment content specified.Non null and non empty stageName must be provided for canary deployment. Provided value is null',
    );
    const missingStage = await errorOf(
      cp.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'beta', canarySettings: { percentTraffic: 10 } })),
    );
    expect(missingStage.message).toBe(
      'Invalid deployment content specified.Stage beta must already be created before making a canary release deployment',
    );
  });

  it('refuses to delete a deployment a stage points at, and 404s unknown ones', async () => {
    const { apiId } = await deployableApi();
    const deployment = await cp.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'live' }));
    const inUse = await errorOf(cp.client.send(new DeleteDeploymentCommand({ restApiId: apiId, deploymentId: deployment.id! })));
    expect(inUse).toBeInstanceOf(BadRequestException);
    expect(inUse.message).toBe('Active stages pointing to this deployment must be moved or deleted');

    await cp.client.send(new DeleteStageCommand({ restApiId: apiId, stageName: 'live' }));
    const deleted = await cp.client.send(new DeleteDeploymentCommand({ restApiId: apiId, deploymentId: deployment.id! }));
    expect(deleted.$metadata.httpStatusCode).toBe(202);

    const gone = await errorOf(cp.client.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId: deployment.id! })));
    expect(gone).toBeInstanceOf(NotFoundException);
    expect(gone.message).toBe('Invalid Deployment identifier specified');
    await expect(cp.client.send(new DeleteDeploymentCommand({ restApiId: apiId, deploymentId: deployment.id! }))).rejects.toBeInstanceOf(
      NotFoundException,
    );
  });

  it('404s deployments of an unknown API', async () => {
    const error = await errorOf(cp.client.send(new CreateDeploymentCommand({ restApiId: 'nosuchapi1' })));
    expect(error).toBeInstanceOf(NotFoundException);
    expect(error.message).toBe('Invalid API identifier specified 000000000000:nosuchapi1');
    await expect(cp.client.send(new GetDeploymentsCommand({ restApiId: 'nosuchapi1' }))).rejects.toBeInstanceOf(NotFoundException);
  });
});
