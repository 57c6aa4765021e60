import { z } from 'zod';
import { refineRoutes } from './snapshot-refinements.js';

/**
 * An HTTP API snapshot: everything a data plane needs to serve one deployment of an HTTP API (apigatewayv2,
 * `protocolType: HTTP`) on one stage. `api`, `routes`, `integrations` and `authorizers` are frozen when the
 * deployment is created; `stage` is the stage's live settings (variables, route settings, access logs), which AWS
 * applies without a redeployment. Member names are AWS's, as `/v2` returns them (camelCase on the wire).
 */
export const HTTP_API_SNAPSHOT_SCHEMA_VERSION = 1;

const stringMap = z.record(z.string(), z.string());

/**
 * The route selection expression of every HTTP API (spec §4), in the two spellings AWS accepts: the model documents
 * `${request.method} ${request.path}`, while GetApi returns (and Terraform sends) `$request.method $request.path`,
 * which is CreateApi's default.
 */
export const HTTP_ROUTE_SELECTION_EXPRESSION = '$request.method $request.path';
export const httpRouteSelectionExpressions = [HTTP_ROUTE_SELECTION_EXPRESSION, '${request.method} ${request.path}'] as const;

/** Route key methods (spec §4 [I]: AWS does not enumerate them; these plus `ANY`). */
export const httpRouteMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'] as const;
export type HttpRouteMethod = (typeof httpRouteMethods)[number];

/**
 * `$default`, or `{METHOD} {path}` whose segments are literals, `{name}` or — last only — a greedy `{name+}`.
 * The root path `/` is a valid path (`GET /`).
 */
const SEGMENT = '(?:[^/{}\\s]+|\\{[A-Za-z0-9._-]+\\})';
const GREEDY = '\\{[A-Za-z0-9._-]+\\+\\}';
const ROUTE_KEY = new RegExp(`^(?:\\$default|(?:${httpRouteMethods.join('|')}) (?:/|(?:/${SEGMENT})*/(?:${SEGMENT}|${GREEDY})))$`);

/** Whether `routeKey` is a route key an HTTP API accepts (`GET /pets/{id}`, `ANY /{proxy+}`, `$default`). */
export function isHttpRouteKey(routeKey: string): boolean {
  return ROUTE_KEY.test(routeKey);
}

export const httpAuthorizationTypes = ['NONE', 'JWT', 'CUSTOM', 'AWS_IAM'] as const;
export type HttpAuthorizationType = (typeof httpAuthorizationTypes)[number];

/** HTTP APIs integrate only through proxies; `AWS`, `HTTP` and `MOCK` are WebSocket-only (spec §5). */
export const httpIntegrationTypes = ['HTTP_PROXY', 'AWS_PROXY'] as const;
export type HttpIntegrationType = (typeof httpIntegrationTypes)[number];

export const payloadFormatVersions = ['1.0', '2.0'] as const;
export type PayloadFormatVersion = (typeof payloadFormatVersions)[number];

/** AWS's `Cors` shape (spec §9). Absent lists mean "send no such header". */
export const corsConfigurationSchema = z.object({
  allowOrigins: z.array(z.string()).default([]),
  allowMethods: z.array(z.string()).default([]),
  allowHeaders: z.array(z.string()).default([]),
  exposeHeaders: z.array(z.string()).default([]),
  maxAge: z.number().int().min(-1).max(86_400).optional(),
  allowCredentials: z.boolean().default(false),
});
export type CorsConfiguration = z.infer<typeof corsConfigurationSchema>;

export const httpApiSchema = z.object({
  apiId: z.string(),
  name: z.string(),
  protocolType: z.literal('HTTP'),
  routeSelectionExpression: z.enum(httpRouteSelectionExpressions).default(HTTP_ROUTE_SELECTION_EXPRESSION),
  /** WebSocket-only in AWS; carried so one shape serves both protocols. */
  apiKeySelectionExpression: z.string().optional(),
  corsConfiguration: corsConfigurationSchema.optional(),
  /** Frozen at deployment: AWS applies it on the next deployment (immediately on auto-deploy stages). */
  disableExecuteApiEndpoint: z.boolean().default(false),
});
export type HttpApiSnapshotApi = z.infer<typeof httpApiSchema>;

export const httpRouteSchema = z.object({
  routeId: z.string(),
  routeKey: z.string().refine(isHttpRouteKey, { message: 'invalid route key' }),
  authorizationType: z.enum(httpAuthorizationTypes).default('NONE'),
  /** Set for JWT (a JWT authorizer) and CUSTOM (a REQUEST authorizer) routes. */
  authorizerId: z.string().optional(),
  /** JWT routes: the token must carry at least one of these in `scope`/`scp` (spec §8.1). */
  authorizationScopes: z.array(z.string()).default([]),
  /** `integrations/{integrationId}`; a route without a target answers 404 as if it did not exist [I]. */
  target: z.string().regex(/^integrations\/[^/]+$/).optional(),
  /** AWS's `ParameterConstraints` map (`route.request.header.x` → required); WebSocket-only in AWS. */
  requestParameters: z.record(z.string(), z.object({ required: z.boolean() })).default({}),
  operationName: z.string().optional(),
});
export type HttpRouteSnapshot = z.infer<typeof httpRouteSchema>;

