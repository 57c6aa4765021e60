import { z } from 'zod';
import { routeSettingsSchema } from './http-api-snapshot.js';
import { refineRoutes } from './snapshot-refinements.js';

/**
 * A WebSocket API snapshot: everything a data plane needs to serve one deployment of a WebSocket API
 * (apigatewayv2, `protocolType: WEBSOCKET`) on one stage. `api`, `routes`, `integrations`, `authorizers` and
 * `models` are frozen when the deployment is created; `stage` is the stage's live settings. Member names are
 * AWS's, as `/v2` returns them (camelCase on the wire). Behaviour reference: spec aws-apigatewayv2-websocket.md.
 */
export const WEBSOCKET_API_SNAPSHOT_SCHEMA_VERSION = 1;

const stringMap = z.record(z.string(), z.string());

/** The three predefined route keys (spec §3); every other key is custom and chosen by the selection expression. */
export const websocketPredefinedRouteKeys = ['$connect', '$disconnect', '$default'] as const;

/** `apiKeySelectionExpression`: the two sources AWS accepts (spec §1); the header one is AWS's default. */
export const websocketApiKeySelectionExpressions = ['$request.header.x-api-key', '$context.authorizer.usageIdentifierKey'] as const;

export const websocketAuthorizationTypes = ['NONE', 'AWS_IAM', 'CUSTOM'] as const;
export type WebSocketAuthorizationType = (typeof websocketAuthorizationTypes)[number];

export const websocketIntegrationTypes = ['AWS', 'AWS_PROXY', 'HTTP', 'HTTP_PROXY', 'MOCK'] as const;
export type WebSocketIntegrationType = (typeof websocketIntegrationTypes)[number];

export const websocketApiSchema = z.object({
  apiId: z.string(),
  name: z.string(),
  protocolType: z.literal('WEBSOCKET'),
  /** e.g. `$request.body.action`, `${request.body.service}/${request.body.action}` (spec §2). */
  routeSelectionExpression: z.string().min(1),
  apiKeySelectionExpression: z.enum(websocketApiKeySelectionExpressions).default('$request.header.x-api-key'),
  /** Skip model validation at deployment (AWS's `disableSchemaValidation`); messages are still validated. */
  disableSchemaValidation: z.boolean().default(false),
  /** Frozen at deployment (spec §9). */
  disableExecuteApiEndpoint: z.boolean().default(false),
});
export type WebSocketApiSnapshotApi = z.infer<typeof websocketApiSchema>;

/** A `$default` route response makes a route two-way (spec §4.4); only `$default` route responses exist. */
export const websocketRouteResponseSchema = z.object({
  routeResponseId: z.string(),
  routeResponseKey: z.literal('$default'),
  responseModels: stringMap.default({}),
  modelSelectionExpression: z.string().optional(),
  responseParameters: z.record(z.string(), z.object({ required: z.boolean() })).default({}),
});
export type WebSocketRouteResponseSnapshot = z.infer<typeof websocketRouteResponseSchema>;

export const websocketRouteSchema = z.object({
  routeId: z.string(),
  /** `$connect`, `$disconnect`, `$default` or any custom key (matched exactly against the selection result). */
  routeKey: z.string().min(1),
  /** Effective on `$connect` only (spec §6): messages are never re-authorized. */
  authorizationType: z.enum(websocketAuthorizationTypes).default('NONE'),
  /** CUSTOM routes: a REQUEST authorizer of this API. */
  authorizerId: z.string().optional(),
  /** `$connect` only: an API key from `apiKeySelectionExpression`, checked against usage plans (spec §6). */
  apiKeyRequired: z.boolean().default(false),
  /** `integrations/{integrationId}`; no target on `$connect` → accepted, on a message route → nothing runs [I]. */
  target: z.string().regex(/^integrations\/[^/]+$/).optional(),
  /** `route.request.querystring.x` / `route.request.header.x` → required (`$connect` only). */
  requestParameters: z.record(z.string(), z.object({ required: z.boolean() })).default({}),
  /** Content type (or selection result) → model name; with `modelSelectionExpression` the body is validated. */
  requestModels: stringMap.default({}),
  modelSelectionExpression: z.string().optional(),
  /** `$default` (with a `$default` route response) makes the route two-way. */
  routeResponseSelectionExpression: z.string().optional(),
  routeResponses: z.array(websocketRouteResponseSchema).default([]),
  operationName: z.string().optional(),
});
export type WebSocketRouteSnapshot = z.infer<typeof websocketRouteSchema>;

/** Integration responses of non-proxy integrations (spec §4.3): `$default` or a `/regex/` key. */
export const websocketIntegrationResponseSchema = z.object({
  integrationResponseId: z.string(),
  integrationResponseKey: z.string().min(1),
  responseTemplates: stringMap.default({}),
  templateSelectionExpression: z.string().optional(),
  contentHandlingStrategy: z.enum(['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT']).optional(),
  responseParameters: stringMap.default({}),
});
export type WebSocketIntegrationResponseSnapshot = z.infer<typeof websocketIntegrationResponseSchema>;

