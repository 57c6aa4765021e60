import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import type { ConfigDocument, MethodSetting, ThrottleSettings } from '@portico/contracts';
import {
  DEFAULT_THROTTLE_KEY_PREFIX,
  LocalThrottleStore,
  ThrottleKeys,
  type BucketSpec,
  type QuotaSpec,
  type ThrottleRequest,
  type ThrottleStore,
  type Verdict,
} from '@portico/engine-throttling';
import type { TrailStep } from '@portico/gateway-core';
import { refusal, type Refusal } from './refusal.js';

/** What the guard answers instead of continuing: AWS's gateway response types (spec §4). */
export type UsageDenial = 'INVALID_API_KEY' | 'THROTTLED' | 'QUOTA_EXCEEDED';

/** The request facts the guard reads and the `$context.identity.apiKey*` it sets. */
export interface GuardedRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** `usageIdentifierKey` returned by a Lambda authorizer (apiKeySource AUTHORIZER). */
  usageIdentifierKey?: string;
  apiKey?: string;
  apiKeyId?: string;
}

/** An enabled key of a plan that covers one API stage: everything its requests must be granted. */
interface StageKey {
  readonly keyId: string;
  readonly planId: string;
  readonly planBucket: BucketSpec | undefined;
  /** Per-method plan throttles, by AWS's `{resourcePath}/{VERB}` key. */
  readonly methodBuckets: ReadonlyMap<string, BucketSpec>;
  readonly quota: QuotaSpec | undefined;
  readonly usageKey: string;
}

/** Per-config tables: the account bucket and, per API stage, its keys by the keyed hash of their value. */
export interface UsagePlanTables {
  readonly keys: ThrottleKeys;
  readonly account: BucketSpec;
  readonly stageKeys: ReadonlyMap<string, ReadonlyMap<string, StageKey>>;
  /** HMAC-SHA256 (hex) of a presented key value under the document's `apiKeyHashKey`; undefined without keys. */
  readonly hashValue: (value: string) => string | undefined;
}

/** The throttle level of each compiled bucket (the decision trail names the level that refused). */
const levels = new WeakMap<BucketSpec, string>();
const bucket = (key: string, t: ThrottleSettings, level: string): BucketSpec => {
  const spec = { key, capacity: t.burstLimit, rate: t.rateLimit };
  levels.set(spec, level);
  return spec;
};
const stageId = (apiId: string, stage: string): string => `${apiId}\u0000${stage}`;

/**
 * Compiles the config's keys and plans once per revision. Only enabled keys of plans that list an API stage
 * are entered for it: a missing, unknown, disabled or not-in-plan key is simply not found (403 either way).
 * The document holds keyed key hashes only, never values.
 */
export function compileUsagePlanTables(doc: ConfigDocument, accountId: string, keys = new ThrottleKeys(DEFAULT_THROTTLE_KEY_PREFIX, accountId)): UsagePlanTables {
  const keyInfo = new Map(doc.apiKeys.map((k) => [k.id, k]));
  const stageKeys = new Map<string, Map<string, StageKey>>();
  for (const plan of doc.usagePlans) {
    for (const keyId of plan.keyIds) {
      const info = keyInfo.get(keyId);
      if (!info?.enabled) continue;
      const quota: QuotaSpec | undefined = plan.quota && {
        key: keys.quota(plan.id, keyId),
        usageKey: keys.usage(plan.id, keyId),
        limit: plan.quota.limit,
        offset: plan.quota.offset,
        period: plan.quota.period,
        firstPeriodStartMs: plan.quota.since * 1000,
      };
      const planBucket = plan.throttle && bucket(keys.planKey(plan.id, keyId), plan.throttle, 'usage-plan');
      for (const apiStage of plan.apiStages) {
        const methodBuckets = new Map<string, BucketSpec>();
        for (const [methodKey, t] of Object.entries(apiStage.throttle)) {
          methodBuckets.set(methodKey, bucket(keys.planKeyMethod(plan.id, keyId, apiStage.apiId, apiStage.stage, methodKey), t, 'usage-plan-method'));
        }
        const id = stageId(apiStage.apiId, apiStage.stage);
        let table = stageKeys.get(id);
        if (!table) stageKeys.set(id, (table = new Map()));
        table.set(info.valueHash, { keyId, planId: plan.id, planBucket, methodBuckets, quota, usageKey: keys.usage(plan.id, keyId) });
      }
    }
  }
  return { keys, account: bucket(keys.account(), doc.account.throttleSettings, 'account'), stageKeys, hashValue: valueHasher(doc.apiKeyHashKey) };
}

