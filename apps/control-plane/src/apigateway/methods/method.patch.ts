import { patchValue, type PatchRule } from '../../common/patch-operations.js';
import type { MethodState } from './method-state.js';

const replace = ['replace'] as const;
const mapOps = ['add', 'remove', 'replace'] as const;

/** UpdateMethod's allowed paths (spec §1.4). */
export const methodPatchRules: PatchRule<MethodState>[] = [
  { ops: replace, path: '/authorizationType', apply: (m, ctx) => void (m.authorizationType = patchValue.required(ctx)) },
  { ops: replace, path: '/authorizerId', apply: (m, ctx) => void (m.authorizerId = ctx.value || null) },
  { ops: replace, path: '/apiKeyRequired', apply: (m, ctx) => void (m.apiKeyRequired = patchValue.boolean(ctx)) },
  { ops: replace, path: '/operationName', apply: (m, ctx) => void (m.operationName = ctx.value || null) },
  { ops: replace, path: '/requestValidatorId', apply: (m, ctx) => void (m.requestValidatorId = ctx.value || null) },
  {
    ops: mapOps,
    path: '/requestParameters/*',
    display: '/requestParameters/{parameter}',
    apply(m, ctx) {
      const { [ctx.params[0]]: _removed, ...rest } = m.requestParameters;
      m.requestParameters = ctx.op === 'remove' ? rest : { ...rest, [ctx.params[0]]: ctx.value === undefined ? false : patchValue.boolean(ctx) };
    },
  },
  {
    ops: mapOps,
    path: '/requestModels/*',
    display: '/requestModels/{contentType}',
    apply(m, ctx) {
      const { [ctx.params[0]]: _removed, ...rest } = m.requestModels;
      m.requestModels = ctx.op === 'remove' ? rest : { ...rest, [ctx.params[0]]: patchValue.required(ctx) };
    },
  },
  {
    ops: ['add', 'remove'],
    path: '/authorizationScopes',
    apply(m, ctx) {
      const scope = patchValue.required(ctx);
      const rest = m.authorizationScopes.filter((s) => s !== scope);
      m.authorizationScopes = ctx.op === 'add' ? [...rest, scope] : rest;
    },
  },
];