export const websocketIntegrationSchema = z.object({
  integrationId: z.string(),
  integrationType: z.enum(websocketIntegrationTypes),
  /** HTTP/HTTP_PROXY: URL (may hold `${stageVariables.x}`); AWS/AWS_PROXY: a Lambda function ARN or invocation URI. */
  integrationUri: z.string().optional(),
  integrationMethod: z.string().optional(),
  credentialsArn: z.string().optional(),
  connectionType: z.enum(['INTERNET', 'VPC_LINK']).default('INTERNET'),
  connectionId: z.string().optional(),
  timeoutInMillis: z.number().int().min(50).max(29_000).default(29_000),
  passthroughBehavior: z.enum(['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER']).default('WHEN_NO_MATCH'),
  contentHandlingStrategy: z.enum(['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT']).optional(),
  /** Template key (chosen by `templateSelectionExpression`, `$default` fallback) → VTL (spec §4.1). */
  requestTemplates: stringMap.default({}),
  templateSelectionExpression: z.string().optional(),
  /** `integration.request.{header|querystring|path}.x` → `route.request.…`, `context.x`, `stageVariables.x`, `'static'`. */
  requestParameters: stringMap.default({}),
  /** Fixed per type (spec §2); carried as the control plane answers it. */
  integrationResponseSelectionExpression: z.string().optional(),
  integrationResponses: z.array(websocketIntegrationResponseSchema).default([]),
});
export type WebSocketIntegrationSnapshot = z.infer<typeof websocketIntegrationSchema>;

/** WebSocket authorizers are Lambda REQUEST authorizers (JWT is HTTP-only), REST-style event, IAM policy answer. */
export const websocketAuthorizerSchema = z.object({
  authorizerId: z.string(),
  name: z.string(),
  authorizerType: z.literal('REQUEST'),
  authorizerUri: z.string(),
  authorizerCredentialsArn: z.string().optional(),
  /** Non-`$` expressions: `route.request.header.Auth`, `route.request.querystring.token`; all must be non-empty. */
  identitySource: z.array(z.string()).default([]),
});
export type WebSocketAuthorizerSnapshot = z.infer<typeof websocketAuthorizerSchema>;

/** A model of the API (JSON Schema draft 4), by name, for route request validation. */
export const websocketModelSchema = z.object({
  modelId: z.string(),
  name: z.string(),
  contentType: z.string().optional(),
  schema: z.string(),
});
export type WebSocketModelSnapshot = z.infer<typeof websocketModelSchema>;

/** AWS's `RouteSettings` for WebSocket stages: the HTTP members plus logging (spec §9). */
export const websocketRouteSettingsSchema = routeSettingsSchema.extend({
  dataTraceEnabled: z.boolean().optional(),
  loggingLevel: z.enum(['ERROR', 'INFO', 'OFF']).optional(),
});
export type WebSocketRouteSettings = z.infer<typeof websocketRouteSettingsSchema>;

export const websocketStageSchema = z.object({
  stageName: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/),
  deploymentId: z.string(),
  autoDeploy: z.boolean().default(false),
  stageVariables: stringMap.default({}),
  defaultRouteSettings: websocketRouteSettingsSchema.default({}),
  /** Keyed by route key (`$connect`, `sendmessage`). */
  routeSettings: z.record(z.string(), websocketRouteSettingsSchema).default({}),
  accessLogSettings: z.object({ destinationArn: z.string().optional(), format: z.string().optional() }).optional(),
  clientCertificateId: z.string().optional(),
});
export type WebSocketStageSnapshot = z.infer<typeof websocketStageSchema>;

export const websocketApiSnapshotSchema = z
  .object({
    schemaVersion: z.literal(WEBSOCKET_API_SNAPSHOT_SCHEMA_VERSION),
    api: websocketApiSchema,
    routes: z.array(websocketRouteSchema).default([]),
    integrations: z.array(websocketIntegrationSchema).default([]),
    authorizers: z.array(websocketAuthorizerSchema).default([]),
    models: z.array(websocketModelSchema).default([]),
    stage: websocketStageSchema,
  })
  .superRefine((snapshot, ctx) => {
    const integrationIds = new Set(snapshot.integrations.map((integration) => integration.integrationId));
    const authorizerIds = new Set(snapshot.authorizers.map((authorizer) => authorizer.authorizerId));
    refineRoutes(snapshot.routes, integrationIds, ctx, (route, index) => {
      if (route.authorizationType === 'CUSTOM' && (route.authorizerId === undefined || !authorizerIds.has(route.authorizerId))) {
        ctx.addIssue({ code: 'custom', path: ['routes', index, 'authorizerId'], message: 'CUSTOM route needs a REQUEST authorizer' });
      }
    });
  });
export type WebSocketApiSnapshot = z.infer<typeof websocketApiSnapshotSchema>;
/** A WebSocket API snapshot as written: members with defaults may be left out. */
export type WebSocketApiSnapshotInput = z.input<typeof websocketApiSnapshotSchema>;
