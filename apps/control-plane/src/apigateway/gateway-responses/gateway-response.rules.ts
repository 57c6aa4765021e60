import { AdminError, badRequest, gatewayResponseTypes, isGatewayResponseType, type GatewayResponseType } from '@portico/contracts';
import { checkTemplates } from '../../common/limits.js';
import { patchValue, type PatchRule } from '../../common/patch-operations.js';
import { InputValidator, bodyObject, read } from '../../common/validation.js';
import { ADMIN_ERRORS } from '../../common/admin-errors.js';

export interface GatewayResponseState {
  statusCode: string | null;
  responseParameters: Record<string, string>;
  responseTemplates: Record<string, string>;
}

const STATUS_CODE = /^[1-5]\d\d$/;
const PARAMETER_TARGET = /^gatewayresponse\.header\.[^\s]+$/;
const PARAMETER_SOURCE = /^('[^']*'|method\.request\.(header|querystring|path|multivalueheader|multivaluequerystring)\.[^\s]+|stageVariables\.[A-Za-z0-9_]+|context\.[A-Za-z0-9_.]+)$/;

/** The responseType path label must be one of the 21 types: a ValidationException otherwise. */
export function parseResponseType(value: string, inputName: string): GatewayResponseType {
  if (isGatewayResponseType(value)) return value;
  throw new AdminError(
    'ValidationException',
    `1 validation error detected: Value '${value}' at '${inputName}.responseType' failed to satisfy constraint: Member must satisfy enum value set: [${gatewayResponseTypes.join(', ')}]`,
  );
}

export function parsePutGatewayResponse(body: unknown): GatewayResponseState {
  const obj = bodyObject(body);
  const templates = obj.responseTemplates;
  if (templates !== null && typeof templates === 'object' && !Array.isArray(templates)) {
    for (const value of Object.values(templates as Record<string, unknown>)) {
      if (value === null || value === '') throw badRequest(ADMIN_ERRORS.emptyResponseTemplate);
    }
  }
  const v = new InputValidator('putGatewayResponseInput');
  const state: GatewayResponseState = {
    statusCode: read.string(obj, 'statusCode') ?? null,
    responseParameters: read.stringMap(obj, 'responseParameters') ?? {},
    responseTemplates: read.stringMap(obj, 'responseTemplates') ?? {},
  };
  if (state.statusCode !== null && !STATUS_CODE.test(state.statusCode)) {
    v.violation(state.statusCode, 'statusCode', 'Member must satisfy regular expression pattern: [1-5]\\d\\d');
  }
  v.check();
  return state;
}

export function checkGatewayResponseState(state: GatewayResponseState): void {
  checkTemplates(state.responseTemplates);
  if (state.statusCode !== null && !STATUS_CODE.test(state.statusCode)) throw badRequest(`Invalid status code specified: ${state.statusCode}`);
  for (const [target, source] of Object.entries(state.responseParameters)) {
    if (!PARAMETER_TARGET.test(target) || !PARAMETER_SOURCE.test(source)) {
      throw badRequest(`Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: ${PARAMETER_TARGET.test(target) ? source : target}]`);
    }
  }
  for (const value of Object.values(state.responseTemplates)) {
    if (value === '') throw badRequest(ADMIN_ERRORS.emptyResponseTemplate);
  }
}

const mapOps = ['add', 'remove', 'replace'] as const;

export const gatewayResponsePatchRules: PatchRule<GatewayResponseState>[] = [
  { ops: ['replace'], path: '/statusCode', apply: (r, ctx) => void (r.statusCode = patchValue.required(ctx)) },
  {
    ops: mapOps,
    path: '/responseParameters/*',
    display: '/responseParameters/{parameter}',
    apply(r, ctx) {
      const { [ctx.params[0]]: _removed, ...rest } = r.responseParameters;
      r.responseParameters = ctx.op === 'remove' ? rest : { ...rest, [ctx.params[0]]: patchValue.required(ctx) };
    },
  },
  {
    ops: mapOps,
    path: '/responseTemplates/*',
    display: '/responseTemplates/{contentType}',
    apply(r, ctx) {
      const { [ctx.params[0]]: _removed, ...rest } = r.responseTemplates;
      if (ctx.op !== 'remove' && !ctx.value) throw badRequest(ADMIN_ERRORS.emptyResponseTemplate);
      r.responseTemplates = ctx.op === 'remove' ? rest : { ...rest, [ctx.params[0]]: ctx.value ?? '' };
    },
  },
];
