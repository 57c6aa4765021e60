import { z } from 'zod';
import { deploymentSnapshotSchema } from './deployment-snapshot.js';
import {
  DEFAULT_ACCOUNT_THROTTLE,
  apiKeyConfigSchema,
  canarySettingsSchema,
  domainNameConfigSchema,
  stageConfigSchema,
  throttleSettingsSchema,
  usagePlanConfigSchema,
  type CanarySettings,
} from './config-document.js';
import { httpApiSnapshotSchema } from './http-api-snapshot.js';
import { EMPTY_IAM_CONFIG, iamConfigSchema } from './iam-config.js';
import { vpcLinkConfigSchema } from './vpc-link-config.js';
import { refineUniqueStageNames } from './snapshot-refinements.js';
import { websocketApiSnapshotSchema } from './websocket-api-snapshot.js';

/**
 * Config document v2: every API keyed by its id, with its `protocolType`, so that HTTP and WebSocket APIs can
 * travel beside REST ones; stages may carry a canary. Account-level parts (API keys, usage plans, account
 * throttle, IAM) are as in v1. The control plane serves v1 to a data plane that asks for nothing newer
 * (`config-negotiation.ts`).
 */
export const CONFIG_SCHEMA_VERSION_V2 = 2;

export { canarySettingsSchema, type CanarySettings };

/** A REST API's stage: v1's stage without `restApiId` (the API's key says it); both carry the optional canary. */
export const restStageConfigSchema = stageConfigSchema.omit({ restApiId: true });
export type RestStageConfig = z.infer<typeof restStageConfigSchema>;

/** A REST API: its stages, and the snapshot of every deployment a stage (or its canary) points at, unchanged from v1. */
export const restApiConfigSchema = z
  .object({
    protocolType: z.literal('REST'),
    stages: z.array(restStageConfigSchema),
    deployments: z.record(z.string(), deploymentSnapshotSchema),
  })
  .superRefine((api, ctx) => {
    api.stages.forEach((stage, i) => {
      for (const [field, id] of [['deploymentId', stage.deploymentId], ['canarySettings', stage.canarySettings?.deploymentId]] as const) {
        if (id !== undefined && api.deployments[id] === undefined) {
          ctx.addIssue({ code: 'custom', path: ['stages', i, field], message: `deployment ${id} is not in this API's deployments` });
        }
      }
    });
  });
export type RestApiConfig = z.infer<typeof restApiConfigSchema>;

/**
 * An HTTP API (apigatewayv2, `protocolType: HTTP`): one snapshot per stage (`http-api-snapshot.ts`: the stage's
 * live settings with the routes, integrations and authorizers of the deployment it points at), in stage-name order.
 */
export const httpApiConfigSchema = z
  .object({
    protocolType: z.literal('HTTP'),
    stages: z.array(httpApiSnapshotSchema),
  })
  .superRefine((api, ctx) => refineUniqueStageNames(api.stages, ctx));
export type HttpApiConfig = z.infer<typeof httpApiConfigSchema>;

/**
 * A WebSocket API (apigatewayv2, `protocolType: WEBSOCKET`): one snapshot per stage (`websocket-api-snapshot.ts`),
 * in stage-name order, as for HTTP APIs.
 */
export const websocketApiConfigSchema = z
  .object({
    protocolType: z.literal('WEBSOCKET'),
    stages: z.array(websocketApiSnapshotSchema),
  })
  .superRefine((api, ctx) => refineUniqueStageNames(api.stages, ctx));
export type WebSocketApiConfig = z.infer<typeof websocketApiConfigSchema>;

/**
 * One entry of `apis`, told apart by `protocolType`. A data plane that meets a protocolType it does not know
 * refuses the whole document (it never serves part of one).
 */
export const apiConfigSchema = z.discriminatedUnion('protocolType', [restApiConfigSchema, httpApiConfigSchema, websocketApiConfigSchema]);
export type ApiConfig = z.infer<typeof apiConfigSchema>;
export type ApiProtocolType = 'REST' | 'HTTP' | 'WEBSOCKET';

export const configDocumentV2Schema = z
  .object({
    schemaVersion: z.literal(CONFIG_SCHEMA_VERSION_V2),
    /** The stored revision of the control plane's config (see docs/ARCHITECTURE.md); the ETag of /internal/config. */
    revision: z.string(),
    region: z.string(),
    accountId: z.string(),
    /** Every API some stage serves, by API id (REST and HTTP APIs share one id space, as in AWS). */
    apis: z.record(z.string(), apiConfigSchema),
    apiKeys: z.array(apiKeyConfigSchema).default([]),
    apiKeyHashKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/).optional(),
    stageCacheKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/).optional(),
    usagePlans: z.array(usagePlanConfigSchema).default([]),
    account: z.object({ throttleSettings: throttleSettingsSchema }).default({ throttleSettings: DEFAULT_ACCOUNT_THROTTLE }),
    iam: iamConfigSchema.default(EMPTY_IAM_CONFIG),
    /** Custom domain names with their API mappings (base path → API and stage), as in v1. */
    domainNames: z.array(domainNameConfigSchema).default([]),
    /** REST VPC links with their resolved targets, as in v1. */
    vpcLinks: z.array(vpcLinkConfigSchema).default([]),
  })
  .superRefine((doc, ctx) => {
    if (doc.apiKeys.length > 0 && doc.apiKeyHashKey === undefined) {
      ctx.addIssue({ code: 'custom', path: ['apiKeyHashKey'], message: 'apiKeyHashKey is required when apiKeys are listed' });
    }
    // REST snapshots are not checked against their keys: v1 never did, and a data plane serves a REST stage from
    // the snapshot its stage names whatever ids it carries.
    for (const [apiId, api] of Object.entries(doc.apis)) {
      if (api.protocolType === 'REST') continue;
      api.stages.forEach((snapshot, i) => {
        if (snapshot.api.apiId !== apiId) ctx.addIssue({ code: 'custom', path: ['apis', apiId, 'stages', i, 'api', 'apiId'], message: 'snapshot of another API' });
      });
    }
  });
export type ConfigDocumentV2 = z.infer<typeof configDocumentV2Schema>;
export type ConfigDocumentV2Input = z.input<typeof configDocumentV2Schema>;
