import {
  BadRequestException,
  CreateDeploymentCommand,
  CreateStageCommand,
  GetDeploymentsCommand,
  GetStageCommand,
  NotFoundException,
  PutIntegrationCommand,
  PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { createMockApi, errorOf, startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';

// CreateDeployment compiles the snapshot with @portico/gateway-rest, the compiler data planes serve it with, and
// refuses what a data plane would refuse (it would answer those methods 500 API_CONFIGURATION_ERROR).
let cp: TestControlPlane;
beforeAll(async () => {
  cp = await startTestControlPlane();
});
afterAll(async () => {
  await cp?.close();
});

/** A deployable API (GET / is MOCK) plus POST / with the given integration. */
async function apiWith(integration: Omit<ConstructorParameters<typeof PutIntegrationCommand>[0], 'restApiId' | 'resourceId' | 'httpMethod'>) {
  const { apiId, rootId } = await createMockApi(cp.client, 'serving-check');
  const key = { restApiId: apiId, resourceId: rootId, httpMethod: 'POST' };
  await cp.client.send(new PutMethodCommand({ ...key, authorizationType: 'NONE' }));
  await cp.client.send(new PutIntegrationCommand({ ...key, ...integration }));
  return apiId;
}

const deploymentsOf = async (restApiId: string) => (await cp.client.send(new GetDeploymentsCommand({ restApiId }))).items ?? [];

describe('CreateDeployment with the serving compiler', () => {
  it('refuses an integration a data plane would not serve, with BadRequestException, and changes nothing', async () => {
    // AWS service integrations other than Lambda are not served by Portico's data plane.
    const apiId = await apiWith({ type: 'AWS', integrationHttpMethod: 'PUT', uri: 'arn:aws:apigateway:us-east-1:s3:path/bucket/key' });
    const error = await errorOf(cp.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' })));
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toBe(
      'Invalid deployment content specified. A data plane would refuse to serve it: POST /: AWS integrations are supported for Lambda functions only, not arn:aws:apigateway:us-east-1:s3:path/bucket/key',
    );
    expect(await deploymentsOf(apiId)).toEqual([]);
    await expect(cp.client.send(new GetStageCommand({ restApiId: apiId, stageName: 'prod' }))).rejects.toBeInstanceOf(NotFoundException);
  });

  it('checks integrations that read stage variables against the stage the deployment goes to', async () => {
    const apiId = await apiWith({ type: 'HTTP_PROXY', integrationHttpMethod: 'POST', uri: 'http://${stageVariables.backend}/orders' });
    // No stage yet: what depends on stage variables is the serving stage's to check.
    const unstaged = await cp.client.send(new CreateDeploymentCommand({ restApiId: apiId }));
    expect(unstaged.id).toBeDefined();
    // A stage without the variable: the data plane could not build the backend URL.
    const error = await errorOf(cp.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'bare' })));
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error.message).toBe('Invalid deployment content specified. A data plane would refuse to serve it: POST /: integration uri "http:///orders" is not an absolute http(s) URL');
    // With the variable, given with the deployment or already on the stage, it deploys.
    const staged = await cp.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod', variables: { backend: 'orders.internal:8080' } }));
    expect(staged.id).toBeDefined();
    await cp.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'beta', deploymentId: unstaged.id!, variables: { backend: 'beta.internal' } }));
    const redeployed = await cp.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'beta' }));
    expect(redeployed.id).toBeDefined();
    expect(await deploymentsOf(apiId)).toHaveLength(3);
  });
});
