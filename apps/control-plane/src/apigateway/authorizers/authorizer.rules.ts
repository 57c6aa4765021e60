import { badRequest } from '@portico/contracts';
import { parseIdentitySource, parsePluginUri, pluginAuthorizerProblems, type PluginRegistry } from '@portico/engine-authorizers';
import type { PatchRule } from '../../common/patch-operations.js';
import { patchValue } from '../../common/patch-operations.js';
import { InputValidator, bodyObject, read } from '../../common/validation.js';
import { LIMITS, checkListSize, checkMaxLength } from '../../common/limits.js';
import { ADMIN_ERRORS } from '../../common/admin-errors.js';

export const authorizerTypes = ['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS'] as const;
export type AuthorizerType = (typeof authorizerTypes)[number];

/** The writable part of an Authorizer, checked as a whole after a create or after all patch operations. */
export interface AuthorizerState {
  name: string;
  type: AuthorizerType;
  providerARNs: string[];
  authType: string | null;
  authorizerUri: string | null;
  authorizerCredentials: string | null;
  identitySource: string | null;
  identityValidationExpression: string | null;
  authorizerResultTtlInSeconds: number;
}

/** AWS's default and ceiling for cached authorizer results (spec §0, §3.4). */
export const DEFAULT_AUTHORIZER_TTL = 300;
export const MAX_AUTHORIZER_TTL = 3600;
/** Authorizers per API (spec §0). */
export const MAX_AUTHORIZERS_PER_API = 10;

const LAMBDA_URI = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:lambda:path\/2015-03-31\/functions\/.+\/invocations$/;
const USER_POOL_ARN = /^arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/[\w-]+_[0-9A-Za-z]+$/;

/** Reads CreateAuthorizer's body (SerializationException / ValidationException as AWS's front end reports them). */
export function parseCreateAuthorizer(body: unknown): AuthorizerState {
  const obj = bodyObject(body);
  const v = new InputValidator('createAuthorizerInput');
  const name = v.required(read.string(obj, 'name'), 'name');
  const type = v.enumValue(v.required(read.string(obj, 'type'), 'type'), 'type', authorizerTypes);
  const state: AuthorizerState = {
    name: name ?? '',
    type: type ?? 'TOKEN',
    providerARNs: read.stringList(obj, 'providerARNs') ?? [],
    authType: read.string(obj, 'authType') ?? null,
    authorizerUri: read.string(obj, 'authorizerUri') ?? null,
    authorizerCredentials: read.string(obj, 'authorizerCredentials') ?? null,
    identitySource: read.string(obj, 'identitySource') ?? null,
    identityValidationExpression: read.string(obj, 'identityValidationExpression') ?? null,
    authorizerResultTtlInSeconds: read.integer(obj, 'authorizerResultTtlInSeconds') ?? DEFAULT_AUTHORIZER_TTL,
  };
  v.check();
  return state;
}

/**
 * Cross-field rules: what each type needs, the identity sources, the TTL range, the validation regex and, for
 * `portico:plugin/{name}` authorizers, the plugin (loaded from PORTICO_PLUGINS) and its settings, validated
 * against the plugin's schema on write.
 */
