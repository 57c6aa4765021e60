import { badRequest } from '@portico/contracts';
import { patchValue, type PatchRule } from '../../common/patch-operations.js';
import { checkPathPart } from './path-part.js';

export interface ResourceState {
  pathPart: string | null;
  parentId: string | null;
}

/** UpdateResource accepts only `replace /pathPart` and `replace /parentId`; the root can change neither. */
export const resourcePatchRules: PatchRule<ResourceState>[] = [
  {
    ops: ['replace'],
    path: '/pathPart',
    apply(resource, ctx) {
      if (resource.parentId === null) throw badRequest('Root resource cannot update its pathPart.');
      const pathPart = patchValue.required(ctx);
      checkPathPart(pathPart);
      resource.pathPart = pathPart;
    },
  },
  {
    ops: ['replace'],
    path: '/parentId',
    apply(resource, ctx) {
      if (resource.parentId === null) throw badRequest('Root resource cannot update its parentId.');
      resource.parentId = patchValue.required(ctx);
    },
  },
];
