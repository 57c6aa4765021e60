import { patchValue, type PatchRule } from '../../common/patch-operations.js';
import type { IntegrationState } from './integration.rules.js';
import type { IntegrationResponseState } from './put-integration.dto.js';

const replace = ['replace'] as const;
const mapOps = ['add', 'remove', 'replace'] as const;

function mapRule<T>(path: string, get: (t: T) => Record<string, string>, set: (t: T, m: Record<string, string>) => void, display: string): PatchRule<T> {
  return {
    ops: mapOps,
    path,
    display,
    apply(target, ctx) {
      const { [ctx.params[0]]: _removed, ...rest } = get(target);
      set(target, ctx.op === 'remove' ? rest : { ...rest, [ctx.params[0]]: patchValue.required(ctx) });
    },
  };
}

/** UpdateIntegration's paths; the whole integration is re-validated after the last operation. */
export const integrationPatchRules: PatchRule<IntegrationState>[] = [
  { ops: replace, path: '/uri', apply: (i, ctx) => void (i.uri = ctx.value || null) },
  { ops: replace, path: '/httpMethod', apply: (i, ctx) => void (i.integrationHttpMethod = ctx.value || null) },
  { ops: replace, path: '/connectionType', apply: (i, ctx) => void (i.connectionType = patchValue.required(ctx)) },
  { ops: replace, path: '/connectionId', apply: (i, ctx) => void (i.connectionId = ctx.value || null) },
  { ops: replace, path: '/credentials', apply: (i, ctx) => void (i.credentials = ctx.value || null) },
  { ops: replace, path: '/passthroughBehavior', apply: (i, ctx) => void (i.passthroughBehavior = patchValue.required(ctx)) },
  { ops: replace, path: '/contentHandling', apply: (i, ctx) => void (i.contentHandling = ctx.value || null) },
  { ops: replace, path: '/timeoutInMillis', apply: (i, ctx) => void (i.timeoutInMillis = patchValue.integer(ctx)) },
  { ops: replace, path: '/cacheNamespace', apply: (i, ctx) => void (i.cacheNamespace = patchValue.required(ctx)) },
  {
    ops: replace,
    path: '/tlsConfig/insecureSkipVerification',
    apply: (i, ctx) => void (i.tlsConfig = { insecureSkipVerification: patchValue.boolean(ctx) }),
  },
  {
    ops: ['add', 'remove'],
    path: '/cacheKeyParameters/*',
    display: '/cacheKeyParameters/{parameter}',
    apply(i, ctx) {
      const rest = i.cacheKeyParameters.filter((p) => p !== ctx.params[0]);
      i.cacheKeyParameters = ctx.op === 'add' ? [...rest, ctx.params[0]] : rest;
    },
  },
  mapRule<IntegrationState>('/requestParameters/*', (i) => i.requestParameters, (i, m) => (i.requestParameters = m), '/requestParameters/{parameter}'),
  mapRule<IntegrationState>('/requestTemplates/*', (i) => i.requestTemplates, (i, m) => (i.requestTemplates = m), '/requestTemplates/{contentType}'),
];

export const integrationResponsePatchRules: PatchRule<IntegrationResponseState>[] = [
  { ops: replace, path: '/selectionPattern', apply: (r, ctx) => void (r.selectionPattern = ctx.value ?? null) },
  { ops: replace, path: '/contentHandling', apply: (r, ctx) => void (r.contentHandling = ctx.value || null) },
  mapRule<IntegrationResponseState>('/responseParameters/*', (r) => r.responseParameters, (r, m) => (r.responseParameters = m), '/responseParameters/{parameter}'),
  mapRule<IntegrationResponseState>('/responseTemplates/*', (r) => r.responseTemplates, (r, m) => (r.responseTemplates = m), '/responseTemplates/{contentType}'),
];
