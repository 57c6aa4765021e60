import { z } from 'zod';
import { deploymentSnapshotSchema } from './deployment-snapshot.js';

/**
 * The data plane's whole input: the stages it serves and the deployment snapshots they point at. The control
 * plane builds it from PostgreSQL; the data plane fetches it (ETag = `revision`), or loads it from a file in
 * standalone mode, and never reads the database.
 */
export const CONFIG_SCHEMA_VERSION = 1;

export const methodSettingSchema = z.object({
  metricsEnabled: z.boolean().optional(),
  dataTraceEnabled: z.boolean().optional(),
  loggingLevel: z.enum(['OFF', 'ERROR', 'INFO']).optional(),
  throttlingBurstLimit: z.number().int().optional(),
  throttlingRateLimit: z.number().optional(),
  cachingEnabled: z.boolean().optional(),
  cacheTtlInSeconds: z.number().int().optional(),
  cacheDataEncrypted: z.boolean().optional(),
  requireAuthorizationForCacheControl: z.boolean().optional(),
  unauthorizedCacheControlHeaderStrategy: z.string().optional(),
});
export type MethodSetting = z.infer<typeof methodSettingSchema>;

export const stageConfigSchema = z.object({
  restApiId: z.string(),
  stageName: z.string(),
  deploymentId: z.string(),
  variables: z.record(z.string(), z.string()).default({}),
  /** Keys are `{resourcePath without leading slash}/{VERB}` or `*\/*`, as in AWS. */
  methodSettings: z.record(z.string(), methodSettingSchema).default({}),
  accessLogSettings: z.object({ format: z.string().optional(), destinationArn: z.string().optional() }).optional(),
  tracingEnabled: z.boolean().default(false),
  lastUpdatedDate: z.number().int(),
});
export type StageConfig = z.infer<typeof stageConfigSchema>;

export const configDocumentSchema = z.object({
  schemaVersion: z.literal(CONFIG_SCHEMA_VERSION),
  /** Content hash of everything below (see `contentHash`); the ETag of the internal config route. */
  revision: z.string(),
  region: z.string(),
  accountId: z.string(),
  stages: z.array(stageConfigSchema),
  /** Every deployment some stage points at, by deployment id. */
  deployments: z.record(z.string(), deploymentSnapshotSchema),
});
export type ConfigDocument = z.infer<typeof configDocumentSchema>;

/** Redis channel on which the control plane announces a new config revision (message = the revision). */
export const CONFIG_CHANGED_CHANNEL = 'portico:config-changed';
