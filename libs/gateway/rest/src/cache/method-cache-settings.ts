import type { MethodSetting, StageConfig } from '@portico/contracts';

/** How a method's unauthorised `Cache-Control: max-age=0` is answered (MethodSetting's enum). */
export type UnauthorizedCacheControlStrategy = 'FAIL_WITH_403' | 'SUCCEED_WITH_RESPONSE_HEADER' | 'SUCCEED_WITHOUT_RESPONSE_HEADER';

/** One method's stage-cache settings, resolved once per config revision. */
export interface MethodCacheSettings {
  readonly ttlMs: number;
  /** An ANY method cached by the GET default: only its GET requests are (AWS: "only GET methods" by default). */
  readonly onlyGet: boolean;
  readonly dataEncrypted: boolean;
  readonly requireAuthorizationForCacheControl: boolean;
  readonly unauthorizedStrategy: UnauthorizedCacheControlStrategy;
  /** The stage's byte budget in the shared store (from `cacheClusterSize`). */
  readonly capacityBytes: number;
}

const GIB = 1024 ** 3;
const STRATEGIES: readonly string[] = ['FAIL_WITH_403', 'SUCCEED_WITH_RESPONSE_HEADER', 'SUCCEED_WITHOUT_RESPONSE_HEADER'];

/**
 * A method's cache settings, or undefined when the method is not cached. Precedence (AWS's): the method's own
 * settings key (`pets/GET`) when it exists, then the stage-wide `*\/*`, then the documented defaults — with the
 * stage cache enabled only GET is cached unless a setting says otherwise; TTL 300 s; `cacheTtlInSeconds` 0 means no
 * caching; invalidation needs authorization and an unauthorised one is ignored with a warning header.
 * AWS materialises every field of a key the first time any of it is written, so a key that exists decides.
 */
export function methodCacheSettings(stage: StageConfig, resourcePath: string, verb: string): MethodCacheSettings | undefined {
  if (!stage.cacheClusterEnabled) return undefined;
  const own: MethodSetting | undefined = stage.methodSettings[`${resourcePath.slice(1)}/${verb}`];
  const all: MethodSetting | undefined = stage.methodSettings['*/*'];
  const pick = <K extends keyof MethodSetting>(field: K): MethodSetting[K] | undefined => own?.[field] ?? all?.[field];
  const explicit = pick('cachingEnabled');
  const enabled = explicit ?? (verb === 'GET' || verb === 'ANY');
  const ttl = pick('cacheTtlInSeconds') ?? 300;
  if (!enabled || ttl <= 0) return undefined;
  const strategy = pick('unauthorizedCacheControlHeaderStrategy');
  return {
    ttlMs: Math.min(ttl, 3600) * 1000,
    onlyGet: explicit === undefined && verb === 'ANY',
    dataEncrypted: pick('cacheDataEncrypted') ?? false,
    requireAuthorizationForCacheControl: pick('requireAuthorizationForCacheControl') ?? true,
    unauthorizedStrategy: strategy !== undefined && STRATEGIES.includes(strategy) ? (strategy as UnauthorizedCacheControlStrategy) : 'SUCCEED_WITH_RESPONSE_HEADER',
    capacityBytes: Math.round(Number(stage.cacheClusterSize ?? '0.5') * GIB),
  };
}
