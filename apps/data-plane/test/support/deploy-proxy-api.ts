import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  type APIGatewayClient,
} from '@aws-sdk/client-api-gateway';

export interface DeployedProxyApi {
  restApiId: string;
  proxyResourceId: string;
  stageName: string;
}

/** Through the real SDK: a REST API with `ANY /{proxy+}` as an HTTP_PROXY to `backendUrl/{proxy}`, deployed. */
export async function deployProxyApi(client: APIGatewayClient, name: string, backendUrl: string, stageName = 'prod'): Promise<DeployedProxyApi> {
  const api = await client.send(new CreateRestApiCommand({ name, endpointConfiguration: { types: ['REGIONAL'] } }));
  const restApiId = api.id as string;
  const resources = await client.send(new GetResourcesCommand({ restApiId }));
  const rootId = resources.items?.find((r) => r.path === '/')?.id as string;
  const proxy = await client.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: '{proxy+}' }));
  const proxyResourceId = proxy.id as string;
  await client.send(
    new PutMethodCommand({
      restApiId,
      resourceId: proxyResourceId,
      httpMethod: 'ANY',
      authorizationType: 'NONE',
      requestParameters: { 'method.request.path.proxy': true },
    }),
  );
  await pointProxyAt(client, { restApiId, proxyResourceId, stageName }, backendUrl);
  await client.send(new CreateDeploymentCommand({ restApiId, stageName }));
  return { restApiId, proxyResourceId, stageName };
}

/** Re-points the proxy integration (not live until the next deployment). */
export async function pointProxyAt(client: APIGatewayClient, api: DeployedProxyApi, backendUrl: string): Promise<void> {
  await client.send(
    new PutIntegrationCommand({
      restApiId: api.restApiId,
      resourceId: api.proxyResourceId,
      httpMethod: 'ANY',
      type: 'HTTP_PROXY',
      integrationHttpMethod: 'ANY',
      uri: `${backendUrl}/{proxy}`,
      requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
    }),
  );
}

export async function redeploy(client: APIGatewayClient, api: DeployedProxyApi): Promise<void> {
  await client.send(new CreateDeploymentCommand({ restApiId: api.restApiId, stageName: api.stageName }));
}
