import { badRequest, conflict, notFound } from '@portico/contracts';
import type { Db } from '../../common/lookups.js';
import { InputValidator, read, serializationError } from '../../common/validation.js';
import { apiStagesOf, type ApiStageWire, type QuotaWire, type ThrottleWire } from './usage-plan.wire.js';
import { LIMITS, checkMaxLength } from '../../common/limits.js';
import { ADMIN_ERRORS } from '../../common/admin-errors.js';

export const quotaPeriods = ['DAY', 'WEEK', 'MONTH'] as const;

export function readThrottle(obj: Record<string, unknown>, key: string, member: string): ThrottleWire | undefined {
  const t = read.object(obj, key, member);
  if (t === undefined) return undefined;
  const throttle: ThrottleWire = {};
  const burstLimit = read.integer(t, 'burstLimit', `${member}.burstLimit`);
  const rateLimit = read.number(t, 'rateLimit', `${member}.rateLimit`);
  if (burstLimit !== undefined) throttle.burstLimit = burstLimit;
  if (rateLimit !== undefined) throttle.rateLimit = rateLimit;
  assertThrottle(throttle);
  return throttle;
}

/** Names, descriptions and product codes within LIMITS (AWS refuses megabyte members; so does the database). */
export function assertUsagePlanStrings(plan: { name?: string | null; description?: string | null; productCode?: string | null }): void {
  if (plan.name === '') throw badRequest('Usage plan name must be non-empty');
  checkMaxLength(plan.name, LIMITS.name, 'name');
  checkMaxLength(plan.description, LIMITS.description, 'description');
  checkMaxLength(plan.productCode, LIMITS.name, 'productCode');
}

export function assertThrottle(t: ThrottleWire): void {
  if ((t.burstLimit ?? 0) < 0 || (t.rateLimit ?? 0) < 0) throw badRequest(ADMIN_ERRORS.negativeThrottle);
}

export function readQuota(obj: Record<string, unknown>, validator: InputValidator): QuotaWire | undefined {
  const q = read.object(obj, 'quota');
  if (q === undefined) return undefined;
  const limit = read.integer(q, 'limit', 'quota.limit') ?? 0;
  const offset = read.integer(q, 'offset', 'quota.offset') ?? 0;
  const period = validator.enumValue(read.string(q, 'period', 'quota.period'), 'quota.period', quotaPeriods);
  validator.required(q.period as string | undefined, 'quota.period');
  validator.check();
  const quota: QuotaWire = { limit, offset, period: period ?? 'DAY' };
  assertQuota(quota);
  return quota;
}

export function assertQuota(q: QuotaWire): void {
  if (q.limit < 0) throw badRequest('Quota limit must not be negative');
  if (q.offset < 0 || (q.limit > 0 && q.offset >= q.limit)) throw badRequest('Quota offset must be between 0 and the limit');
}

export function readApiStages(obj: Record<string, unknown>): ApiStageWire[] {
  const raw = obj.apiStages;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw serializationError(raw, 'List', 'apiStages');
  return raw.map((entry: unknown, i) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw serializationError(entry, 'Structure', `apiStages.${i + 1}.member`);
    const e = entry as Record<string, unknown>;
    const apiId = read.string(e, 'apiId', `apiStages.${i + 1}.member.apiId`);
    const stage = read.string(e, 'stage', `apiStages.${i + 1}.member.stage`);
    if (!apiId || !stage) throw badRequest(ADMIN_ERRORS.invalidApiStage);
    const throttleRaw = read.object(e, 'throttle', `apiStages.${i + 1}.member.throttle`) ?? {};
    const throttle: Record<string, ThrottleWire> = {};
    // The keys' form depends on the stage's API (method keys or WebSocket route keys): assertThrottleKeys checks them.
    for (const methodKey of Object.keys(throttleRaw)) {
      throttle[methodKey] = readThrottle(throttleRaw, methodKey, `apiStages.${i + 1}.member.throttle.${methodKey}`) ?? {};
    }
    return { apiId, stage, throttle };
  });
}

