/**
 * The admin API's error texts, each written once. They are AWS API Gateway's own messages (spec §1.4; clients and
 * tests match on them), so that "Invalid API identifier specified" cannot drift between the families that answer
 * it. Texts that name the offending value are functions.
 */
export const ADMIN_ERRORS = {
  // 404 NotFoundException
  restApiNotFound: (accountId: string, restApiId: string) => `Invalid API identifier specified ${accountId}:${restApiId}`,
  resourceNotFound: 'Invalid Resource identifier specified',
  methodNotFound: 'Invalid Method identifier specified',
  integrationNotFound: 'Invalid Integration identifier specified',
  /** The integration's own responses asked for on a method without an integration. */
  noIntegration: 'No integration defined for method',
  authorizerNotFound: 'Invalid Authorizer identifier specified',
  requestValidatorNotFound: 'Invalid Request Validator identifier specified',
  responseStatusNotFound: 'Invalid Response status code specified',
  gatewayResponseNotDefined: 'Gateway response type not defined on api',
  deploymentNotFound: 'Invalid Deployment identifier specified',
  stageNotFound: 'Invalid Stage identifier specified',
  /** CreateApiKey's `stageKeys` naming a stage that does not exist (AWS spells it in lower case here). */
  stageKeyNotFound: 'Invalid stage identifier specified',
  apiKeyNotFound: 'Invalid API Key identifier specified',
  usagePlanNotFound: 'Invalid Usage Plan ID specified',
  usagePlanIdNotFound: (usagePlanId: string) => `Invalid Usage Plan ID specified: ${usagePlanId}`,
  usagePlanKeyNotFound: 'Invalid Usage Plan Key identifier specified',
  accountNotFound: (accountId: string) => `Invalid account identifier specified ${accountId}`,
  vpcEndpointNotFound: (vpcEndpointId: string) => `Invalid VPC endpoint identifier specified ${vpcEndpointId}`,

  // 409 ConflictException
  stageExists: 'Stage already exists',
  apiKeyExists: 'API Key already exists',
  methodExists: 'Method already exists for this resource',
  methodResponseExists: 'Response already exists for this resource',
  siblingPathPartExists: (pathPart: string) => `Another resource with the same parent already has this name: ${pathPart}`,
  usagePlanKeyExists: (apiKeyId: string, usagePlanId: string) => `Usage Plan Key ${apiKeyId} already exists in usage plan ${usagePlanId}`,
  vpcEndpointExists: (vpcEndpointId: string) => `VPC endpoint ${vpcEndpointId} already exists`,
  concurrentModification: 'Unable to complete operation due to concurrent modification. Please try again later.',

  // 400 BadRequestException shared by more than one family
  invalidPolicyDocument: 'Invalid policy document. Please check the policy syntax and try again.',
  negativeThrottle: 'Invalid throttle settings: limits must not be negative',
  invalidThrottleMap: 'Invalid throttle map specified',
  invalidStageKey: 'Invalid stage key specified: a stage key needs a restApiId and a stageName',
  emptyName: 'Invalid name specified: name must be non-empty',
  invalidApiStage: 'Invalid API Stage specified',
  namedApiStageNotFound: (apiId: string, stage: string) => `Invalid API Stage {api: ${apiId}, stage: ${stage}} specified`,
  emptyResponseTemplate: 'Invalid null or empty value in responseTemplates',
  invalidPatchPath: (path: string) => `Invalid patch path ${path}`,
  unsupportedPatchOperation: (path: string, op: string) => `Invalid patch path  '${path}' specified for op '${op}'. Please choose supported operations`,
  invalidPatchBoolean: (value: unknown, path: string) => `Invalid boolean value '${String(value)}' for path ${path}`,
  emptyPatchValue: (path: string) => `Invalid null or empty value for path ${path}`,
} as const;
