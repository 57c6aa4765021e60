/**
 * The apigatewayv2 admin resources (HTTP and WebSocket APIs) as AWS's rest-json protocol sends them for `/v2`:
 * ISO-8601 timestamps, lists as `{items, nextToken}`, optional members only when set. The control plane's
 * `to…Wire` mappers return these types and the console reads them: one definition, so the two cannot drift.
 * (The `Http…` names predate WebSocket support; each shape carries both protocols' members, as AWS's does.)
 */

export interface V2Page<T> {
  items: T[];
  nextToken?: string;
}

export interface CorsWire {
  allowCredentials?: boolean;
  allowHeaders?: string[];
  allowMethods?: string[];
  allowOrigins?: string[];
  exposeHeaders?: string[];
  maxAge?: number;
}

/** AWS's `Api`. */
export interface HttpApiWire {
  apiId: string;
  name: string;
  /** `HTTP` or `WEBSOCKET`. */
  protocolType: string;
  routeSelectionExpression: string;
  apiKeySelectionExpression?: string;
  apiEndpoint: string;
  apiGatewayManaged: boolean;
  corsConfiguration?: CorsWire;
  createdDate: string;
  description?: string;
  disableExecuteApiEndpoint: boolean;
  disableSchemaValidation?: boolean;
  ipAddressType?: string;
  version?: string;
  tags: Record<string, string>;
  importInfo?: string[];
  warnings?: string[];
}

/** AWS's `Route` (`modelSelectionExpression`, `requestModels`, `routeResponseSelectionExpression`: WebSocket). */
export interface HttpRouteWire {
  apiGatewayManaged: boolean;
  apiKeyRequired: boolean;
  authorizationScopes?: string[];
  authorizationType: string;
  authorizerId?: string;
  modelSelectionExpression?: string;
  operationName?: string;
  requestModels?: Record<string, string>;
  requestParameters?: Record<string, { required: boolean }>;
  routeId: string;
  routeKey: string;
  routeResponseSelectionExpression?: string;
  target?: string;
}

/** AWS's `RouteResponse` (WebSocket APIs). */
export interface RouteResponseWire {
  modelSelectionExpression?: string;
  responseModels?: Record<string, string>;
  responseParameters?: Record<string, { required: boolean }>;
  routeResponseId: string;
  routeResponseKey: string;
}

/** AWS's `Integration` (templates, passthrough, content handling and the response selection: WebSocket). */
export interface HttpIntegrationWire {
  apiGatewayManaged: boolean;
  connectionType: string;
  connectionId?: string;
  contentHandlingStrategy?: string;
  credentialsArn?: string;
  description?: string;
  integrationId: string;
  integrationMethod?: string;
  integrationResponseSelectionExpression?: string;
  integrationSubtype?: string;
  integrationType: string;
  integrationUri?: string;
  passthroughBehavior?: string;
  payloadFormatVersion?: string;
  requestParameters?: Record<string, string>;
  requestTemplates?: Record<string, string>;
  responseParameters?: Record<string, Record<string, string>>;
  templateSelectionExpression?: string;
  timeoutInMillis: number;
  tlsConfig?: { serverNameToVerify?: string };
}

/** AWS's `IntegrationResponse` (WebSocket APIs); REST's is `IntegrationResponseWire`. */
export interface V2IntegrationResponseWire {
  contentHandlingStrategy?: string;
  integrationResponseId: string;
  integrationResponseKey: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string>;
  templateSelectionExpression?: string;
}

export interface HttpAuthorizerWire {
  authorizerId: string;
  authorizerCredentialsArn?: string;
  authorizerPayloadFormatVersion?: string;
  authorizerResultTtlInSeconds?: number;
  authorizerType: string;
  authorizerUri?: string;
  enableSimpleResponses?: boolean;
  identitySource: string[];
  identityValidationExpression?: string;
  jwtConfiguration?: { audience?: string[]; issuer?: string };
  name: string;
}

/** AWS's `RouteSettings` (logging members: WebSocket stages). */
export interface HttpRouteSettingsWire {
  dataTraceEnabled?: boolean;
  detailedMetricsEnabled?: boolean;
  loggingLevel?: string;
  throttlingBurstLimit?: number;
  throttlingRateLimit?: number;
}

export interface AccessLogSettingsWire {
  destinationArn?: string;
  format?: string;
}

export interface HttpStageWire {
  accessLogSettings?: AccessLogSettingsWire;
  apiGatewayManaged: boolean;
  autoDeploy: boolean;
  /** WebSocket stages only. */
  clientCertificateId?: string;
  createdDate: string;
  defaultRouteSettings: HttpRouteSettingsWire;
  deploymentId?: string;
  description?: string;
  lastDeploymentStatusMessage?: string;
  lastUpdatedDate: string;
  routeSettings: Record<string, HttpRouteSettingsWire>;
  stageName: string;
  stageVariables: Record<string, string>;
  tags: Record<string, string>;
}

export interface HttpDeploymentWire {
  autoDeployed: boolean;
  createdDate: string;
  deploymentId: string;
  deploymentStatus: string;
  description?: string;
}

/** AWS's `Model` (apigatewayv2). */
export interface V2ModelWire {
  contentType?: string;
  description?: string;
  modelId: string;
  name: string;
  schema: string;
}
