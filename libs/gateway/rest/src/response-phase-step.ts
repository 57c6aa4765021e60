import { STAGE_CACHE_KEY_PREFIX, type DeploymentSnapshot, type MethodSnapshot, type StageConfig } from '@portico/contracts';
import { CacheKeyBuilder } from './cache/cache-key.js';
import { MethodCache } from './cache/method-cache.js';
import { methodCacheSettings } from './cache/method-cache-settings.js';
import { stageCachePrefix, type StageCache } from './cache/stage-cache.js';
import { ResponseCompression } from './compression/compress-response.js';
import type { RestStep } from './rest-step.js';

/** What the response phase of a deployment's methods needs (one per deployment compiled for a stage). */
export interface ResponsePhaseContext {
  readonly stage: StageConfig;
  readonly snapshot: DeploymentSnapshot;
  readonly cache: StageCache;
  /** AES-256-GCM key of entries of methods with `cacheDataEncrypted`. */
  readonly encryptionKey: Buffer;
  readonly region: string;
  readonly accountId: string;
  readonly now: () => number;
}

/**
 * The step before a method's integration that sets up its response phase: the stage cache (a hit answers here)
 * and the API's response compression. Undefined — no step, no cost — for a method with neither. The cache's fill
 * decorator goes on before compression's, so the cache keeps the uncompressed answer and every caller gets the
 * coding it asked for, hit or miss.
 */
export function responsePhaseStep(ctx: ResponsePhaseContext, resourceId: string, resourcePath: string, verb: string, method: MethodSnapshot): RestStep | undefined {
  const minimum = ctx.snapshot.api.minimumCompressionSize;
  const compression = minimum === undefined || minimum === null ? undefined : new ResponseCompression(minimum);
  const settings = methodCacheSettings(ctx.stage, resourcePath, verb);
  if (!settings) return compression ? (invocation) => void compression.decorate(invocation) : undefined;
  const integration = method.methodIntegration;
  const keys = new CacheKeyBuilder(
    stageCachePrefix(STAGE_CACHE_KEY_PREFIX, ctx.stage.restApiId, ctx.stage.stageName),
    ctx.stage.deploymentId,
    integration.cacheNamespace ?? resourceId,
    verb,
    integration.cacheKeyParameters,
  );
  const cache = new MethodCache(
    settings,
    keys,
    ctx.cache,
    settings.dataEncrypted ? ctx.encryptionKey : undefined,
    { scope: { region: ctx.region, accountId: ctx.accountId, apiId: ctx.stage.restApiId }, stageName: ctx.stage.stageName },
    ctx.now,
  );
  return (invocation) => cache.run(invocation, compression);
}