/** A per-method throttle key is `{resourcePath}/{VERB}`: the path starts with `/` (`//GET` is the root). */
export function assertMethodKey(methodKey: string): void {
  if (!/^\/.*\/([A-Z]+|\*)$/.test(methodKey)) throw badRequest(`Invalid method throttle key specified: ${methodKey}`);
}

/**
 * A WebSocket stage's per-route throttle key (`apiStages[].throttle`, keyed by route key as a REST stage's is by
 * `{resourcePath}/{VERB}` [I: AWS documents only the REST form]): `$connect`, `$default` or a custom route key.
 * `$disconnect` is never throttled (spec websocket §9), so a limit on it would be a silent no-op: refused.
 */
export function assertRouteThrottleKey(routeKey: string): void {
  if (routeKey === '' || routeKey.length > 128 || (routeKey.startsWith('$') && routeKey !== '$connect' && routeKey !== '$default')) {
    throw badRequest(`Invalid method throttle key specified: ${routeKey}. A WebSocket stage's throttle keys are route keys: $connect, $default or a custom route key`);
  }
}

/** Whether a plan's API stage is a REST API stage or a WebSocket API stage (undefined: no longer exists). */
async function stageKindOf(db: Db, s: ApiStageWire): Promise<'REST' | 'WEBSOCKET' | undefined> {
  if (await db.stage.findUnique({ where: { restApiId_stageName: { restApiId: s.apiId, stageName: s.stage } } })) return 'REST';
  if (await db.v2Stage.findFirst({ where: { apiId: s.apiId, stageName: s.stage, api: { protocolType: 'WEBSOCKET' } } })) return 'WEBSOCKET';
  return undefined;
}

/**
 * The per-method throttle keys of every stage, in its API's form: `{resourcePath}/{VERB}` on a REST stage, a route
 * key on a WebSocket stage; a stage deleted since it was added keeps whatever key is valid in either form.
 */
export async function assertThrottleKeys(db: Db, stages: readonly ApiStageWire[]): Promise<void> {
  for (const s of stages) {
    const keys = Object.keys(s.throttle ?? {});
    if (keys.length === 0) continue;
    const kind = await stageKindOf(db, s);
    for (const key of keys) {
      if (kind === 'WEBSOCKET') assertRouteThrottleKey(key);
      else if (kind === 'REST' || key.startsWith('/')) assertMethodKey(key);
      else assertRouteThrottleKey(key);
    }
  }
}

/**
 * Every API stage must exist (spec §1.4: 404 with AWS's text): a REST API stage, or a stage of a WebSocket API
 * (`/v2`, whose `apiKeyRequired` routes are checked against usage plans too); HTTP APIs have no usage plans.
 */
export async function assertApiStagesExist(db: Db, planId: string, stages: readonly ApiStageWire[]): Promise<void> {
  for (const s of stages) {
    if (!(await stageKindOf(db, s))) throw notFound(`Invalid API Stage {api: ${s.apiId}, stage: ${s.stage}} specified for usageplan ${planId}`);
  }
}

/**
 * A key may be in several plans but in at most one plan per API stage (spec §4.1), so that (key, api, stage)
 * names exactly one plan. Checks `keyIds` against every other plan sharing a stage with `stages`.
 */
export async function assertNoStageOverlap(db: Db, planId: string, stages: readonly ApiStageWire[], keyIds: readonly string[]): Promise<void> {
  if (keyIds.length === 0 || stages.length === 0) return;
  const others = await db.usagePlan.findMany({
    where: { id: { not: planId }, keys: { some: { apiKeyId: { in: [...keyIds] } } } },
    include: { keys: { where: { apiKeyId: { in: [...keyIds] } } } },
  });
  for (const other of others) {
    for (const s of apiStagesOf(other)) {
      if (!stages.some((mine) => mine.apiId === s.apiId && mine.stage === s.stage)) continue;
      const keyId = other.keys[0]?.apiKeyId ?? keyIds[0];
      throw conflict(
        `Usage Plan ${planId} cannot be added because API Key ${keyId} cannot reference multiple Usage Plans with the same API Stage: ${s.apiId}:${s.stage}`,
      );
    }
  }
}
