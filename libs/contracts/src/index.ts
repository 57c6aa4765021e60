export { canonicalJson, contentHash } from './canonical-json.js';
export {
  SNAPSHOT_SCHEMA_VERSION,
  authorizationTypes,
  authorizerSchema,
  deploymentSnapshotSchema,
  endpointConfigurationSchema,
  gatewayResponseSchema,
  httpMethods,
  integrationResponseSchema,
  integrationSchema,
  integrationTypes,
  methodResponseSchema,
  methodSchema,
  modelSchema,
  requestValidatorSchema,
  resourceSchema,
} from './deployment-snapshot.js';
export type {
  AuthorizationType,
  AuthorizerSnapshot,
  DeploymentSnapshot,
  EndpointConfiguration,
  GatewayResponseSnapshot,
  HttpMethod,
  IntegrationResponseSnapshot,
  IntegrationSnapshot,
  IntegrationType,
  MethodResponseSnapshot,
  MethodSnapshot,
  ModelSnapshot,
  RequestValidatorSnapshot,
  ResourceSnapshot,
} from './deployment-snapshot.js';
export {
  CONFIG_CHANGED_CHANNEL,
  AUTHORIZER_CACHE_FLUSH_CHANNEL,
  STAGE_CACHE_FLUSH_CHANNEL,
  STAGE_CACHE_KEY_PREFIX,
  AUTHORIZER_CACHE_KEY_PREFIX,
  CONFIG_SCHEMA_VERSION,
  DEFAULT_ACCOUNT_THROTTLE,
  apiKeyConfigSchema,
  configDocumentSchema,
  methodSettingSchema,
  stageConfigSchema,
  throttleSettingsSchema,
  usagePlanConfigSchema,
  domainNameConfigSchema,
} from './config-document.js';
export type { ApiKeyConfig, ConfigDocument, ConfigDocumentInput, DomainNameConfig, MethodSetting, StageConfig, ThrottleSettings, UsagePlanConfig } from './config-document.js';
export { vpcLinkConfigSchema } from './vpc-link-config.js';
export type { VpcLinkConfig } from './vpc-link-config.js';
export {
  DEFAULT_GATEWAY_RESPONSE_TEMPLATE,
  gatewayResponseDefaults,
  gatewayResponseTypes,
  isGatewayResponseType,
} from './gateway-response-catalog.js';
export type { GatewayResponseDefault, GatewayResponseType } from './gateway-response-catalog.js';
export { AdminError, adminErrorStatus, badRequest, conflict, notFound } from './admin-errors.js';
export type { AdminErrorType } from './admin-errors.js';
export {
  EMPTY_IAM_CONFIG,
  iamConfigSchema,
  iamCredentialConfigSchema,
  iamPrincipalConfigSchema,
  vpcEndpointConfigSchema,
} from './iam-config.js';
export type { IamConfig, IamCredentialConfig, IamPrincipalConfig, VpcEndpointConfig } from './iam-config.js';
export {
  HTTP_API_SNAPSHOT_SCHEMA_VERSION,
  HTTP_ROUTE_SELECTION_EXPRESSION,
  httpRouteSelectionExpressions,
  corsConfigurationSchema,
  httpApiSchema,
  httpApiSnapshotSchema,
  httpAuthorizationTypes,
  httpAuthorizerSchema,
  httpIntegrationSchema,
  httpIntegrationTypes,
  httpRouteMethods,
  httpRouteSchema,
  httpStageSchema,
  isHttpRouteKey,
  jwtAuthorizerSchema,
  payloadFormatVersions,
  requestAuthorizerSchema,
  routeSettingsSchema,
} from './http-api-snapshot.js';
export type {
  CorsConfiguration,
  HttpApiSnapshot,
  HttpApiSnapshotApi,
  HttpApiSnapshotInput,
  HttpAuthorizationType,
  HttpAuthorizerSnapshot,
  HttpIntegrationSnapshot,
  HttpIntegrationType,
  HttpRouteMethod,
  HttpRouteSnapshot,
  HttpStageSnapshot,
  JwtAuthorizerSnapshot,
  PayloadFormatVersion,
  RequestAuthorizerSnapshot,
  RouteSettings,
} from './http-api-snapshot.js';
export {
  CONFIG_SCHEMA_VERSION_V2,
  apiConfigSchema,
  canarySettingsSchema,
  configDocumentV2Schema,
  httpApiConfigSchema,
  restApiConfigSchema,
  restStageConfigSchema,
  websocketApiConfigSchema,
} from './config-document-v2.js';
export type {
  ApiConfig,
  ApiProtocolType,
  CanarySettings,
  ConfigDocumentV2,
  ConfigDocumentV2Input,
  HttpApiConfig,
  RestApiConfig,
  RestStageConfig,
  WebSocketApiConfig,
} from './config-document-v2.js';
export {
  WEBSOCKET_API_SNAPSHOT_SCHEMA_VERSION,
  websocketApiKeySelectionExpressions,
  websocketApiSchema,
  websocketApiSnapshotSchema,
  websocketAuthorizationTypes,
  websocketAuthorizerSchema,
  websocketIntegrationResponseSchema,
  websocketIntegrationSchema,
  websocketIntegrationTypes,
  websocketModelSchema,
  websocketPredefinedRouteKeys,
  websocketRouteResponseSchema,
  websocketRouteSchema,
  websocketRouteSettingsSchema,
  websocketStageSchema,
} from './websocket-api-snapshot.js';
export type {
  WebSocketApiSnapshot,
  WebSocketApiSnapshotApi,
  WebSocketApiSnapshotInput,
  WebSocketAuthorizationType,
  WebSocketAuthorizerSnapshot,
  WebSocketIntegrationResponseSnapshot,
  WebSocketIntegrationSnapshot,
  WebSocketIntegrationType,
  WebSocketModelSnapshot,
  WebSocketRouteResponseSnapshot,
  WebSocketRouteSettings,
  WebSocketRouteSnapshot,
  WebSocketStageSnapshot,
} from './websocket-api-snapshot.js';
export {
  CONFIG_MEDIA_TYPE,
  CONFIG_SCHEMA_VERSIONS,
  acceptedConfigVersions,
  configAcceptHeader,
  configContentType,
  liftConfigDocument,
  negotiateConfigVersion,
  readConfigDocument,
  restConfigDocument,
} from './config-document-versions.js';
export type { ReadConfigDocument } from './config-document-versions.js';
export { decisionTrailKey, REPLICA_HEADER } from './decision-trail-index.js';
export type { DecisionTrailLocation } from './decision-trail-index.js';
