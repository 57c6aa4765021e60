export type {
  AuthorizerWire,
  CanarySettingsWire,
  DeploymentWire,
  EndpointConfigurationWire,
  GatewayResponseWire,
  ImportedRestApiWire,
  IntegrationResponseWire,
  IntegrationType,
  IntegrationWire,
  MethodResponseWire,
  MethodSettingWire,
  MethodWire,
  ModelWire,
  RequestValidatorWire,
  ResourceWire,
  RestApiWire,
  StageWire,
  TestInvokeAuthorizerWire,
  TestInvokeMethodWire,
  VpcLinkWire,
} from './rest-api.js';
export type { ApiKeyWire, ApiStageWire, QuotaWire, ThrottleWire, UsagePlanKeyWire, UsagePlanWire, UsageWire } from './usage.js';
export type { ConsolePrincipalWire, ConsoleSessionWire, ConsoleSignInInput, TrafficPointWire, TrafficWire } from './console.js';
export type {
  AccessLogSettingsWire,
  CorsWire,
  HttpApiWire,
  HttpAuthorizerWire,
  HttpDeploymentWire,
  HttpIntegrationWire,
  HttpRouteSettingsWire,
  HttpRouteWire,
  HttpStageWire,
  RouteResponseWire,
  V2IntegrationResponseWire,
  V2ModelWire,
  V2Page,
} from './v2-api.js';
export type { AdminErrorBody, Page } from './common.js';
export type { DecisionTrail, DecisionTrailWire, TrailStep, TrailStepName } from './decision-trail.js';
