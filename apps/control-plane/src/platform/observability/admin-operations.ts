/**
 * The AWS operation name of an admin request (as CloudTrail and the SDKs name it: `CreateRestApi`, `GetResources`,
 * …), from its HTTP method and the route pattern it matched. IAM and STS share `POST /` and name the operation in
 * the form body's `Action`. Portico's own routes (accounts, VPC endpoints) get Portico names in the same style.
 */
const OPERATIONS: Record<string, string> = {
  'POST /restapis': 'CreateRestApi',
  'GET /restapis': 'GetRestApis',
  'GET /restapis/:restApiId': 'GetRestApi',
  'PATCH /restapis/:restApiId': 'UpdateRestApi',
  'DELETE /restapis/:restApiId': 'DeleteRestApi',
  'PUT /restapis/:restApiId': 'PutRestApi',
  'GET /restapis/:restApiId/stages/:stageName/exports/:exportType': 'GetExport',
  'POST /restapis/:restApiId/models': 'CreateModel',
  'GET /restapis/:restApiId/models': 'GetModels',
  'GET /restapis/:restApiId/models/:modelName': 'GetModel',
  'GET /restapis/:restApiId/models/:modelName/default_template': 'GetModelTemplate',
  'PATCH /restapis/:restApiId/models/:modelName': 'UpdateModel',
  'DELETE /restapis/:restApiId/models/:modelName': 'DeleteModel',
  'POST /restapis/:restApiId/requestvalidators': 'CreateRequestValidator',
  'GET /restapis/:restApiId/requestvalidators': 'GetRequestValidators',
  'GET /restapis/:restApiId/requestvalidators/:requestValidatorId': 'GetRequestValidator',
  'PATCH /restapis/:restApiId/requestvalidators/:requestValidatorId': 'UpdateRequestValidator',
  'DELETE /restapis/:restApiId/requestvalidators/:requestValidatorId': 'DeleteRequestValidator',
  'POST /restapis/:restApiId/resources/:parentId': 'CreateResource',
  'GET /restapis/:restApiId/resources': 'GetResources',
  'GET /restapis/:restApiId/resources/:resourceId': 'GetResource',
  'PATCH /restapis/:restApiId/resources/:resourceId': 'UpdateResource',
  'DELETE /restapis/:restApiId/resources/:resourceId': 'DeleteResource',
  'PUT /restapis/:restApiId/resources/:resourceId/methods/:httpMethod': 'PutMethod',
  'GET /restapis/:restApiId/resources/:resourceId/methods/:httpMethod': 'GetMethod',
  'PATCH /restapis/:restApiId/resources/:resourceId/methods/:httpMethod': 'UpdateMethod',
  'DELETE /restapis/:restApiId/resources/:resourceId/methods/:httpMethod': 'DeleteMethod',
  'POST /restapis/:restApiId/resources/:resourceId/methods/:httpMethod': 'TestInvokeMethod',
  'PUT /restapis/:restApiId/resources/:resourceId/methods/:httpMethod/responses/:statusCode': 'PutMethodResponse',
  'GET /restapis/:restApiId/resources/:resourceId/methods/:httpMethod/responses/:statusCode': 'GetMethodResponse',
  'PATCH /restapis/:restApiId/resources/:resourceId/methods/:httpMethod/responses/:statusCode': 'UpdateMethodResponse',
  'DELETE /restapis/:restApiId/resources/:resourceId/methods/:httpMethod/responses/:statusCode': 'DeleteMethodResponse',
  'PUT /restapis/:restApiId/resources/:resourceId/methods/:httpMethod/integration': 'PutIntegration',
  'GET /restapis/:restApiId/resources/:resourceId/methods/:httpMethod/integration': 'GetIntegration',
  'PATCH /restapis/:restApiId/resources/:resourceId/methods/:httpMethod/integration': 'UpdateIntegration',
  'DELETE /restapis/:restApiId/resources/:resourceId/methods/:httpMethod/integration': 'DeleteIntegration',
  'PUT /restapis/:restApiId/resources/:resourceId/methods/:httpMethod/integration/responses/:statusCode': 'PutIntegrationResponse',
  'GET /restapis/:restApiId/resources/:resourceId/methods/:httpMethod/integration/responses/:statusCode': 'GetIntegrationResponse',
  'PATCH /restapis/:restApiId/resources/:resourceId/methods/:httpMethod/integration/responses/:statusCode': 'UpdateIntegrationResponse',
  'DELETE /restapis/:restApiId/resources/:resourceId/methods/:httpMethod/integration/responses/:statusCode': 'DeleteIntegrationResponse',
  'POST /restapis/:restApiId/authorizers': 'CreateAuthorizer',
  'GET /restapis/:restApiId/authorizers': 'GetAuthorizers',
  'GET /restapis/:restApiId/authorizers/:authorizerId': 'GetAuthorizer',
  'PATCH /restapis/:restApiId/authorizers/:authorizerId': 'UpdateAuthorizer',
  'DELETE /restapis/:restApiId/authorizers/:authorizerId': 'DeleteAuthorizer',
  'POST /restapis/:restApiId/authorizers/:authorizerId': 'TestInvokeAuthorizer',
  'DELETE /restapis/:restApiId/stages/:stageName/cache/authorizers': 'FlushStageAuthorizersCache',
  'DELETE /restapis/:restApiId/stages/:stageName/cache/data': 'FlushStageCache',
  'GET /restapis/:restApiId/gatewayresponses': 'GetGatewayResponses',
  'GET /restapis/:restApiId/gatewayresponses/:responseType': 'GetGatewayResponse',
  'PUT /restapis/:restApiId/gatewayresponses/:responseType': 'PutGatewayResponse',
  'PATCH /restapis/:restApiId/gatewayresponses/:responseType': 'UpdateGatewayResponse',
  'DELETE /restapis/:restApiId/gatewayresponses/:responseType': 'DeleteGatewayResponse',
  'GET /restapis/:restApiId/deployments': 'GetDeployments',
  'POST /restapis/:restApiId/deployments': 'CreateDeployment',
  'GET /restapis/:restApiId/deployments/:deploymentId': 'GetDeployment',
  'PATCH /restapis/:restApiId/deployments/:deploymentId': 'UpdateDeployment',
  'DELETE /restapis/:restApiId/deployments/:deploymentId': 'DeleteDeployment',
  'GET /restapis/:restApiId/stages': 'GetStages',
  'POST /restapis/:restApiId/stages': 'CreateStage',
  'GET /restapis/:restApiId/stages/:stageName': 'GetStage',
  'PATCH /restapis/:restApiId/stages/:stageName': 'UpdateStage',
  'DELETE /restapis/:restApiId/stages/:stageName': 'DeleteStage',
  'POST /apikeys': 'CreateApiKey',
  'GET /apikeys': 'GetApiKeys',
  'GET /apikeys/:apiKeyId': 'GetApiKey',
  'PATCH /apikeys/:apiKeyId': 'UpdateApiKey',
  'DELETE /apikeys/:apiKeyId': 'DeleteApiKey',
  'POST /usageplans': 'CreateUsagePlan',
  'GET /usageplans': 'GetUsagePlans',
  'GET /usageplans/:usagePlanId': 'GetUsagePlan',
  'PATCH /usageplans/:usagePlanId': 'UpdateUsagePlan',
  'DELETE /usageplans/:usagePlanId': 'DeleteUsagePlan',
  'POST /usageplans/:usagePlanId/keys': 'CreateUsagePlanKey',
  'GET /usageplans/:usagePlanId/keys': 'GetUsagePlanKeys',
  'GET /usageplans/:usagePlanId/keys/:keyId': 'GetUsagePlanKey',
  'DELETE /usageplans/:usagePlanId/keys/:keyId': 'DeleteUsagePlanKey',
  'GET /usageplans/:usagePlanId/usage': 'GetUsage',
  'PATCH /usageplans/:usagePlanId/keys/:keyId/usage': 'UpdateUsage',
  'GET /account': 'GetAccount',
  'PATCH /account': 'UpdateAccount',
  'POST /domainnames': 'CreateDomainName',
  'GET /domainnames': 'GetDomainNames',
  'GET /domainnames/:domainName': 'GetDomainName',
  'PATCH /domainnames/:domainName': 'UpdateDomainName',
  'DELETE /domainnames/:domainName': 'DeleteDomainName',
  'POST /domainnames/:domainName/basepathmappings': 'CreateBasePathMapping',
  'GET /domainnames/:domainName/basepathmappings': 'GetBasePathMappings',
  'GET /domainnames/:domainName/basepathmappings/:basePath': 'GetBasePathMapping',
  'PATCH /domainnames/:domainName/basepathmappings/:basePath': 'UpdateBasePathMapping',
  'DELETE /domainnames/:domainName/basepathmappings/:basePath': 'DeleteBasePathMapping',
  'GET /tags/:resourceArn': 'GetTags',
  'PUT /tags/:resourceArn': 'TagResource',
  'DELETE /tags/:resourceArn': 'UntagResource',
  'POST /portico/accounts': 'PorticoCreateAccount',
  'GET /portico/accounts': 'PorticoGetAccounts',
  'GET /portico/accounts/:accountId': 'PorticoGetAccount',
  'POST /portico/vpc-endpoints': 'PorticoCreateVpcEndpoint',
  'GET /portico/vpc-endpoints': 'PorticoGetVpcEndpoints',
  'GET /portico/vpc-endpoints/:vpcEndpointId': 'PorticoGetVpcEndpoint',
  'DELETE /portico/vpc-endpoints/:vpcEndpointId': 'PorticoDeleteVpcEndpoint',
  'POST /portico/console/sessions': 'PorticoConsoleSignIn',
  'GET /portico/console/sessions/current': 'PorticoGetConsoleSession',
  'DELETE /portico/console/sessions/current': 'PorticoConsoleSignOut',
  'GET /portico/console/traffic/:restApiId/:stageName': 'PorticoGetTraffic',
  'GET /portico/requests/:requestId': 'PorticoGetRequestDecision',
  'GET /internal/config': 'PorticoGetConfigDocument',
  'POST /v2/apis': 'CreateApi',
  'GET /v2/apis': 'GetApis',
  'PUT /v2/apis': 'ImportApi',
  'GET /v2/apis/:apiId': 'GetApi',
  'PATCH /v2/apis/:apiId': 'UpdateApi',
  'DELETE /v2/apis/:apiId': 'DeleteApi',
  'PUT /v2/apis/:apiId': 'ReimportApi',
  'DELETE /v2/apis/:apiId/cors': 'DeleteCorsConfiguration',
  'GET /v2/apis/:apiId/exports/:specification': 'ExportApi',
  'POST /v2/apis/:apiId/routes': 'CreateRoute',
  'GET /v2/apis/:apiId/routes': 'GetRoutes',
  'GET /v2/apis/:apiId/routes/:routeId': 'GetRoute',
  'PATCH /v2/apis/:apiId/routes/:routeId': 'UpdateRoute',
  'DELETE /v2/apis/:apiId/routes/:routeId': 'DeleteRoute',
  'DELETE /v2/apis/:apiId/routes/:routeId/requestparameters/:requestParameterKey': 'DeleteRouteRequestParameter',
  'POST /v2/apis/:apiId/integrations': 'CreateIntegration',
  'GET /v2/apis/:apiId/integrations': 'GetIntegrations',
  'GET /v2/apis/:apiId/integrations/:integrationId': 'GetIntegration',
  'PATCH /v2/apis/:apiId/integrations/:integrationId': 'UpdateIntegration',
  'DELETE /v2/apis/:apiId/integrations/:integrationId': 'DeleteIntegration',
  'POST /v2/apis/:apiId/authorizers': 'CreateAuthorizer',
  'GET /v2/apis/:apiId/authorizers': 'GetAuthorizers',
  'GET /v2/apis/:apiId/authorizers/:authorizerId': 'GetAuthorizer',
  'PATCH /v2/apis/:apiId/authorizers/:authorizerId': 'UpdateAuthorizer',
  'DELETE /v2/apis/:apiId/authorizers/:authorizerId': 'DeleteAuthorizer',
  'POST /v2/apis/:apiId/deployments': 'CreateDeployment',
  'GET /v2/apis/:apiId/deployments': 'GetDeployments',
  'GET /v2/apis/:apiId/deployments/:deploymentId': 'GetDeployment',
  'PATCH /v2/apis/:apiId/deployments/:deploymentId': 'UpdateDeployment',
  'DELETE /v2/apis/:apiId/deployments/:deploymentId': 'DeleteDeployment',
  'POST /v2/apis/:apiId/stages': 'CreateStage',
  'GET /v2/apis/:apiId/stages': 'GetStages',
  'GET /v2/apis/:apiId/stages/:stageName': 'GetStage',
  'PATCH /v2/apis/:apiId/stages/:stageName': 'UpdateStage',
  'DELETE /v2/apis/:apiId/stages/:stageName': 'DeleteStage',
  'DELETE /v2/apis/:apiId/stages/:stageName/accesslogsettings': 'DeleteAccessLogSettings',
  'DELETE /v2/apis/:apiId/stages/:stageName/routesettings/:routeKey': 'DeleteRouteSettings',
  'DELETE /v2/apis/:apiId/stages/:stageName/cache/authorizers': 'ResetAuthorizersCache',
  'GET /v2/tags/:resourceArn': 'GetTags',
  'POST /v2/tags/:resourceArn': 'TagResource',
  'DELETE /v2/tags/:resourceArn': 'UntagResource',
};