export interface MethodGuardInput {
  apiId: string;
  stageName: string;
  /** The resource path (`/pets/{id}`) and the verb the method is configured under (`GET`, `ANY`). */
  resourcePath: string;
  verb: string;
  apiKeyRequired: boolean;
  apiKeySource: 'HEADER' | 'AUTHORIZER';
  methodSettings: Readonly<Record<string, MethodSetting>>;
}

let defaultStore: ThrottleStore | undefined;
/** Without a store from the app (tests, embedding), one in-process store serves every config revision. */
export function processThrottleStore(): ThrottleStore {
  return (defaultStore ??= new LocalThrottleStore());
}

/**
 * What one guarded REST method or WebSocket route takes tokens from: its stage-level buckets (most specific first,
 * ending with the account bucket), the usage-plan per-method throttle key of its keys, and whether it needs a key.
 */
export interface GuardScope {
  readonly apiId: string;
  readonly stageName: string;
  /** The key of a usage plan's per-method throttle (`apiStages[].throttle`): `/pets/GET`, or a WebSocket route key. */
  readonly planMethodKey: string;
  readonly stageBuckets: readonly BucketSpec[];
  /** The throttle request id of key-less requests (unique per method or route). */
  readonly keylessId: string;
  readonly apiKeyRequired: boolean;
}

/**
 * The key check and the token from every bucket that applies, most specific first (spec §4.2): plan per key per
 * method, plan per key, then the scope's stage buckets. The quota, when the key's plan has one, is taken in the same
 * decision. Shared by REST methods (MethodGuard) and WebSocket routes.
 */
export class KeyGuard {
  private readonly keyless: ThrottleRequest;
  private readonly stageKeys: ReadonlyMap<string, StageKey> | undefined;
  private readonly perKey = new Map<string, ThrottleRequest>();

  constructor(
    private readonly scope: GuardScope,
    private readonly tables: UsagePlanTables,
    private readonly store: ThrottleStore,
  ) {
    this.keyless = { id: scope.keylessId, buckets: [...scope.stageBuckets] };
    this.stageKeys = tables.stageKeys.get(stageId(scope.apiId, scope.stageName));
  }

  get apiKeyRequired(): boolean {
    return this.scope.apiKeyRequired;
  }

  /**
   * Undefined to continue; a denial otherwise. `onKey(target, value, keyId)` learns the key that was accepted (a
   * static function and its target: nothing is allocated per request). Synchronous when the store can decide at once.
   */
  check<T>(value: unknown, onKey?: (target: T, value: string, keyId: string) => void, target?: T): UsageDenial | undefined | Promise<UsageDenial | undefined> {
    return this.decide(value, denialOf, 'INVALID_API_KEY', 'INVALID_API_KEY', onKey, target);
  }

  decide<D, T>(
    value: unknown,
    answer: (verdict: Verdict, throttle: ThrottleRequest) => D | undefined,
    missingKey: D,
    invalidKey: D,
    onKey?: (target: T, value: string, keyId: string) => void,
    target?: T,
  ): D | undefined | Promise<D | undefined> {
    let throttle = this.keyless;
    if (this.scope.apiKeyRequired) {
      if (typeof value !== 'string' || value === '') return missingKey;
      // Exact match of the value as received (AWS trims nothing; HTTP's optional whitespace around a header value
      // is not part of it and never reaches here), through its keyed hash.
      const digest = this.stageKeys && this.tables.hashValue(value);
      const key = digest === undefined ? undefined : this.stageKeys?.get(digest);
      if (!key) return invalidKey;
      onKey?.(target as T, value, key.keyId);
      throttle = this.perKey.get(key.keyId) ?? this.keyRequest(key);
    }
    const verdict = this.store.decide(throttle);
    return verdict instanceof Promise ? verdict.then((v) => answer(v, throttle)) : answer(verdict, throttle);
  }

  private keyRequest(key: StageKey): ThrottleRequest {
    const buckets: BucketSpec[] = [];
    const method = key.methodBuckets.get(this.scope.planMethodKey);
    if (method) buckets.push(method);
    if (key.planBucket) buckets.push(key.planBucket);
    buckets.push(...this.scope.stageBuckets);
    const request: ThrottleRequest = {
      id: `k:${key.planId}:${key.keyId}:${this.scope.apiId}:${this.scope.stageName}:${this.scope.planMethodKey}`,
      buckets,
      quota: key.quota,
      usageKey: key.usageKey,
    };
    this.perKey.set(key.keyId, request);
    owners.set(request, { apiKeyId: key.keyId, usagePlanId: key.planId });
    return request;
  }
}

