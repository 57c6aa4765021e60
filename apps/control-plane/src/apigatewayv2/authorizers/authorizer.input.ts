import { badRequest, payloadFormatVersions, type PayloadFormatVersion } from '@portico/contracts';
import { LIMITS } from '../../common/limits.js';
import { bodyObject, read } from '../../common/validation.js';
import { checkLength, oneOf, onlyFor, type V2ProtocolType } from '../v2-validation.js';

/** An authorizer's settings, whole: what CreateAuthorizer writes and UpdateAuthorizer patches. */
export interface AuthorizerState {
  name: string;
  authorizerType: 'JWT' | 'REQUEST';
  authorizerUri: string | null;
  authorizerCredentialsArn: string | null;
  authorizerPayloadFormatVersion: PayloadFormatVersion | null;
  authorizerResultTtlInSeconds: number | null;
  enableSimpleResponses: boolean;
  identitySource: string[];
  identityValidationExpression: string | null;
  jwtConfiguration: { issuer?: string; audience: string[] } | null;
}

/** Spec §8.2 [I]: AWS's model gives no default; 300 s as REST and the console. */
export const DEFAULT_AUTHORIZER_TTL = 300;
const JWT_SOURCE = /^\$request\.(?:header|querystring)\.[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$/;
const REQUEST_SOURCE = /^\$(?:request\.(?:header|querystring)\.[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}|context\.[A-Za-z0-9._-]{1,128}|stageVariables\.[A-Za-z0-9_]{1,64})$/;
const INVOCATION_URI = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:lambda:path\/2015-03-31\/functions\/arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[^/]+\/invocations$/;

export function applyAuthorizerMembers(state: Partial<AuthorizerState>, rawBody: unknown): void {
  const body = bodyObject(rawBody);
  const set = <K extends keyof AuthorizerState>(key: K, value: AuthorizerState[K] | undefined): void => {
    if (value !== undefined) state[key] = value;
  };
  set('name', read.string(body, 'name'));
  const type = read.string(body, 'authorizerType');
  if (type !== undefined) state.authorizerType = oneOf(type, ['JWT', 'REQUEST'] as const, 'authorizerType');
  set('authorizerUri', read.string(body, 'authorizerUri'));
  set('authorizerCredentialsArn', read.string(body, 'authorizerCredentialsArn'));
  set('authorizerPayloadFormatVersion', oneOf(read.string(body, 'authorizerPayloadFormatVersion'), payloadFormatVersions, 'authorizerPayloadFormatVersion'));
  set('authorizerResultTtlInSeconds', read.integer(body, 'authorizerResultTtlInSeconds'));
  set('enableSimpleResponses', read.boolean(body, 'enableSimpleResponses'));
  set('identitySource', read.stringList(body, 'identitySource'));
  set('identityValidationExpression', read.string(body, 'identityValidationExpression'));
  const jwt = read.object(body, 'jwtConfiguration');
  if (jwt !== undefined) {
    state.jwtConfiguration = {
      issuer: read.string(jwt, 'issuer', 'jwtConfiguration.issuer'),
      audience: read.stringList(jwt, 'audience', 'jwtConfiguration.audience') ?? [],
    };
  }
}

/** WebSocket identity sources are non-`$` expressions (spec websocket §6). */
const WEBSOCKET_SOURCE = /^route\.request\.(?:header|querystring)\.[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$/;

/**
 * WebSocket authorizers (spec websocket §6): Lambda REQUEST only, REST-style event and IAM policy answer, so the
 * HTTP-only members are refused; their off values (which tools send for any protocol) are accepted and not kept.
 */
function checkWebSocketAuthorizer(state: AuthorizerState): AuthorizerState {
  if (state.authorizerType === 'JWT') onlyFor('HTTP', 'JWT authorizers');
  if (state.jwtConfiguration !== null) onlyFor('HTTP', 'jwtConfiguration');
  if (state.authorizerPayloadFormatVersion !== null) onlyFor('HTTP', 'authorizerPayloadFormatVersion');
  if (state.enableSimpleResponses) onlyFor('HTTP', 'enableSimpleResponses');
  if (state.authorizerResultTtlInSeconds !== null && state.authorizerResultTtlInSeconds !== 0) onlyFor('HTTP', 'authorizerResultTtlInSeconds');
  if (state.identityValidationExpression !== null) onlyFor('HTTP', 'identityValidationExpression');
  if (state.authorizerUri === null) throw badRequest('authorizerUri is required for REQUEST authorizers');
  if (!INVOCATION_URI.test(state.authorizerUri)) {
    throw badRequest(`Invalid authorizerUri specified: ${state.authorizerUri}. It must be arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function ARN}/invocations`);
  }
  for (const source of state.identitySource) {
    if (!WEBSOCKET_SOURCE.test(source)) throw badRequest(`Invalid identitySource specified: ${source}. WebSocket sources are route.request.header.x or route.request.querystring.x`);
  }
  state.authorizerResultTtlInSeconds = null;
  return state;
}

/** The whole-state rules of spec §1.3 and §8. */
export function checkAuthorizer(partial: Partial<AuthorizerState>, protocolType: V2ProtocolType = 'HTTP'): AuthorizerState {
  if (partial.name === undefined) throw badRequest('name is required');
  if (partial.authorizerType === undefined) throw badRequest('authorizerType is required');
  const state: AuthorizerState = {
    name: partial.name,
    authorizerType: partial.authorizerType,
    authorizerUri: partial.authorizerUri ?? null,
    authorizerCredentialsArn: partial.authorizerCredentialsArn ?? null,
    authorizerPayloadFormatVersion: partial.authorizerPayloadFormatVersion ?? null,
    authorizerResultTtlInSeconds: partial.authorizerResultTtlInSeconds ?? null,
    enableSimpleResponses: partial.enableSimpleResponses ?? false,
    identitySource: partial.identitySource ?? [],
    identityValidationExpression: partial.identityValidationExpression ?? null,
    jwtConfiguration: partial.jwtConfiguration ?? null,
  };
  checkLength(state.name, 1, 128, 'name');
  checkLength(state.authorizerCredentialsArn ?? undefined, 1, LIMITS.arn, 'authorizerCredentialsArn');
  if (state.identitySource.length > 10) throw badRequest('Too many identity sources: at most 10 are allowed');
  if (protocolType === 'WEBSOCKET') return checkWebSocketAuthorizer(state);
  if (state.authorizerType === 'JWT') {
    if (state.identitySource.length !== 1 || !JWT_SOURCE.test(state.identitySource[0]!)) {
      throw badRequest('A JWT authorizer needs exactly one identitySource, a header or query string ($request.header.Authorization, $request.querystring.token)');
    }
    const jwt = state.jwtConfiguration;
    if (jwt === null || jwt.issuer === undefined || jwt.issuer === '') throw badRequest('jwtConfiguration.issuer is required for JWT authorizers');
    checkIssuer(jwt.issuer);
    if (jwt.audience.length > 50) throw badRequest('Too many audiences: a JWT authorizer may have at most 50');
    for (const audience of jwt.audience) checkLength(audience, 1, 1024, 'jwtConfiguration.audience entry');
    for (const member of ['authorizerUri', 'authorizerCredentialsArn', 'authorizerPayloadFormatVersion'] as const) {
      if (state[member] !== null) throw badRequest(`${member} is supported only for REQUEST authorizers`);
    }
    if (state.enableSimpleResponses) throw badRequest('enableSimpleResponses is supported only for REQUEST authorizers');
    // TTL is a REQUEST authorizer's; JWT results are never cached by identity, so it is dropped (AWS ignores it).
    state.authorizerResultTtlInSeconds = null;
    return state;
  }
  if (state.jwtConfiguration !== null) throw badRequest('jwtConfiguration is supported only for JWT authorizers');
  if (state.authorizerUri === null) throw badRequest('authorizerUri is required for REQUEST authorizers');
  if (!INVOCATION_URI.test(state.authorizerUri)) {
    throw badRequest(`Invalid authorizerUri specified: ${state.authorizerUri}. It must be arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function ARN}/invocations`);
  }
  if (state.authorizerPayloadFormatVersion === null) throw badRequest('authorizerPayloadFormatVersion is required for REQUEST authorizers of HTTP APIs');
  if (state.enableSimpleResponses && state.authorizerPayloadFormatVersion !== '2.0') throw badRequest('enableSimpleResponses requires authorizerPayloadFormatVersion 2.0');
  const ttl = state.authorizerResultTtlInSeconds ?? DEFAULT_AUTHORIZER_TTL;
  if (ttl < 0 || ttl > 3600) throw badRequest(`Invalid authorizerResultTtlInSeconds specified: ${ttl}. It must be between 0 and 3600`);
  for (const source of state.identitySource) {
    if (!REQUEST_SOURCE.test(source)) throw badRequest(`Invalid identitySource specified: ${source}. Sources are $request.header.x, $request.querystring.x, $context.x or $stageVariables.x`);
  }
  // Cached results are keyed by the identity sources' values (spec §8.2): caching needs at least one.
  const effectiveTtl = partial.authorizerResultTtlInSeconds ?? (state.identitySource.length > 0 ? DEFAULT_AUTHORIZER_TTL : 0);
  if (effectiveTtl > 0 && state.identitySource.length === 0) throw badRequest('Identity sources are required when authorizer caching is enabled (authorizerResultTtlInSeconds > 0)');
  state.authorizerResultTtlInSeconds = effectiveTtl;
  return state;
}

function checkIssuer(issuer: string): void {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw badRequest(`Invalid issuer specified: ${issuer}. It must be a URL`);
  }
  // Plain http is accepted for a local identity provider, as the REST Cognito authorizer allows.
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badRequest(`Invalid issuer specified: ${issuer}. It must be an https URL`);
}
