import { badRequest } from '@portico/contracts';
import { patchValue, type PatchContext, type PatchRule } from '../../common/patch-operations.js';
import { assertQuota, assertThrottle, assertUsagePlanStrings, quotaPeriods } from './usage-plan.rules.js';
import type { ApiStageWire, QuotaWire, ThrottleWire } from './usage-plan.wire.js';
import { ADMIN_ERRORS } from '../../common/admin-errors.js';

export interface UsagePlanPatch {
  name: string;
  description: string | null;
  productCode: string | null;
  throttle: ThrottleWire | null;
  quota: QuotaWire | null;
  apiStages: ApiStageWire[];
  /** Set when the quota changed: its offset then applies from the current period. */
  quotaChanged: boolean;
}

function quotaOf(t: UsagePlanPatch): QuotaWire {
  t.quotaChanged = true;
  return (t.quota ??= { limit: 0, offset: 0, period: 'DAY' });
}

/** `{apiId}:{stage}` (spec §1.4); anything else is AWS's 400. */
function parseApiStage(text: string | undefined): { apiId: string; stage: string } {
  const m = /^([^:]+):(.+)$/.exec(text ?? '');
  if (!m) throw badRequest(ADMIN_ERRORS.invalidApiStage);
  return { apiId: m[1], stage: m[2] };
}

function stageOf(t: UsagePlanPatch, ctx: PatchContext): ApiStageWire {
  const { apiId, stage } = parseApiStage(ctx.params[0]);
  const found = t.apiStages.find((s) => s.apiId === apiId && s.stage === stage);
  if (!found) throw badRequest(ADMIN_ERRORS.namedApiStageNotFound(apiId, stage));
  return found;
}

/**
 * The rest of `/apiStages/{apiId}:{stage}/throttle/{resourcePath}/{VERB}[/{field}]`, in any of the spellings
 * clients send (`~1pets`, `/pets` giving an empty segment, or plain `pets`), as the AWS key `/pets/GET`; one
 * segment alone that is not a verb is a WebSocket stage's route key (`…/throttle/sendmessage/rateLimit` [I]). The key's form is
 * checked against the stage's API when the plan is written (assertThrottleKeys).
 */
function methodKeyOf(rest: string, withField: boolean): { methodKey: string; field?: string } {
  const parts = rest.split('/');
  const field = withField ? parts.pop() : undefined;
  // A lone verb (`…/throttle/GET/rateLimit`) is still the REST root `//GET`, as before route keys were taken here.
  if (parts.length === 1 && parts[0] !== '' && !/^([A-Z]+|\*)$/.test(parts[0])) return { methodKey: parts[0], field };
  const verb = parts.pop() ?? '';
  let path = parts.join('/').replace(/\/{2,}/g, '/');
  if (!path.startsWith('/')) path = `/${path}`;
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return { methodKey: `${path}/${verb}`, field };
}

export const USAGE_PLAN_PATCH_RULES: PatchRule<UsagePlanPatch>[] = [
  { ops: ['replace'], path: '/name', apply: (t, c) => void (t.name = patchValue.nonEmpty(c)) },
  { ops: ['replace'], path: '/description', apply: (t, c) => void (t.description = c.value ?? null) },
  { ops: ['replace'], path: '/productCode', apply: (t, c) => void (t.productCode = c.value ?? null) },
  { ops: ['replace'], path: '/throttle/rateLimit', apply: (t, c) => void ((t.throttle ??= {}).rateLimit = patchValue.number(c)) },
  { ops: ['replace'], path: '/throttle/burstLimit', apply: (t, c) => void ((t.throttle ??= {}).burstLimit = patchValue.integer(c)) },
  { ops: ['remove'], path: '/throttle', apply: (t) => void (t.throttle = null) },
  { ops: ['replace'], path: '/quota/limit', apply: (t, c) => void (quotaOf(t).limit = patchValue.integer(c)) },
  { ops: ['replace'], path: '/quota/offset', apply: (t, c) => void (quotaOf(t).offset = patchValue.integer(c)) },
  {
    ops: ['replace'],
    path: '/quota/period',
    apply: (t, c) => {
      const period = patchValue.required(c);
      if (!(quotaPeriods as readonly string[]).includes(period)) throw badRequest(`Invalid quota period specified: ${period}. Must be one of: DAY, WEEK, MONTH`);
      quotaOf(t).period = period as QuotaWire['period'];
    },
  },
  {
    ops: ['remove'],
    path: '/quota',
    apply: (t) => {
      t.quota = null;
      t.quotaChanged = true;
    },
  },
  {
    ops: ['add'],
    path: '/apiStages',
    apply: (t, c) => {
      const { apiId, stage } = parseApiStage(c.value);
      if (!t.apiStages.some((s) => s.apiId === apiId && s.stage === stage)) t.apiStages.push({ apiId, stage, throttle: {} });
    },
  },
  {
    ops: ['remove'],
    path: '/apiStages',
    apply: (t, c) => {
      const { apiId, stage } = parseApiStage(c.value);
      const before = t.apiStages.length;
      t.apiStages = t.apiStages.filter((s) => !(s.apiId === apiId && s.stage === stage));
      if (t.apiStages.length === before) throw badRequest(ADMIN_ERRORS.namedApiStageNotFound(apiId, stage));
    },
  },
  {
    ops: ['replace'],
    path: '/apiStages/*/throttle',
    apply: (t, c) => {
      const s = stageOf(t, c);
      let parsed: unknown;
      try {
        parsed = JSON.parse(patchValue.required(c));
      } catch {
        throw badRequest(ADMIN_ERRORS.invalidThrottleMap);
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw badRequest(ADMIN_ERRORS.invalidThrottleMap);
      const throttle: Record<string, ThrottleWire> = {};
      for (const [key, value] of Object.entries(parsed as Record<string, ThrottleWire>)) {
        const entry: ThrottleWire = {};
        if (typeof value?.burstLimit === 'number') entry.burstLimit = value.burstLimit;
        if (typeof value?.rateLimit === 'number') entry.rateLimit = value.rateLimit;
        assertThrottle(entry);
        throttle[key] = entry;
      }
      s.throttle = throttle;
    },
  },
  { ops: ['remove'], path: '/apiStages/*/throttle', apply: (t, c) => void (stageOf(t, c).throttle = {}) },
  {
    ops: ['replace'],
    path: '/apiStages/*/throttle/**',
    display: '/apiStages/{apiId}:{stage}/throttle/{resourcePath}/{httpMethod}/rateLimit|burstLimit',
    apply: (t, c) => {
      const s = stageOf(t, c);
      const { methodKey, field } = methodKeyOf(c.params[1], true);
      const entry = ((s.throttle ??= {})[methodKey] ??= {});
      if (field === 'rateLimit') entry.rateLimit = patchValue.number(c);
      else if (field === 'burstLimit') entry.burstLimit = patchValue.integer(c);
      else throw badRequest(ADMIN_ERRORS.invalidPatchPath(c.path));
      assertThrottle(entry);
    },
  },
  {
    ops: ['remove'],
    path: '/apiStages/*/throttle/**',
    apply: (t, c) => {
      const s = stageOf(t, c);
      const { methodKey } = methodKeyOf(c.params[1], false);
      if (s.throttle) delete s.throttle[methodKey];
    },
  },
];

export function finishPatch(t: UsagePlanPatch): void {
  assertUsagePlanStrings(t);
  if (t.throttle) assertThrottle(t.throttle);
  if (t.quota) assertQuota(t.quota);
}
