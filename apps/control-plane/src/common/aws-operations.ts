// AWS API Gateway's REST control-plane operations (method, route template, operation name), from AWS's API model.
// Used to name the operation in the answer to a route Portico does not serve: a client calling an operation AWS has
// gets one clear error naming it, not a bare UnknownOperationException.
export const AWS_APIGATEWAY_OPERATIONS: readonly (readonly [method: string, route: string, operation: string])[] = [
  ['GET', '/account', 'GetAccount'],
  ['PATCH', '/account', 'UpdateAccount'],
  ['GET', '/apikeys', 'GetApiKeys'],
  ['POST', '/apikeys', 'CreateApiKey'],
  ['DELETE', '/apikeys/{api_Key}', 'DeleteApiKey'],
  ['GET', '/apikeys/{api_Key}', 'GetApiKey'],
  ['PATCH', '/apikeys/{api_Key}', 'UpdateApiKey'],
  ['POST', '/apikeys?mode=import', 'ImportApiKeys'],
  ['GET', '/clientcertificates', 'GetClientCertificates'],
  ['POST', '/clientcertificates', 'GenerateClientCertificate'],
  ['DELETE', '/clientcertificates/{clientcertificate_id}', 'DeleteClientCertificate'],
  ['GET', '/clientcertificates/{clientcertificate_id}', 'GetClientCertificate'],
  ['PATCH', '/clientcertificates/{clientcertificate_id}', 'UpdateClientCertificate'],
  ['GET', '/domainnameaccessassociations', 'GetDomainNameAccessAssociations'],
  ['POST', '/domainnameaccessassociations', 'CreateDomainNameAccessAssociation'],
  ['DELETE', '/domainnameaccessassociations/{domain_name_access_association_arn}', 'DeleteDomainNameAccessAssociation'],
  ['GET', '/domainnames', 'GetDomainNames'],
  ['POST', '/domainnames', 'CreateDomainName'],
  ['DELETE', '/domainnames/{domain_name}', 'DeleteDomainName'],
  ['GET', '/domainnames/{domain_name}', 'GetDomainName'],
  ['PATCH', '/domainnames/{domain_name}', 'UpdateDomainName'],
  ['GET', '/domainnames/{domain_name}/basepathmappings', 'GetBasePathMappings'],
  ['POST', '/domainnames/{domain_name}/basepathmappings', 'CreateBasePathMapping'],
  ['DELETE', '/domainnames/{domain_name}/basepathmappings/{base_path}', 'DeleteBasePathMapping'],
  ['GET', '/domainnames/{domain_name}/basepathmappings/{base_path}', 'GetBasePathMapping'],
  ['PATCH', '/domainnames/{domain_name}/basepathmappings/{base_path}', 'UpdateBasePathMapping'],
  ['POST', '/rejectdomainnameaccessassociations', 'RejectDomainNameAccessAssociation'],
  ['GET', '/restapis', 'GetRestApis'],
  ['POST', '/restapis', 'CreateRestApi'],
  ['DELETE', '/restapis/{restapi_id}', 'DeleteRestApi'],
  ['GET', '/restapis/{restapi_id}', 'GetRestApi'],
  ['PATCH', '/restapis/{restapi_id}', 'UpdateRestApi'],
  ['PUT', '/restapis/{restapi_id}', 'PutRestApi'],
  ['GET', '/restapis/{restapi_id}/authorizers', 'GetAuthorizers'],
  ['POST', '/restapis/{restapi_id}/authorizers', 'CreateAuthorizer'],
  ['DELETE', '/restapis/{restapi_id}/authorizers/{authorizer_id}', 'DeleteAuthorizer'],
  ['GET', '/restapis/{restapi_id}/authorizers/{authorizer_id}', 'GetAuthorizer'],
  ['PATCH', '/restapis/{restapi_id}/authorizers/{authorizer_id}', 'UpdateAuthorizer'],
  ['POST', '/restapis/{restapi_id}/authorizers/{authorizer_id}', 'TestInvokeAuthorizer'],
  ['GET', '/restapis/{restapi_id}/deployments', 'GetDeployments'],
  ['POST', '/restapis/{restapi_id}/deployments', 'CreateDeployment'],
  ['DELETE', '/restapis/{restapi_id}/deployments/{deployment_id}', 'DeleteDeployment'],
  ['GET', '/restapis/{restapi_id}/deployments/{deployment_id}', 'GetDeployment'],
  ['PATCH', '/restapis/{restapi_id}/deployments/{deployment_id}', 'UpdateDeployment'],
  ['GET', '/restapis/{restapi_id}/documentation/parts', 'GetDocumentationParts'],
  ['POST', '/restapis/{restapi_id}/documentation/parts', 'CreateDocumentationPart'],
  ['PUT', '/restapis/{restapi_id}/documentation/parts', 'ImportDocumentationParts'],
  ['DELETE', '/restapis/{restapi_id}/documentation/parts/{part_id}', 'DeleteDocumentationPart'],
  ['GET', '/restapis/{restapi_id}/documentation/parts/{part_id}', 'GetDocumentationPart'],
  ['PATCH', '/restapis/{restapi_id}/documentation/parts/{part_id}', 'UpdateDocumentationPart'],
  ['GET', '/restapis/{restapi_id}/documentation/versions', 'GetDocumentationVersions'],
  ['POST', '/restapis/{restapi_id}/documentation/versions', 'CreateDocumentationVersion'],
  ['DELETE', '/restapis/{restapi_id}/documentation/versions/{doc_version}', 'DeleteDocumentationVersion'],
  ['GET', '/restapis/{restapi_id}/documentation/versions/{doc_version}', 'GetDocumentationVersion'],
  ['PATCH', '/restapis/{restapi_id}/documentation/versions/{doc_version}', 'UpdateDocumentationVersion'],
  ['GET', '/restapis/{restapi_id}/gatewayresponses', 'GetGatewayResponses'],
  ['DELETE', '/restapis/{restapi_id}/gatewayresponses/{response_type}', 'DeleteGatewayResponse'],
  ['GET', '/restapis/{restapi_id}/gatewayresponses/{response_type}', 'GetGatewayResponse'],
  ['PATCH', '/restapis/{restapi_id}/gatewayresponses/{response_type}', 'UpdateGatewayResponse'],
  ['PUT', '/restapis/{restapi_id}/gatewayresponses/{response_type}', 'PutGatewayResponse'],
  ['GET', '/restapis/{restapi_id}/models', 'GetModels'],
  ['POST', '/restapis/{restapi_id}/models', 'CreateModel'],
  ['DELETE', '/restapis/{restapi_id}/models/{model_name}', 'DeleteModel'],
  ['GET', '/restapis/{restapi_id}/models/{model_name}', 'GetModel'],
  ['PATCH', '/restapis/{restapi_id}/models/{model_name}', 'UpdateModel'],
  ['GET', '/restapis/{restapi_id}/models/{model_name}/default_template', 'GetModelTemplate'],
  ['GET', '/restapis/{restapi_id}/requestvalidators', 'GetRequestValidators'],
  ['POST', '/restapis/{restapi_id}/requestvalidators', 'CreateRequestValidator'],
  ['DELETE', '/restapis/{restapi_id}/requestvalidators/{requestvalidator_id}', 'DeleteRequestValidator'],
  ['GET', '/restapis/{restapi_id}/requestvalidators/{requestvalidator_id}', 'GetRequestValidator'],
  ['PATCH', '/restapis/{restapi_id}/requestvalidators/{requestvalidator_id}', 'UpdateRequestValidator'],
  ['GET', '/restapis/{restapi_id}/resources', 'GetResources'],
  ['POST', '/restapis/{restapi_id}/resources/{parent_id}', 'CreateResource'],
  ['DELETE', '/restapis/{restapi_id}/resources/{resource_id}', 'DeleteResource'],
  ['GET', '/restapis/{restapi_id}/resources/{resource_id}', 'GetResource'],
  ['PATCH', '/restapis/{restapi_id}/resources/{resource_id}', 'UpdateResource'],
  ['DELETE', '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}', 'DeleteMethod'],
  ['GET', '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}', 'GetMethod'],
  ['PATCH', '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}', 'UpdateMethod'],
  ['POST', '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}', 'TestInvokeMethod'],
  ['PUT', '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}', 'PutMethod'],
  ['DELETE', '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration', 'DeleteIntegration'],
  ['GET', '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration', 'GetIntegration'],
  ['PATCH', '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration', 'UpdateIntegration'],
  ['PUT', '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration', 'PutIntegration'],
  ['DELETE', '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration/responses/{status_code}', 'DeleteIntegrationResponse'],
  ['GET', '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration/responses/{status_code}', 'GetIntegrationResponse'],
  ['PATCH', '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration/responses/{status_code}', 'UpdateIntegrationResponse'],
  ['PUT', '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration/responses/{status_code}', 'PutIntegrationResponse'],
  ['DELETE', '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/responses/{status_code}', 'DeleteMethodResponse'],
  ['GET', '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/responses/{status_code}', 'GetMethodResponse'],
  ['PATCH', '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/responses/{status_code}', 'UpdateMethodResponse'],
  ['PUT', '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/responses/{status_code}', 'PutMethodResponse'],
  ['GET', '/restapis/{restapi_id}/stages', 'GetStages'],
  ['POST', '/restapis/{restapi_id}/stages', 'CreateStage'],
  ['DELETE', '/restapis/{restapi_id}/stages/{stage_name}', 'DeleteStage'],
  ['GET', '/restapis/{restapi_id}/stages/{stage_name}', 'GetStage'],
  ['PATCH', '/restapis/{restapi_id}/stages/{stage_name}', 'UpdateStage'],
  ['DELETE', '/restapis/{restapi_id}/stages/{stage_name}/cache/authorizers', 'FlushStageAuthorizersCache'],
  ['DELETE', '/restapis/{restapi_id}/stages/{stage_name}/cache/data', 'FlushStageCache'],
  ['GET', '/restapis/{restapi_id}/stages/{stage_name}/exports/{export_type}', 'GetExport'],
  ['GET', '/restapis/{restapi_id}/stages/{stage_name}/sdks/{sdk_type}', 'GetSdk'],
  ['POST', '/restapis?mode=import', 'ImportRestApi'],
  ['GET', '/sdktypes', 'GetSdkTypes'],
  ['GET', '/sdktypes/{sdktype_id}', 'GetSdkType'],
  ['DELETE', '/tags/{resource_arn}', 'UntagResource'],
  ['GET', '/tags/{resource_arn}', 'GetTags'],
  ['PUT', '/tags/{resource_arn}', 'TagResource'],
  ['GET', '/usageplans', 'GetUsagePlans'],
  ['POST', '/usageplans', 'CreateUsagePlan'],
  ['DELETE', '/usageplans/{usageplanId}', 'DeleteUsagePlan'],
  ['GET', '/usageplans/{usageplanId}', 'GetUsagePlan'],
  ['PATCH', '/usageplans/{usageplanId}', 'UpdateUsagePlan'],
  ['GET', '/usageplans/{usageplanId}/keys', 'GetUsagePlanKeys'],
  ['POST', '/usageplans/{usageplanId}/keys', 'CreateUsagePlanKey'],
  ['DELETE', '/usageplans/{usageplanId}/keys/{keyId}', 'DeleteUsagePlanKey'],
  ['GET', '/usageplans/{usageplanId}/keys/{keyId}', 'GetUsagePlanKey'],
  ['PATCH', '/usageplans/{usageplanId}/keys/{keyId}/usage', 'UpdateUsage'],
  ['GET', '/usageplans/{usageplanId}/usage', 'GetUsage'],
  ['GET', '/vpclinks', 'GetVpcLinks'],
  ['POST', '/vpclinks', 'CreateVpcLink'],
  ['DELETE', '/vpclinks/{vpclink_id}', 'DeleteVpcLink'],
  ['GET', '/vpclinks/{vpclink_id}', 'GetVpcLink'],
  ['PATCH', '/vpclinks/{vpclink_id}', 'UpdateVpcLink'],
];

interface CompiledOperation {
  method: string;
  pattern: RegExp;
  query?: [string, string];
  operation: string;
}

const COMPILED: readonly CompiledOperation[] = AWS_APIGATEWAY_OPERATIONS.map(([method, route, operation]) => {
  const [path, query] = route.split('?');
  const pattern = new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
  const [key, value] = query ? query.split('=') : [];
  return { method, pattern, ...(key !== undefined && { query: [key, value] as [string, string] }), operation };
});

/**
 * The AWS operation a request addresses (by method and path; a `?mode=import` route before its plain twin), or
 * undefined when AWS has no such operation either.
 */
export function awsOperationOf(method: string, url: string): string | undefined {
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q)).replace(/\/+$/, '') || '/';
  const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
  let plain: string | undefined;
  for (const op of COMPILED) {
    if (op.method !== method.toUpperCase() || !op.pattern.test(path)) continue;
    if (op.query) {
      if (query.get(op.query[0]) === op.query[1]) return op.operation;
    } else {
      plain ??= op.operation;
    }
  }
  return plain;
}
