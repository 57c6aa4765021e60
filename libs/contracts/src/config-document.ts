import { z } from 'zod';
import { deploymentSnapshotSchema } from './deployment-snapshot.js';
import { httpApiSnapshotSchema } from './http-api-snapshot.js';
import { EMPTY_IAM_CONFIG, iamConfigSchema } from './iam-config.js';
import { vpcLinkConfigSchema } from './vpc-link-config.js';

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

/**
 * A stage's canary (AWS `CanarySettings`): `percentTraffic` percent of the stage's requests, drawn at random per
 * request, go to `deploymentId`, with `stageVariableOverrides` over the stage's variables. Older data planes
 * ignore the member (it is optional, and unknown members are stripped) and serve the stage's deployment only.
 */
export const canarySettingsSchema = z.object({
  percentTraffic: z.number().min(0).max(100).default(0),
  deploymentId: z.string(),
  stageVariableOverrides: z.record(z.string(), z.string()).default({}),
  useStageCache: z.boolean().default(false),
});
export type CanarySettings = z.infer<typeof canarySettingsSchema>;

export const stageConfigSchema = z.object({
  restApiId: z.string(),
  stageName: z.string(),
  deploymentId: z.string(),
  variables: z.record(z.string(), z.string()).default({}),
  /** Keys are `{resourcePath without leading slash}/{VERB}` or `*\/*`, as in AWS. */
  methodSettings: z.record(z.string(), methodSettingSchema).default({}),
  accessLogSettings: z.object({ format: z.string().optional(), destinationArn: z.string().optional() }).optional(),
  tracingEnabled: z.boolean().default(false),
  /** The stage cache (AWS's cache cluster): served by the data planes, sized by `cacheClusterSize` (GB). */
  cacheClusterEnabled: z.boolean().default(false),
  cacheClusterSize: z.enum(['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237']).optional(),
  lastUpdatedDate: z.number().int(),
  canarySettings: canarySettingsSchema.optional(),
});
export type StageConfig = z.infer<typeof stageConfigSchema>;

/** A token bucket's limits (spec §4.2): bucket size `burstLimit`, refill `rateLimit` tokens per second. */
export const throttleSettingsSchema = z.object({
  burstLimit: z.number().int().min(0),
  rateLimit: z.number().min(0),
});
export type ThrottleSettings = z.infer<typeof throttleSettingsSchema>;

/**
 * An API key as data planes see it: never its value, only its keyed hash — HMAC-SHA256 (hex) under the document's
 * `apiKeyHashKey` — to match `x-api-key` against.
 */
export const apiKeyConfigSchema = z.object({
  id: z.string(),
  valueHash: z.string().regex(/^[0-9a-f]{64}$/),
  enabled: z.boolean(),
});
export type ApiKeyConfig = z.infer<typeof apiKeyConfigSchema>;

export const usagePlanConfigSchema = z.object({
  id: z.string(),
  throttle: throttleSettingsSchema.optional(),
  quota: z
    .object({
      limit: z.number().int().min(0),
      offset: z.number().int().min(0).default(0),
      period: z.enum(['DAY', 'WEEK', 'MONTH']),
      /** Epoch seconds when the quota was set: `offset` applies in the period containing it only. */
      since: z.number().int(),
    })
    .optional(),
  /** Per-method throttles are keyed `{resourcePath}/{VERB}` as in AWS (`//GET` for the root). */
  apiStages: z.array(z.object({ apiId: z.string(), stage: z.string(), throttle: z.record(z.string(), throttleSettingsSchema).default({}) })).default([]),
  keyIds: z.array(z.string()).default([]),
});
export type UsagePlanConfig = z.infer<typeof usagePlanConfigSchema>;

/**
 * A custom domain name and its API mappings (REST base path mappings; later the v2 API mappings too). `basePath`
 * is "" for AWS's `(none)`, else one or more segments without surrounding slashes (`v1`, `v1/orders`); `stage`
 * may be absent only for a mapping that takes the stage from the path (not served yet).
 */
