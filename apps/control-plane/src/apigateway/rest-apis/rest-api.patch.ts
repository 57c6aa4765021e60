import { badRequest } from '@portico/contracts';
import { LIMITS, checkListSize, checkMaxLength } from '../../common/limits.js';
import { patchValue, type PatchRule } from '../../common/patch-operations.js';
import { apiKeySources, checkDescription, checkEndpointConfiguration, checkMinimumCompressionSize, checkPolicy, ipAddressTypes } from './rest-api.rules.js';
import type { EndpointConfigurationWire } from './rest-api.wire.js';
import { ADMIN_ERRORS } from '../../common/admin-errors.js';

/** The updatable part of a RestApi row, patched in memory, re-validated, then written in one transaction. */
export interface RestApiState {
  name: string;
  description: string | null;
  version: string | null;
  binaryMediaTypes: string[];
  minimumCompressionSize: number | null;
  apiKeySource: string;
  endpointConfiguration: EndpointConfigurationWire;
  policy: string | null;
  disableExecuteApiEndpoint: boolean;
}

const replace = ['replace'] as const;
const addRemove = ['add', 'remove'] as const;

/** UpdateRestApi's allowed (op, path) pairs (spec §1.4). */
export const restApiPatchRules: PatchRule<RestApiState>[] = [
  {
    ops: replace,
    path: '/name',
    apply(api, ctx) {
      const name = patchValue.required(ctx);
      if (name.trim() === '') throw badRequest(ADMIN_ERRORS.emptyName);
      api.name = name;
    },
  },
  {
    ops: replace,
    path: '/description',
    apply(api, ctx) {
      checkDescription(ctx.value);
      api.description = ctx.value ?? null;
    },
  },
  // Terraform removes a description it no longer sets with `remove /description`.
  { ops: ['remove'], path: '/description', apply: (api) => void (api.description = null) },
  { ops: replace, path: '/version', apply: (api, ctx) => void (api.version = ctx.value ?? null) },
  {
    ops: replace,
    path: '/apiKeySource',
    apply(api, ctx) {
      const value = patchValue.required(ctx);
      if (!(apiKeySources as readonly string[]).includes(value)) {
        throw badRequest(`Invalid API Key source specified. Valid options are ${apiKeySources.join(',')}`);
      }
      api.apiKeySource = value;
    },
  },
  {
    ops: replace,
    path: '/minimumCompressionSize',
    apply(api, ctx) {
      // An empty value disables compression.
      if (ctx.value === undefined || ctx.value === '') {
        api.minimumCompressionSize = null;
        return;
      }
      if (!/^-?\d+$/.test(ctx.value)) throw badRequest('Invalid minimum compression size, must be between 0 and 10485760');
      const size = Number(ctx.value);
      checkMinimumCompressionSize(size);
      api.minimumCompressionSize = size;
    },
  },
  {
    ops: replace,
    path: '/policy',
    apply(api, ctx) {
      checkPolicy(ctx.value);
      api.policy = ctx.value === undefined || ctx.value === '' ? null : ctx.value;
    },
  },
  { ops: replace, path: '/disableExecuteApiEndpoint', apply: (api, ctx) => void (api.disableExecuteApiEndpoint = patchValue.boolean(ctx)) },
  {
    ops: ['add', 'remove', 'replace'],
    path: '/binaryMediaTypes/*',
    display: '/binaryMediaTypes/{mediaType}',
    apply(api, ctx) {
      // The member is the media type with `/` escaped as `~1` (already unescaped here); `replace` swaps it for
      // the value, in place.
      const type = ctx.params[0];
      if (ctx.op === 'replace') {
        const next = patchValue.nonEmpty(ctx);
        const at = api.binaryMediaTypes.indexOf(type);
        const rest = api.binaryMediaTypes.filter((t) => t !== next);
        if (at < 0) api.binaryMediaTypes = [...rest, next];
        else api.binaryMediaTypes = api.binaryMediaTypes.map((t) => (t === type ? next : t)).filter((t, i, all) => all.indexOf(t) === i);
        return;
      }
      const rest = api.binaryMediaTypes.filter((t) => t !== type);
      api.binaryMediaTypes = ctx.op === 'add' ? [...rest, type] : rest;
    },
  },
  {
    ops: ['add', 'remove', 'replace'],
    path: '/binaryMediaTypes',
    apply(_api, ctx) {
      throw badRequest(ADMIN_ERRORS.invalidPatchPath(ctx.path));
    },
  },
  {
    ops: replace,
    path: '/endpointConfiguration/types/0',
    apply(api, ctx) {
      const type = ctx.value ?? '';
      if (!['REGIONAL', 'EDGE', 'PRIVATE'].includes(type)) throw badRequest('Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE');
      const wasPrivate = api.endpointConfiguration.types[0] === 'PRIVATE';
      // Switching to or from PRIVATE changes the only valid/default address type with it.
      const ipAddressType = type === 'PRIVATE' ? 'dualstack' : wasPrivate ? 'ipv4' : api.endpointConfiguration.ipAddressType;
      api.endpointConfiguration = { types: [type], ipAddressType, ...(type === 'PRIVATE' && { vpcEndpointIds: api.endpointConfiguration.vpcEndpointIds }) };
    },
  },
  {
    ops: replace,
    path: '/endpointConfiguration/ipAddressType',
    apply(api, ctx) {
      const value = ctx.value ?? '';
      if (!(ipAddressTypes as readonly string[]).includes(value)) throw badRequest(`Invalid IpAddressType specified. Valid options are ${ipAddressTypes.join(',')}`);
      api.endpointConfiguration = { ...api.endpointConfiguration, ipAddressType: value };
    },
  },
  {
    ops: addRemove,
    path: '/endpointConfiguration/vpcEndpointIds',
    apply(api, ctx) {
      const ids = patchValue
        .required(ctx)
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== '');
      const current = api.endpointConfiguration.vpcEndpointIds ?? [];
      const next = ctx.op === 'add' ? [...current, ...ids.filter((id) => !current.includes(id))] : current.filter((id) => !ids.includes(id));
      api.endpointConfiguration = { ...api.endpointConfiguration, vpcEndpointIds: next };
    },
  },
];

/** Checks that hold across fields, after every operation applied. */
export function checkRestApiState(api: RestApiState): void {
  checkMaxLength(api.name, LIMITS.name, 'name');
  checkMaxLength(api.description, LIMITS.description, 'description');
  checkMaxLength(api.version, LIMITS.version, 'version');
  checkListSize(api.binaryMediaTypes, 'binaryMediaTypes');
  api.endpointConfiguration = checkEndpointConfiguration(api.endpointConfiguration);
}
