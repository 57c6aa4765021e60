/** The REST API admin resources as AWS's rest-json protocol sends them: dates as epoch seconds, optional members only when set. */

export interface EndpointConfigurationWire {
  types: string[];
  ipAddressType?: string;
  vpcEndpointIds?: string[];
}

export interface RestApiWire {
  id: string;
  name: string;
  description?: string;
  createdDate: number;
  version?: string;
  binaryMediaTypes?: string[];
  minimumCompressionSize?: number;
  apiKeySource: string;
  endpointConfiguration: EndpointConfigurationWire;
  policy?: string;
  /** Always present, `{}` when none, as AWS answers. */
  tags: Record<string, string>;
  disableExecuteApiEndpoint: boolean;
  rootResourceId: string;
}

export interface ResourceWire {
  id: string;
  parentId?: string;
  pathPart?: string;
  path: string;
  resourceMethods?: Record<string, MethodWire | Record<string, never>>;
}

export interface MethodResponseWire {
  statusCode: string;
  responseParameters?: Record<string, boolean>;
  responseModels?: Record<string, string>;
}

export interface MethodWire {
  httpMethod: string;
  authorizationType: string;
  authorizerId?: string;
  apiKeyRequired: boolean;
  requestValidatorId?: string;
  operationName?: string;
  requestParameters?: Record<string, boolean>;
  requestModels?: Record<string, string>;
  authorizationScopes?: string[];
  methodResponses?: Record<string, MethodResponseWire>;
  methodIntegration?: IntegrationWire;
}

export interface IntegrationResponseWire {
  statusCode: string;
  selectionPattern?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string>;
  contentHandling?: string;
}

export type IntegrationType = 'MOCK' | 'HTTP' | 'HTTP_PROXY' | 'AWS' | 'AWS_PROXY';

export interface IntegrationWire {
  type: string;
  /** The integration's HTTP method: the SDK's `integrationHttpMethod`, sent as `httpMethod` on the wire. */
  httpMethod?: string;
  uri?: string;
  /** Absent from a MOCK integration that has no connection, as AWS answers. */
  connectionType?: string;
  connectionId?: string;
  credentials?: string;
  requestParameters?: Record<string, string>;
  requestTemplates?: Record<string, string>;
  passthroughBehavior: string;
  contentHandling?: string;
  timeoutInMillis: number;
  cacheNamespace: string;
  cacheKeyParameters: string[];
  integrationResponses?: Record<string, IntegrationResponseWire>;
  tlsConfig?: { insecureSkipVerification?: boolean };
}

export interface DeploymentWire {
  id: string;
  description?: string;
  createdDate: number;
  apiSummary?: Record<string, Record<string, { authorizationType: string; apiKeyRequired: boolean }>>;
}

/** AWS's `MethodSetting`: one entry of a stage's `methodSettings`, keyed `resource/path/VERB` or `*\/*`. */
export interface MethodSettingWire {
  metricsEnabled?: boolean;
  dataTraceEnabled?: boolean;
  loggingLevel?: string;
  throttlingBurstLimit?: number;
  throttlingRateLimit?: number;
  cachingEnabled?: boolean;
  cacheTtlInSeconds?: number;
  cacheDataEncrypted?: boolean;
  requireAuthorizationForCacheControl?: boolean;
  unauthorizedCacheControlHeaderStrategy?: string;
}

/** AWS's `CanarySettings`: `stageVariableOverrides` only when it has some, as AWS answers. */
export interface CanarySettingsWire {
  deploymentId?: string;
  percentTraffic?: number;
  stageVariableOverrides?: Record<string, string>;
  useStageCache?: boolean;
}

export interface StageWire {
  stageName: string;
  deploymentId: string;
  description?: string;
  cacheClusterEnabled: boolean;
  /** `0.5`, `1.6`, `6.1`, `13.5`, `28.4`, `58.2`, `118` or `237` (GB). */
  cacheClusterSize?: string;
  cacheClusterStatus: 'AVAILABLE' | 'NOT_AVAILABLE';
  methodSettings: Record<string, MethodSettingWire>;
  variables?: Record<string, string>;
  /** Present while the stage has a canary. */
  canarySettings?: CanarySettingsWire;
  tracingEnabled: boolean;
  tags?: Record<string, string>;
  createdDate: number;
  lastUpdatedDate: number;
}

export interface AuthorizerWire {
  id: string;
  name: string;
  type: string;
  providerARNs?: string[];
  authType?: string;
  authorizerUri?: string;
  authorizerCredentials?: string;
  identitySource?: string;
  identityValidationExpression?: string;
  authorizerResultTtlInSeconds: number;
}

/** TestInvokeAuthorizer's response (AWS's shape). */
export interface TestInvokeAuthorizerWire {
  clientStatus: number;
  log: string;
  latency: number;
  principalId?: string;
  policy?: string;
  authorization?: Record<string, string[]>;
  claims?: Record<string, string>;
}

/** TestInvokeMethod's answer (AWS `TestInvokeMethodResponse`). */
export interface TestInvokeMethodWire {
  status: number;
  body: string;
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  latency: number;
  log: string;
}

/** A REST API VpcLink: AVAILABLE once its targets resolve, FAILED (saying why) while they do not. */
export interface VpcLinkWire {
  id: string;
  name: string;
  description?: string;
  targetArns: string[];
  status: 'AVAILABLE' | 'PENDING' | 'DELETING' | 'FAILED';
  statusMessage?: string;
  tags: Record<string, string>;
}

/** RestApi as ImportRestApi and PutRestApi return it: with the import's warnings, when there were any. */
export type ImportedRestApiWire = RestApiWire & { warnings?: string[] };

/** A gateway response: the customised one as stored, or the type's default (`defaultResponse: true`). */
export interface GatewayResponseWire {
  responseType: string;
  statusCode?: string;
  responseParameters: Record<string, string>;
  responseTemplates: Record<string, string>;
  defaultResponse: boolean;
}

export interface ModelWire {
  id: string;
  name: string;
  contentType: string;
  schema?: string;
  description?: string;
}

export interface RequestValidatorWire {
  id: string;
  name?: string;
  validateRequestBody: boolean;
  validateRequestParameters: boolean;
}
