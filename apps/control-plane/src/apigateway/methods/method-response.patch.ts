import { patchValue, type PatchRule } from '../../common/patch-operations.js';
import type { MethodResponseState } from './put-method.dto.js';

const mapOps = ['add', 'remove', 'replace'] as const;

/** UpdateMethodResponse: header parameters (value "true"/"false") and models per content type. */
export const methodResponsePatchRules: PatchRule<MethodResponseState>[] = [
  {
    ops: mapOps,
    path: '/responseParameters/*',
    display: '/responseParameters/{parameter}',
    apply(r, ctx) {
      const { [ctx.params[0]]: _removed, ...rest } = r.responseParameters;
      r.responseParameters = ctx.op === 'remove' ? rest : { ...rest, [ctx.params[0]]: ctx.value === undefined ? false : patchValue.boolean(ctx) };
    },
  },
  {
    ops: mapOps,
    path: '/responseModels/*',
    display: '/responseModels/{contentType}',
    apply(r, ctx) {
      const { [ctx.params[0]]: _removed, ...rest } = r.responseModels;
      r.responseModels = ctx.op === 'remove' ? rest : { ...rest, [ctx.params[0]]: patchValue.required(ctx) };
    },
  },
];