/**
 * A WebSocket route's guard (spec aws-apigatewayv2-websocket.md §6, §9): the route's own `routeSettings` throttle,
 * the stage's `defaultRouteSettings` throttle, the account bucket; usage-plan keys when the route requires one.
 */
export function websocketRouteGuard(
  input: { apiId: string; stageName: string; routeKey: string; apiKeyRequired: boolean; route: MethodSetting | undefined; stageDefault: MethodSetting | undefined },
  tables: UsagePlanTables,
  store: ThrottleStore,
): KeyGuard {
  const stageBuckets = stageBucketsOf(tables, input.apiId, input.stageName, input.routeKey, input.route, input.stageDefault);
  return new KeyGuard(
    { apiId: input.apiId, stageName: input.stageName, planMethodKey: input.routeKey, stageBuckets, keylessId: `w:${input.apiId}:${input.stageName}:${input.routeKey}`, apiKeyRequired: input.apiKeyRequired },
    tables,
    store,
  );
}

/** One REST method's usage-plan step: its API key source and method settings, on a KeyGuard. */
export class MethodGuard {
  private readonly guard: KeyGuard;

  constructor(
    private readonly input: MethodGuardInput,
    tables: UsagePlanTables,
    store: ThrottleStore,
  ) {
    const { apiId, stageName, resourcePath, verb, methodSettings } = input;
    // methodSettings keys drop the resource path's leading slash (`pets/GET`); usage-plan keys keep it (`/pets/GET`).
    const settingsKey = `${resourcePath.slice(1)}/${verb}`;
    const stageBuckets = stageBucketsOf(tables, apiId, stageName, settingsKey, methodSettings[settingsKey], methodSettings['*/*']);
    this.guard = new KeyGuard(
      { apiId, stageName, planMethodKey: `${resourcePath}/${verb}`, stageBuckets, keylessId: `m:${apiId}:${stageName}:${settingsKey}`, apiKeyRequired: input.apiKeyRequired },
      tables,
      store,
    );
  }

  /** Undefined to continue; a denial otherwise. Synchronous when the store can decide at once. */
  check(request: GuardedRequest): UsageDenial | undefined | Promise<UsageDenial | undefined> {
    return this.guard.decide(this.keyOf(request), denialOf, 'INVALID_API_KEY', 'INVALID_API_KEY', acceptKey, request);
  }

  /** `check` as a step of the method's plan: the denial as the refusal the stage renders. */
  run(request: GuardedRequest): Refusal | undefined | Promise<Refusal | undefined> {
    return this.guard.decide(this.keyOf(request), refusalOf, API_KEY_MISSING, API_KEY_INVALID, acceptKey, request);
  }

  private keyOf(request: GuardedRequest): unknown {
    if (!this.input.apiKeyRequired) return undefined;
    return this.input.apiKeySource === 'AUTHORIZER' ? request.usageIdentifierKey : request.headers['x-api-key'];
  }
}

/** `$context.identity.apiKey` and `.apiKeyId` of a request whose key was accepted. */
function acceptKey(request: GuardedRequest, value: string, keyId: string): void {
  request.apiKey = value;
  request.apiKeyId = keyId;
}

/**
 * A method's or route's stage-level buckets, most specific first: its own throttle (`methodSettings[key]` /
 * `routeSettings[key]`), the stage default (`methodSettings` of all methods / `defaultRouteSettings`), then the account bucket.
 */
function stageBucketsOf(tables: UsagePlanTables, apiId: string, stageName: string, key: string, own: MethodSetting | undefined, stageDefault: MethodSetting | undefined): BucketSpec[] {
  const buckets: BucketSpec[] = [];
  const ownThrottle = throttleOf(own);
  if (ownThrottle) buckets.push(bucket(tables.keys.stageMethod(apiId, stageName, key), ownThrottle, 'stage-method'));
  const defaultThrottle = throttleOf(stageDefault);
  if (defaultThrottle) buckets.push(bucket(tables.keys.stage(apiId, stageName), defaultThrottle, 'stage'));
  buckets.push(tables.account);
  return buckets;
}

