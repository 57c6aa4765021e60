import { z } from 'zod';

/**
 * A deployment snapshot: everything the data plane needs to serve one deployment of a REST API, frozen when the
 * deployment is created. Field names are AWS's (Method, Integration, … as the admin API returns them), except
 * that a resource's methods are inlined and the integration's HTTP verb is `httpMethod` as on the wire.
 */
export const SNAPSHOT_SCHEMA_VERSION = 1;

const stringMap = z.record(z.string(), z.string());

export const integrationResponseSchema = z.object({
  statusCode: z.string().regex(/^[1-5]\d\d$/),
  selectionPattern: z.string().optional(),
  responseParameters: stringMap.default({}),
  responseTemplates: stringMap.default({}),
  contentHandling: z.enum(['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT']).optional(),
});
export type IntegrationResponseSnapshot = z.infer<typeof integrationResponseSchema>;

export const integrationTypes = ['HTTP', 'HTTP_PROXY', 'AWS', 'AWS_PROXY', 'MOCK'] as const;
export type IntegrationType = (typeof integrationTypes)[number];

export const integrationSchema = z.object({
  type: z.enum(integrationTypes),
  httpMethod: z.string().optional(),
  uri: z.string().optional(),
  connectionType: z.enum(['INTERNET', 'VPC_LINK']).default('INTERNET'),
  connectionId: z.string().optional(),
  credentials: z.string().optional(),
  requestParameters: stringMap.default({}),
  requestTemplates: stringMap.default({}),
  passthroughBehavior: z.enum(['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER']).default('WHEN_NO_MATCH'),
  contentHandling: z.enum(['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT']).optional(),
  timeoutInMillis: z.number().int().min(50).max(300_000).default(29_000),
  cacheNamespace: z.string().optional(),
  cacheKeyParameters: z.array(z.string()).default([]),
  tlsConfig: z.object({ insecureSkipVerification: z.boolean().optional() }).optional(),
  integrationResponses: z.record(z.string(), integrationResponseSchema).default({}),
});
export type IntegrationSnapshot = z.infer<typeof integrationSchema>;

export const methodResponseSchema = z.object({
  statusCode: z.string(),
  responseParameters: z.record(z.string(), z.boolean()).default({}),
  responseModels: stringMap.default({}),
});
export type MethodResponseSnapshot = z.infer<typeof methodResponseSchema>;

export const httpMethods = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'ANY'] as const;
export type HttpMethod = (typeof httpMethods)[number];

export const authorizationTypes = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'] as const;
export type AuthorizationType = (typeof authorizationTypes)[number];

export const methodSchema = z.object({
  httpMethod: z.enum(httpMethods),
  authorizationType: z.enum(authorizationTypes),
  authorizerId: z.string().optional(),
  apiKeyRequired: z.boolean().default(false),
  operationName: z.string().optional(),
  requestValidatorId: z.string().optional(),
  requestParameters: z.record(z.string(), z.boolean()).default({}),
  requestModels: stringMap.default({}),
  authorizationScopes: z.array(z.string()).default([]),
  methodResponses: z.record(z.string(), methodResponseSchema).default({}),
  methodIntegration: integrationSchema,
});
export type MethodSnapshot = z.infer<typeof methodSchema>;

export const resourceSchema = z.object({
  id: z.string(),
  parentId: z.string().optional(),
  pathPart: z.string().optional(),
  path: z.string().startsWith('/'),
  resourceMethods: z.record(z.string(), methodSchema).default({}),
});
export type ResourceSnapshot = z.infer<typeof resourceSchema>;

export const authorizerSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS']),
  providerARNs: z.array(z.string()).default([]),
  authType: z.string().optional(),
  authorizerUri: z.string().optional(),
  authorizerCredentials: z.string().optional(),
  identitySource: z.string().optional(),
  identityValidationExpression: z.string().optional(),
  authorizerResultTtlInSeconds: z.number().int().min(0).max(3600).default(300),
});
export type AuthorizerSnapshot = z.infer<typeof authorizerSchema>;

export const gatewayResponseSchema = z.object({
  responseType: z.string(),
  statusCode: z.string().optional(),
  responseParameters: stringMap.default({}),
  responseTemplates: stringMap.default({}),
});
export type GatewayResponseSnapshot = z.infer<typeof gatewayResponseSchema>;

export const endpointConfigurationSchema = z.object({
  types: z.array(z.enum(['EDGE', 'REGIONAL', 'PRIVATE'])),
  ipAddressType: z.enum(['ipv4', 'dualstack']).optional(),
  vpcEndpointIds: z.array(z.string()).optional(),
});
export type EndpointConfiguration = z.infer<typeof endpointConfigurationSchema>;

/** A model (JSON Schema draft 4 as a string, `$ref`s to other models by model URL), as GetModel returns it. */
export const modelSchema = z.object({
  id: z.string(),
  name: z.string(),
  contentType: z.string(),
  schema: z.string().optional(),
  description: z.string().optional(),
});
export type ModelSnapshot = z.infer<typeof modelSchema>;

export const requestValidatorSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  validateRequestBody: z.boolean().default(false),
  validateRequestParameters: z.boolean().default(false),
});
export type RequestValidatorSnapshot = z.infer<typeof requestValidatorSchema>;

export const deploymentSnapshotSchema = z.object({
  schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
  restApiId: z.string(),
  deploymentId: z.string(),
  createdDate: z.number().int(),
  api: z.object({
    name: z.string(),
    description: z.string().optional(),
    version: z.string().optional(),
    apiKeySource: z.enum(['HEADER', 'AUTHORIZER']).default('HEADER'),
    binaryMediaTypes: z.array(z.string()).default([]),
    minimumCompressionSize: z.number().int().optional(),
    endpointConfiguration: endpointConfigurationSchema,
    policy: z.string().optional(),
    disableExecuteApiEndpoint: z.boolean().default(false),
  }),
  resources: z.array(resourceSchema),
  authorizers: z.array(authorizerSchema).default([]),
  /** Customised gateway responses only, keyed by responseType; defaults come from the catalog. */
  gatewayResponses: z.record(z.string(), gatewayResponseSchema).default({}),
  /** The API's models: request bodies are validated against them, and GetExport renders them as schemas. */
  models: z.array(modelSchema).default([]),
  requestValidators: z.array(requestValidatorSchema).default([]),
});
export type DeploymentSnapshot = z.infer<typeof deploymentSnapshotSchema>;