/** Routes that are not admin operations (probes, scraping): not logged per request, not counted. */
export const UNLOGGED_ROUTES = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * The operation name; `Unknown` for a request that matched no route (Fastify's 404), and for IAM/STS calls
 * whose body names no valid action. Only the `Action` parameter of the body is read, never logged otherwise.
 */
export function adminOperationName(method: string, routeUrl: string | undefined, query: Record<string, unknown> | undefined, rawBody: Buffer | undefined): string {
  if (routeUrl === undefined) return 'Unknown';
  if (method === 'POST' && routeUrl === '/') {
    const action = rawBody ? new URLSearchParams(rawBody.toString('utf8')).get('Action') : (query?.Action as string | undefined);
    return typeof action === 'string' && /^[A-Z][A-Za-z]{1,63}$/.test(action) ? action : 'Unknown';
  }
  if (method === 'POST' && routeUrl === '/apikeys' && query?.mode === 'import') return 'ImportApiKeys';
  if (method === 'POST' && routeUrl === '/restapis' && query?.mode === 'import') return 'ImportRestApi';
  return OPERATIONS[`${method} ${routeUrl}`] ?? 'Unknown';
}

/** Every route pattern this table names, for the test that compares it with the routes the app maps. */
export const NAMED_ROUTES: readonly string[] = [...Object.keys(OPERATIONS), 'POST /'];

/**
 * The access key id a request is signed with (SigV4 header or presigned query), as AWS's logs name the caller.
 * It is read from the request, before or regardless of verification: the status says whether it was accepted.
 */
export function signingAccessKeyId(authorization: string | string[] | undefined, query: Record<string, unknown> | undefined): string | undefined {
  const header = Array.isArray(authorization) ? authorization[0] : authorization;
  const credential = header ? /Credential=([^/,\s]+)\//.exec(header)?.[1] : typeof query?.['X-Amz-Credential'] === 'string' ? (query['X-Amz-Credential'] as string).split('/')[0] : undefined;
  return credential && /^[A-Za-z0-9]{1,128}$/.test(credential) ? credential : undefined;
}