function throttleOf(setting: MethodSetting | undefined): ThrottleSettings | undefined {
  if (!setting || (setting.throttlingBurstLimit === undefined && setting.throttlingRateLimit === undefined)) return undefined;
  return { burstLimit: setting.throttlingBurstLimit ?? 5000, rateLimit: setting.throttlingRateLimit ?? 10000 };
}

function denialOf(verdict: Verdict): UsageDenial | undefined {
  return verdict === 'allowed' ? undefined : verdict === 'throttled' ? 'THROTTLED' : 'QUOTA_EXCEEDED';
}

const API_KEY_MISSING = refusal('INVALID_API_KEY', {
  trail: { step: 'api-key', outcome: 'refused', decision: 'API_KEY_MISSING', reason: 'the method requires an API key and the request carries none' },
});
const API_KEY_INVALID = refusal('INVALID_API_KEY', {
  trail: { step: 'api-key', outcome: 'refused', decision: 'API_KEY_INVALID', reason: 'the API key is unknown, disabled, or in no usage plan of this stage' },
});

/** Decision codes of the throttle levels (`THROTTLED_STAGE`, …). */
const THROTTLED_CODES: Record<string, string> = {
  'usage-plan-method': 'THROTTLED_USAGE_PLAN_METHOD',
  'usage-plan': 'THROTTLED_USAGE_PLAN',
  'stage-method': 'THROTTLED_METHOD',
  stage: 'THROTTLED_STAGE',
  account: 'THROTTLED_ACCOUNT',
};

/** The key and plan a per-key throttle request is for (ids only, never the key's value). */
const owners = new WeakMap<ThrottleRequest, { apiKeyId: string; usagePlanId: string }>();

/** One refusal per throttle request and verdict, built on its first refusal (never per request). */
const throttleRefusals = new WeakMap<ThrottleRequest, { throttled?: Refusal; quota?: Refusal }>();

function refusalOf(verdict: Verdict, throttle: ThrottleRequest): Refusal | undefined {
  if (verdict === 'allowed') return undefined;
  let known = throttleRefusals.get(throttle);
  if (!known) throttleRefusals.set(throttle, (known = {}));
  if (verdict === 'throttled') return (known.throttled ??= refusal('THROTTLED', { trail: throttledTrail(throttle) }));
  return (known.quota ??= refusal('QUOTA_EXCEEDED', { trail: quotaTrail(throttle) }));
}

/**
 * The store takes a token from every bucket at once and answers only "throttled": the trail names the tightest
 * bucket (lowest rate, then lowest burst) as the level that refused, and lists every limit that applied.
 */
function throttledTrail(throttle: ThrottleRequest): TrailStep {
  const limits = throttle.buckets.map((b) => ({ level: levels.get(b) ?? 'unknown', rateLimit: b.rate, burstLimit: b.capacity }));
  let tightest = limits[0];
  for (const l of limits) if (l.rateLimit < tightest.rateLimit || (l.rateLimit === tightest.rateLimit && l.burstLimit < tightest.burstLimit)) tightest = l;
  return {
    step: 'throttle',
    outcome: 'refused',
    decision: THROTTLED_CODES[tightest.level] ?? 'THROTTLED',
    level: tightest.level,
    rateLimit: tightest.rateLimit,
    burstLimit: tightest.burstLimit,
    limits,
    ...owners.get(throttle),
  };
}

function quotaTrail(throttle: ThrottleRequest): TrailStep {
  const quota = throttle.quota;
  return {
    step: 'quota',
    outcome: 'refused',
    decision: 'QUOTA_EXCEEDED',
    level: 'usage-plan',
    ...owners.get(throttle),
    ...(quota ? { quotaLimit: quota.limit, quotaPeriod: quota.period } : {}),
  };
}

/**
 * The per-config hasher: the HMAC key is imported once per config revision, never per request. Key values repeat
 * across requests, so their digests are remembered: bounded, and cleared whole when full (a flood of random keys
 * costs one HMAC each, as without the cache).
 */
function valueHasher(hashKey: string | undefined): (value: string) => string | undefined {
  if (hashKey === undefined) return () => undefined;
  const key: KeyObject = createSecretKey(Buffer.from(hashKey, 'base64url'));
  const digests = new Map<string, string>();
  return (value) => {
    let digest = digests.get(value);
    if (digest === undefined) {
      digest = createHmac('sha256', key).update(value, 'utf8').digest('hex');
      if (digests.size >= 10_000) digests.clear();
      digests.set(value, digest);
    }
    return digest;
  };
}
