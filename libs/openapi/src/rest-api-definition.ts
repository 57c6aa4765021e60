import type {
  AuthorizationType,
  GatewayResponseSnapshot,
  HttpMethod,
  IntegrationSnapshot,
  MethodResponseSnapshot,
} from '@portico/contracts';

/**
 * What an OpenAPI document defines, in API Gateway's REST resource model and AWS's names, before anything has an
 * id: methods name their authorizer and request validator by name, resources are keyed by path. The control plane
 * persists it (ImportRestApi, PutRestApi); the standalone data plane turns it into a deployment snapshot.
 */
export interface RestApiDefinition {
  name: string;
  description?: string;
  version?: string;
  binaryMediaTypes: string[];
  minimumCompressionSize?: number;
  apiKeySource?: 'HEADER' | 'AUTHORIZER';
  /** The resource policy as the string AWS stores (the document holds it as an object). */
  policy?: string;
  disableExecuteApiEndpoint?: boolean;
  vpcEndpointIds?: string[];
  /** Every resource, parents before children; `/` is always first. */
  resources: ResourceDefinition[];
  models: ModelDefinition[];
  requestValidators: RequestValidatorDefinition[];
  authorizers: AuthorizerDefinition[];
  /** Keyed by response type (`DEFAULT_4XX`, `BAD_REQUEST_BODY`, …). */
  gatewayResponses: Record<string, GatewayResponseSnapshot>;
}

export interface ResourceDefinition {
  path: string;
  /** Absent for `/`. */
  pathPart?: string;
  methods: Partial<Record<HttpMethod, MethodDefinition>>;
}

export interface MethodDefinition {
  httpMethod: HttpMethod;
  authorizationType: AuthorizationType;
  authorizerName?: string;
  apiKeyRequired: boolean;
  operationName?: string;
  requestValidatorName?: string;
  requestParameters: Record<string, boolean>;
  /** Content type → model name. */
  requestModels: Record<string, string>;
  authorizationScopes: string[];
  methodResponses: Record<string, MethodResponseSnapshot>;
  /** Absent when the operation has no `x-amazon-apigateway-integration` (the API then cannot be deployed). */
  integration?: IntegrationDefinition;
}

/** An integration; `cacheNamespace` absent means "the resource's id", which only exists once persisted. */
export type IntegrationDefinition = Omit<IntegrationSnapshot, 'cacheNamespace'> & { cacheNamespace?: string };

export interface ModelDefinition {
  name: string;
  contentType: string;
  /** JSON Schema draft 4 as a string, `$ref`s to other models as model URLs. */
  schema: string;
  description?: string;
}

export interface RequestValidatorDefinition {
  name: string;
  validateRequestBody: boolean;
  validateRequestParameters: boolean;
}

export interface AuthorizerDefinition {
  name: string;
  type: 'TOKEN' | 'REQUEST' | 'COGNITO_USER_POOLS';
  providerARNs: string[];
  authType?: string;
  authorizerUri?: string;
  authorizerCredentials?: string;
  identitySource?: string;
  identityValidationExpression?: string;
  /** Absent when the document does not say (AWS then shows no TTL member for imported authorizers). */
  authorizerResultTtlInSeconds?: number;
}

/** `https://apigateway.amazonaws.com/restapis/{restApiId}/models/{name}`: how one model refers to another. */
export function modelUrl(restApiId: string, name: string): string {
  return `https://apigateway.amazonaws.com/restapis/${restApiId}/models/${name}`;
}
