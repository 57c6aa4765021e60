/**
 * The HTTP API (apigatewayv2) admin resources as AWS's rest-json protocol sends them for `/v2`: ISO-8601
 * timestamps, lists as `{items, nextToken}`, optional members only when set.
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

export interface HttpRouteWire {
  apiGatewayManaged: boolean;
  apiKeyRequired: boolean;
  authorizationScopes?: string[];
  authorizationType: string;
  authorizerId?: string;
  operationName?: string;
  requestParameters?: Record<string, { required: boolean }>;
  routeId: string;
  routeKey: string;
  target?: string;
}

export interface HttpIntegrationWire {
  apiGatewayManaged: boolean;
  connectionType: string;
  connectionId?: string;
  credentialsArn?: string;
  description?: string;
  integrationId: string;
  integrationMethod?: string;
  integrationSubtype?: string;
  integrationType: string;
  integrationUri?: string;
  payloadFormatVersion?: string;
  requestParameters?: Record<string, string>;
  responseParameters?: Record<string, Record<string, string>>;
  timeoutInMillis: number;
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

export interface HttpRouteSettingsWire {
  detailedMetricsEnabled?: boolean;
  throttlingBurstLimit?: number;
  throttlingRateLimit?: number;
}

export interface HttpStageWire {
  apiGatewayManaged: boolean;
  autoDeploy: boolean;
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