export const httpIntegrationSchema = z.object({
  integrationId: z.string(),
  integrationType: z.enum(httpIntegrationTypes),
  /** First-class AWS service integrations (`SQS-SendMessage`, …) on AWS_PROXY. */
  integrationSubtype: z.string().optional(),
  /** HTTP_PROXY: the verb sent to the backend (`ANY` = the request's); AWS_PROXY: `POST`. */
  integrationMethod: z.string().optional(),
  /** HTTP_PROXY: URL (may hold `{proxy}`, path parameters, `${stageVariables.x}`); AWS_PROXY: Lambda ARN. */
  integrationUri: z.string().optional(),
  payloadFormatVersion: z.enum(payloadFormatVersions),
  timeoutInMillis: z.number().int().min(50).max(30_000).default(30_000),
  connectionType: z.enum(['INTERNET', 'VPC_LINK']).default('INTERNET'),
  connectionId: z.string().optional(),
  credentialsArn: z.string().optional(),
  /** `overwrite:header.x` → `$request.header.y` … (spec §7), or action parameters of a subtype. */
  requestParameters: stringMap.default({}),
  /** Keyed by status code (`"200"`…`"599"`), then mapping key (`overwrite:statuscode`, `append:header.x`). */
  responseParameters: z.record(z.string(), stringMap).default({}),
  tlsConfig: z.object({ serverNameToVerify: z.string().optional() }).optional(),
});
export type HttpIntegrationSnapshot = z.infer<typeof httpIntegrationSchema>;

export const jwtAuthorizerSchema = z.object({
  authorizerId: z.string(),
  name: z.string(),
  authorizerType: z.literal('JWT'),
  /** Exactly one header or query string source (`$request.header.Authorization`). */
  identitySource: z.array(z.string()).length(1),
  jwtConfiguration: z.object({
    issuer: z.string(),
    audience: z.array(z.string()).default([]),
  }),
});
export type JwtAuthorizerSnapshot = z.infer<typeof jwtAuthorizerSchema>;

export const requestAuthorizerSchema = z.object({
  authorizerId: z.string(),
  name: z.string(),
  authorizerType: z.literal('REQUEST'),
  authorizerUri: z.string(),
  authorizerCredentialsArn: z.string().optional(),
  authorizerPayloadFormatVersion: z.enum(payloadFormatVersions),
  /** Payload 2.0 only: `{isAuthorized, context}` instead of an IAM policy. */
  enableSimpleResponses: z.boolean().default(false),
  /** Any missing source answers 401 without invoking the function; the values are the cache key. */
  identitySource: z.array(z.string()).default([]),
  /** 0 disables caching (spec §8.2 [I]: 300 when unset, as REST). */
  authorizerResultTtlInSeconds: z.number().int().min(0).max(3600).default(300),
});
export type RequestAuthorizerSnapshot = z.infer<typeof requestAuthorizerSchema>;

export const httpAuthorizerSchema = z.discriminatedUnion('authorizerType', [jwtAuthorizerSchema, requestAuthorizerSchema]);
export type HttpAuthorizerSnapshot = z.infer<typeof httpAuthorizerSchema>;

/** AWS's `RouteSettings` (HTTP-relevant members; the logging ones are WebSocket-only). */
export const routeSettingsSchema = z.object({
  detailedMetricsEnabled: z.boolean().optional(),
  throttlingBurstLimit: z.number().int().min(0).optional(),
  throttlingRateLimit: z.number().min(0).optional(),
});
export type RouteSettings = z.infer<typeof routeSettingsSchema>;

export const httpStageSchema = z.object({
  stageName: z.string().regex(/^(?:\$default|[A-Za-z0-9_-]{1,128})$/),
  /** The deployment whose routes, integrations and authorizers this snapshot carries. */
  deploymentId: z.string(),
  autoDeploy: z.boolean().default(false),
  stageVariables: stringMap.default({}),
  defaultRouteSettings: routeSettingsSchema.default({}),
  /** Keyed by route key (`GET /pets`); overrides `defaultRouteSettings` member by member. */
  routeSettings: z.record(z.string(), routeSettingsSchema).default({}),
  accessLogSettings: z.object({ destinationArn: z.string().optional(), format: z.string().optional() }).optional(),
});
export type HttpStageSnapshot = z.infer<typeof httpStageSchema>;

export const httpApiSnapshotSchema = z
  .object({
    schemaVersion: z.literal(HTTP_API_SNAPSHOT_SCHEMA_VERSION),
    api: httpApiSchema,
    routes: z.array(httpRouteSchema).default([]),
    integrations: z.array(httpIntegrationSchema).default([]),
    authorizers: z.array(httpAuthorizerSchema).default([]),
    stage: httpStageSchema,
  })
  .superRefine((snapshot, ctx) => {
    const integrationIds = new Set(snapshot.integrations.map((integration) => integration.integrationId));
    const authorizers = new Map(snapshot.authorizers.map((authorizer) => [authorizer.authorizerId, authorizer.authorizerType]));
    refineRoutes(snapshot.routes, integrationIds, ctx, (route, index) => {
      const wanted = route.authorizationType === 'JWT' ? 'JWT' : route.authorizationType === 'CUSTOM' ? 'REQUEST' : undefined;
      if (wanted !== undefined && (route.authorizerId === undefined || authorizers.get(route.authorizerId) !== wanted)) {
        ctx.addIssue({ code: 'custom', path: ['routes', index, 'authorizerId'], message: `${route.authorizationType} route needs a ${wanted} authorizer` });
      }
    });
    snapshot.integrations.forEach((integration, index) => {
      // Non-Lambda integrations support only payload format 1.0 (spec §5).
      if (integration.integrationType === 'HTTP_PROXY' && integration.payloadFormatVersion !== '1.0') {
        ctx.addIssue({ code: 'custom', path: ['integrations', index, 'payloadFormatVersion'], message: 'HTTP_PROXY integrations use payload format 1.0' });
      }
    });
  });
export type HttpApiSnapshot = z.infer<typeof httpApiSnapshotSchema>;
/** An HTTP API snapshot as written: members with defaults may be left out. */
export type HttpApiSnapshotInput = z.input<typeof httpApiSnapshotSchema>;