export const domainNameConfigSchema = z.object({
  domainName: z.string(),
  mappings: z.array(z.object({ basePath: z.string(), apiId: z.string(), stage: z.string().optional() })).default([]),
});
export type DomainNameConfig = z.infer<typeof domainNameConfigSchema>;

/** AWS's account-level defaults (spec §0): 10,000 requests per second, burst 5,000. */
export const DEFAULT_ACCOUNT_THROTTLE: ThrottleSettings = { burstLimit: 5000, rateLimit: 10000 };

export const configDocumentSchema = z.object({
  schemaVersion: z.literal(CONFIG_SCHEMA_VERSION),
  /** Content hash of everything below (see `contentHash`); the ETag of the internal config route. */
  revision: z.string(),
  region: z.string(),
  accountId: z.string(),
  stages: z.array(stageConfigSchema),
  /** Every deployment some stage points at, by deployment id. */
  deployments: z.record(z.string(), deploymentSnapshotSchema),
  apiKeys: z.array(apiKeyConfigSchema).default([]),
  /** The HMAC-SHA256 key (32 bytes, base64url) of every `apiKeys[].valueHash`; required when there are keys. */
  apiKeyHashKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/).optional(),
  /**
   * AES-256-GCM key (32 bytes, base64url, derived from the control plane's master key) of stage cache entries of
   * methods with `cacheDataEncrypted`; present when some stage has its cache enabled.
   */
  stageCacheKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/).optional(),
  usagePlans: z.array(usagePlanConfigSchema).default([]),
  account: z.object({ throttleSettings: throttleSettingsSchema }).default({ throttleSettings: DEFAULT_ACCOUNT_THROTTLE }),
  /** IAM principals, derived signing keys and VPC endpoints (AWS_IAM methods, resource policies, private APIs). */
  iam: iamConfigSchema.default(EMPTY_IAM_CONFIG),
  /** Custom domain names: a request whose Host is one of them reaches the mapped API and stage. */
  domainNames: z.array(domainNameConfigSchema).default([]),
  /** REST VPC links with their resolved targets (`VPC_LINK` integrations name them by `connectionId`). */
  vpcLinks: z.array(vpcLinkConfigSchema).default([]),
  /**
   * HTTP APIs (apigatewayv2): one snapshot per stage that has a deployment, ordered by API id then stage name.
   * The smallest addition to this document; config document v2 keys every API by id and supersedes it.
   */
  httpApis: z.array(httpApiSnapshotSchema).default([]),
}).refine((doc) => doc.apiKeys.length === 0 || doc.apiKeyHashKey !== undefined, {
  message: 'apiKeyHashKey is required when apiKeys are listed',
  path: ['apiKeyHashKey'],
});
export type ConfigDocument = z.infer<typeof configDocumentSchema>;
/** A config document as written: members with defaults may be left out. */
export type ConfigDocumentInput = z.input<typeof configDocumentSchema>;

/** Redis channel on which the control plane announces a new config revision (message = the revision). */
export const CONFIG_CHANGED_CHANNEL = 'portico:config-changed';

/** Redis channel of FlushStageAuthorizersCache: message `{"restApiId":"…","stageName":"…"}`; data planes drop that stage's cached authorizer results. */
export const AUTHORIZER_CACHE_FLUSH_CHANNEL = 'portico:authorizer-cache-flush';

/**
 * Redis channel of FlushStageCache and of single-entry invalidations: message `{"restApiId":"…","stageName":"…"}`
 * (the whole stage) or with `"key":"…"` (one entry); data planes drop those entries from their in-process layer.
 */
export const STAGE_CACHE_FLUSH_CHANNEL = 'portico:stage-cache-flush';

/** Prefix of the stage cache's Redis keys: `{prefix}{restApiId}:{stageName}}:…` (one hash tag per stage). */
export const STAGE_CACHE_KEY_PREFIX = 'portico:stage-cache:{';

/** Prefix of authorizer results shared in Redis: `{prefix}{apiId}:{stage}:{authorizerId}:{configHash}:{identityDigest}`. */
export const AUTHORIZER_CACHE_KEY_PREFIX = 'portico:authorizer:';
