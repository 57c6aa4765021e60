import { z } from 'zod';

/**
 * What a data plane serves of one HTTP API (`protocolType: HTTP`): its stages and the deployment each points at,
 * with AWS's own member names (camelCase as on the `/v2` wire). Until the config document v2 carries HTTP APIs
 * (`libs/contracts`), a standalone `PORTICO_CONFIG_FILE` lists them under `httpApis`; `httpApiConfigFrom` reads
 * either form.
 */
const stringMap = z.record(z.string(), z.string());

export const corsConfigurationSchema = z.object({
  allowOrigins: z.array(z.string()).optional(),
  allowMethods: z.array(z.string()).optional(),
  allowHeaders: z.array(z.string()).optional(),
  exposeHeaders: z.array(z.string()).optional(),
  maxAge: z.number().int().min(-1).max(86_400).optional(),
  allowCredentials: z.boolean().optional(),
});
export type CorsConfiguration = z.infer<typeof corsConfigurationSchema>;

export const httpRouteSchema = z.object({
  routeId: z.string(),
  routeKey: z.string(),
  target: z.string().optional(),
  authorizationType: z.enum(['NONE', 'AWS_IAM', 'JWT', 'CUSTOM']).default('NONE'),
  authorizerId: z.string().optional(),
  authorizationScopes: z.array(z.string()).optional(),
});
export type HttpRoute = z.infer<typeof httpRouteSchema>;

export const httpIntegrationSchema = z.object({
  integrationId: z.string(),
  integrationType: z.enum(['AWS_PROXY', 'HTTP_PROXY']),
  integrationUri: z.string(),
  integrationMethod: z.string().optional(),
  payloadFormatVersion: z.enum(['1.0', '2.0']).default('1.0'),
  timeoutInMillis: z.number().int().min(50).max(30_000).default(30_000),
  connectionType: z.enum(['INTERNET', 'VPC_LINK']).default('INTERNET'),
  requestParameters: stringMap.optional(),
  /** Keyed by status code (`"200"`…`"599"`), each a map of `overwrite:header.x`-style keys. */
  responseParameters: z.record(z.string(), stringMap).optional(),
});
export type HttpIntegration = z.infer<typeof httpIntegrationSchema>;

export const httpAuthorizerSchema = z.object({
  authorizerId: z.string(),
  name: z.string(),
  authorizerType: z.enum(['JWT', 'REQUEST']),
  identitySource: z.array(z.string()).default([]),
  jwtConfiguration: z.object({ issuer: z.string(), audience: z.array(z.string()).default([]) }).optional(),
  authorizerUri: z.string().optional(),
  authorizerPayloadFormatVersion: z.enum(['1.0', '2.0']).optional(),
  enableSimpleResponses: z.boolean().default(false),
  authorizerResultTtlInSeconds: z.number().int().min(0).max(3600).default(0),
});
export type HttpAuthorizer = z.infer<typeof httpAuthorizerSchema>;

export const httpDeploymentSchema = z.object({
  deploymentId: z.string(),
  routes: z.array(httpRouteSchema).default([]),
  integrations: z.array(httpIntegrationSchema).default([]),
  authorizers: z.array(httpAuthorizerSchema).default([]),
  corsConfiguration: corsConfigurationSchema.optional(),
  disableExecuteApiEndpoint: z.boolean().default(false),
});
export type HttpDeployment = z.infer<typeof httpDeploymentSchema>;

export const routeSettingsSchema = z.object({
  detailedMetricsEnabled: z.boolean().optional(),
  throttlingBurstLimit: z.number().int().min(0).optional(),
  throttlingRateLimit: z.number().min(0).optional(),
});
export type RouteSettings = z.infer<typeof routeSettingsSchema>;

export const httpStageSchema = z.object({
  stageName: z.string(),
  deploymentId: z.string(),
  stageVariables: stringMap.default({}),
  defaultRouteSettings: routeSettingsSchema.optional(),
  routeSettings: z.record(z.string(), routeSettingsSchema).default({}),
  accessLogSettings: z.object({ format: z.string().optional(), destinationArn: z.string().optional() }).optional(),
});
export type HttpStage = z.infer<typeof httpStageSchema>;

export const httpApiConfigSchema = z
  .object({
    apiId: z.string(),
    name: z.string().default(''),
    protocolType: z.literal('HTTP').default('HTTP'),
    stages: z.array(httpStageSchema),
    deployments: z.record(z.string(), httpDeploymentSchema),
  })
  .superRefine((api, ctx) => {
    api.stages.forEach((stage, i) => {
      if (api.deployments[stage.deploymentId] === undefined) {
        ctx.addIssue({ code: 'custom', path: ['stages', i, 'deploymentId'], message: `deployment ${stage.deploymentId} is not in this API's deployments` });
      }
    });
  });
export type HttpApiConfig = z.infer<typeof httpApiConfigSchema>;
export type HttpApiConfigInput = z.input<typeof httpApiConfigSchema>;

/**
 * The HTTP APIs a raw config document carries: `httpApis` (a list; the standalone form until config v2), or
 * the v2 form's `apis` entries whose `protocolType` is `HTTP`. Throws when one is malformed, so that the whole
 * document is refused rather than half served.
 */
export function httpApiConfigFrom(raw: unknown): HttpApiConfig[] {
  if (typeof raw !== 'object' || raw === null) return [];
  const doc = raw as { httpApis?: unknown; apis?: unknown };
  const entries: unknown[] = [];
  if (Array.isArray(doc.httpApis)) entries.push(...doc.httpApis);
  if (typeof doc.apis === 'object' && doc.apis !== null) {
    for (const [apiId, api] of Object.entries(doc.apis as Record<string, unknown>)) {
      if (typeof api === 'object' && api !== null && (api as { protocolType?: unknown }).protocolType === 'HTTP') entries.push({ apiId, ...api });
    }
  }
  return entries.map((entry, i) => {
    const parsed = httpApiConfigSchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`HTTP API #${i}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`);
    }
    return parsed.data;
  });
}
