export type {
  AuthorizerWire,
  DeploymentWire,
  EndpointConfigurationWire,
  IntegrationResponseWire,
  IntegrationType,
  IntegrationWire,
  MethodResponseWire,
  MethodWire,
  ResourceWire,
  RestApiWire,
  StageWire,
  TestInvokeAuthorizerWire,
} from './rest-api.js';
export type { ApiKeyWire, ApiStageWire, QuotaWire, ThrottleWire, UsagePlanKeyWire, UsagePlanWire, UsageWire } from './usage.js';
export type { ConsolePrincipalWire, ConsoleSessionWire, ConsoleSignInInput, TrafficPointWire, TrafficWire } from './console.js';
export type { AdminErrorBody, Page } from './common.js';