export function checkAuthorizerState(state: AuthorizerState, registry: PluginRegistry): void {
  if (state.name.trim() === '') throw badRequest('Authorizer name must be non-empty');
  checkMaxLength(state.name, LIMITS.name, 'name');
  checkMaxLength(state.authorizerUri, LIMITS.uri, 'authorizerUri');
  checkMaxLength(state.authorizerCredentials, LIMITS.arn, 'authorizerCredentials');
  checkMaxLength(state.identitySource, LIMITS.expression, 'identitySource');
  checkMaxLength(state.identityValidationExpression, LIMITS.expression, 'identityValidationExpression');
  checkMaxLength(state.authType, LIMITS.name, 'authType');
  checkListSize(state.providerARNs, 'providerARNs');
  for (const arn of state.providerARNs) checkMaxLength(arn, LIMITS.arn, 'providerARNs');
  if (!Number.isInteger(state.authorizerResultTtlInSeconds) || state.authorizerResultTtlInSeconds < 0 || state.authorizerResultTtlInSeconds > MAX_AUTHORIZER_TTL) {
    throw badRequest(`Invalid value for authorizerResultTtlInSeconds: ${state.authorizerResultTtlInSeconds}. Must be between 0 and ${MAX_AUTHORIZER_TTL}`);
  }
  const sources = parseIdentitySource(state.identitySource ?? undefined);
  if (!sources.ok) throw badRequest(sources.reason);
  if (state.identityValidationExpression !== null) {
    try {
      new RegExp(state.identityValidationExpression);
    } catch {
      throw badRequest(`Invalid identityValidationExpression: ${state.identityValidationExpression}`);
    }
  }

  if (state.type === 'COGNITO_USER_POOLS') {
    if (state.providerARNs.length === 0) throw badRequest('ProviderARNs need to be specified for a COGNITO_USER_POOLS authorizer');
    for (const arn of state.providerARNs) {
      // Self-hosted issuers (Keycloak, Auth0, Dex) are accepted as OIDC issuer URLs as well as pool ARNs.
      if (!USER_POOL_ARN.test(arn) && !/^https?:\/\/\S+$/.test(arn)) throw badRequest(`Invalid provider ARN specified: ${arn}`);
    }
    if (sources.ok && (sources.sources.length !== 1 || sources.sources[0].kind !== 'header')) {
      throw badRequest('Invalid identity source specified: a COGNITO_USER_POOLS authorizer reads one header (method.request.header.Authorization)');
    }
    return;
  }

  if (state.providerARNs.length > 0) throw badRequest(`ProviderARNs are only supported for COGNITO_USER_POOLS authorizers`);
  if (state.authorizerUri === null || state.authorizerUri === '') throw badRequest(`Authorizer URI must be specified for a ${state.type} authorizer`);
  const plugin = parsePluginUri(state.authorizerUri);
  if (!plugin && !LAMBDA_URI.test(state.authorizerUri.replace(/\$\{stageVariables\.[A-Za-z0-9_]+\}/g, 'x'))) {
    throw badRequest('Invalid Authorizer URI specified: use arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations or portico:plugin/{name}');
  }
  if (state.type === 'TOKEN') {
    if (sources.ok && (sources.sources.length !== 1 || sources.sources[0].kind !== 'header')) {
      throw badRequest('Invalid identity source specified: a TOKEN authorizer reads one header (method.request.header.<name>)');
    }
  } else {
    if (state.identityValidationExpression !== null) throw badRequest('identityValidationExpression is only supported for TOKEN and COGNITO_USER_POOLS authorizers');
    if (sources.ok && sources.sources.length === 0 && state.authorizerResultTtlInSeconds > 0) {
      throw badRequest('Identity sources must be specified for a REQUEST authorizer when caching is enabled (authorizerResultTtlInSeconds > 0)');
    }
  }
  if (plugin) {
    const problems = pluginAuthorizerProblems(state.authorizerUri, state.identitySource ?? undefined, registry);
    if (problems.length > 0) throw badRequest(problems.join('; '));
  }
}

const nullable = (value: string | undefined): string | null => (value === undefined || value === '' ? null : value);

/** UpdateAuthorizer paths (replace only, as AWS; providerARNs also add/remove by value). */
export const authorizerPatchRules: readonly PatchRule<AuthorizerState>[] = [
  { ops: ['replace'], path: '/name', apply: (s, ctx) => void (s.name = patchValue.required(ctx)) },
  {
    ops: ['replace'],
    path: '/type',
    apply: (s, ctx) => {
      const value = patchValue.required(ctx);
      if (!(authorizerTypes as readonly string[]).includes(value)) throw badRequest(`Invalid authorizer type specified: ${value}`);
      s.type = value as AuthorizerType;
    },
  },
  { ops: ['replace'], path: '/authorizerUri', apply: (s, ctx) => void (s.authorizerUri = nullable(ctx.value)) },
  { ops: ['replace'], path: '/authorizerCredentials', apply: (s, ctx) => void (s.authorizerCredentials = nullable(ctx.value)) },
  { ops: ['replace'], path: '/identitySource', apply: (s, ctx) => void (s.identitySource = nullable(ctx.value)) },
  { ops: ['replace'], path: '/identityValidationExpression', apply: (s, ctx) => void (s.identityValidationExpression = nullable(ctx.value)) },
  { ops: ['replace'], path: '/authorizerResultTtlInSeconds', apply: (s, ctx) => void (s.authorizerResultTtlInSeconds = patchValue.integer(ctx)) },
  { ops: ['replace'], path: '/authType', apply: (s, ctx) => void (s.authType = nullable(ctx.value)) },
  {
    ops: ['add'],
    path: '/providerARNs',
    apply: (s, ctx) => {
      const arn = patchValue.required(ctx);
      if (!s.providerARNs.includes(arn)) s.providerARNs = [...s.providerARNs, arn];
    },
  },
  {
    ops: ['remove'],
    path: '/providerARNs/**',
    display: '/providerARNs/{arn}',
    apply: (s, ctx) => void (s.providerARNs = s.providerARNs.filter((arn) => arn !== ctx.params[0])),
  },
  {
    ops: ['replace'],
    path: '/providerARNs/*',
    display: '/providerARNs/{index}',
    apply: (s, ctx) => {
      const index = Number(ctx.params[0]);
      if (!Number.isInteger(index) || index < 0 || index > s.providerARNs.length) throw badRequest(ADMIN_ERRORS.invalidPatchPath(ctx.path));
      const next = [...s.providerARNs];
      next[index] = patchValue.required(ctx);
      s.providerARNs = next;
    },
  },
];
