import { badRequest, httpAuthorizationTypes, isHttpRouteKey, type HttpAuthorizationType } from '@portico/contracts';
import { bodyObject, read, serializationError } from '../../common/validation.js';
import { checkLength, oneOf } from '../v2-validation.js';

/** A route's settings, whole: what CreateRoute writes and UpdateRoute patches. */
export interface RouteState {
  routeKey: string;
  authorizationType: HttpAuthorizationType;
  authorizerId: string | null;
  authorizationScopes: string[];
  target: string | null;
  operationName: string | null;
  requestParameters: Record<string, { required: boolean }>;
}

export function checkRouteKey(routeKey: string): void {
  if (!isHttpRouteKey(routeKey)) {
    throw badRequest(`Invalid route key specified: ${routeKey}. A route key is $default or "{METHOD} {path}", e.g. GET /pets/{id} or ANY /{proxy+}, where a greedy {name+} may only end the path`);
  }
}

/** Applies a CreateRoute/UpdateRoute body to `state` (absent members unchanged; `target: ""` removes the target). */
export function applyRouteMembers(state: Partial<RouteState>, rawBody: unknown): void {
  const body = bodyObject(rawBody);
  const routeKey = read.string(body, 'routeKey');
  if (routeKey !== undefined) state.routeKey = routeKey;
  const authorizationType = oneOf(read.string(body, 'authorizationType'), httpAuthorizationTypes, 'authorizationType');
  if (authorizationType !== undefined) state.authorizationType = authorizationType;
  const authorizerId = read.string(body, 'authorizerId');
  if (authorizerId !== undefined) state.authorizerId = authorizerId === '' ? null : authorizerId;
  const scopes = read.stringList(body, 'authorizationScopes');
  if (scopes !== undefined) state.authorizationScopes = scopes;
  const target = read.string(body, 'target');
  if (target !== undefined) state.target = target === '' ? null : target;
  const operationName = read.string(body, 'operationName');
  if (operationName !== undefined) state.operationName = operationName === '' ? null : operationName;
  const parameters = read.object(body, 'requestParameters');
  if (parameters !== undefined) {
    const merged = { ...state.requestParameters };
    for (const [key, value] of Object.entries(parameters)) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw serializationError(value, 'Structure', `requestParameters.${key}`);
      merged[key] = { required: read.boolean(value as Record<string, unknown>, 'required', `requestParameters.${key}.required`) ?? false };
    }
    state.requestParameters = merged;
  }
  // WebSocket-only members: Terraform's aws_apigatewayv2_route always sends apiKeyRequired (false); AWS accepts
  // false on HTTP APIs and refuses API keys, which HTTP APIs do not have.
  if (read.boolean(body, 'apiKeyRequired') === true) throw badRequest('API keys are supported only for WebSocket APIs');
  for (const member of ['modelSelectionExpression', 'routeResponseSelectionExpression'] as const) {
    if (read.string(body, member) !== undefined) throw badRequest(`${member} is supported only for WebSocket APIs`);
  }
  if (read.object(body, 'requestModels') !== undefined) throw badRequest('requestModels are supported only for WebSocket APIs');
}

/** Whole-state rules that need no other rows (references are checked by the service). */
export function checkRoute(partial: Partial<RouteState>): RouteState {
  if (partial.routeKey === undefined) throw badRequest('Route key is required');
  const state: RouteState = {
    routeKey: partial.routeKey,
    authorizationType: partial.authorizationType ?? 'NONE',
    authorizerId: partial.authorizerId ?? null,
    authorizationScopes: partial.authorizationScopes ?? [],
    target: partial.target ?? null,
    operationName: partial.operationName ?? null,
    requestParameters: partial.requestParameters ?? {},
  };
  checkRouteKey(state.routeKey);
  checkLength(state.operationName ?? undefined, 1, 64, 'operationName');
  if (state.authorizationScopes.length > 10) throw badRequest('Too many authorization scopes: a route may have at most 10');
  for (const scope of state.authorizationScopes) checkLength(scope, 1, 64, 'authorization scope');
  if (state.target !== null && !/^integrations\/[A-Za-z0-9]{1,64}$/.test(state.target)) {
    throw badRequest(`Invalid target specified: ${state.target}. A target is integrations/{integrationId}`);
  }
  if (state.authorizationType === 'NONE' || state.authorizationType === 'AWS_IAM') {
    // Switching a route to NONE or AWS_IAM detaches its authorizer, as AWS does.
    state.authorizerId = null;
  } else if (state.authorizerId === null) {
    throw badRequest(`An authorizerId is required for authorizationType ${state.authorizationType}`);
  }
  if (state.authorizationScopes.length > 0 && state.authorizationType !== 'JWT') {
    throw badRequest('Authorization scopes are supported only for routes with authorizationType JWT');
  }
  return state;
}
