import { badRequest, httpAuthorizationTypes, isHttpRouteKey, websocketAuthorizationTypes, websocketPredefinedRouteKeys, type HttpAuthorizationType } from '@portico/contracts';
import { bodyObject, read, serializationError } from '../../common/validation.js';
import { checkSelectionExpression, REQUEST_BODY_SOURCES } from '../websocket-selection.js';
import { checkLength, oneOf, onlyFor, type V2ProtocolType } from '../v2-validation.js';

/** A route's settings, whole: what CreateRoute writes and UpdateRoute patches. */
export interface RouteState {
  routeKey: string;
  authorizationType: HttpAuthorizationType;
  authorizerId: string | null;
  authorizationScopes: string[];
  target: string | null;
  operationName: string | null;
  requestParameters: Record<string, { required: boolean }>;
  /** WebSocket APIs only (spec websocket §3); HTTP routes keep the defaults. */
  apiKeyRequired: boolean;
  requestModels: Record<string, string>;
  modelSelectionExpression: string | null;
  routeResponseSelectionExpression: string | null;
}

export function checkRouteKey(routeKey: string): void {
  if (!isHttpRouteKey(routeKey)) {
    throw badRequest(`Invalid route key specified: ${routeKey}. A route key is $default or "{METHOD} {path}", e.g. GET /pets/{id} or ANY /{proxy+}, where a greedy {name+} may only end the path`);
  }
}

/**
 * A WebSocket route key: `$connect`, `$disconnect`, `$default` or a custom key matched exactly against the
 * selection result. A custom key may not start with `$` (the console's rule; AWS keeps `$` for its own keys) [I].
 */
export function checkWebSocketRouteKey(routeKey: string): void {
  checkLength(routeKey, 1, 128, 'route key');
  if (routeKey.startsWith('$') && !(websocketPredefinedRouteKeys as readonly string[]).includes(routeKey)) {
    throw badRequest(`Invalid route key specified: ${routeKey}. Route keys starting with $ are reserved: $connect, $disconnect, $default`);
  }
}

/** Applies a CreateRoute/UpdateRoute body to `state` (absent members unchanged; `target: ""` removes the target). */
export function applyRouteMembers(state: Partial<RouteState>, rawBody: unknown, protocolType: V2ProtocolType = 'HTTP'): void {
  const body = bodyObject(rawBody);
  const routeKey = read.string(body, 'routeKey');
  if (routeKey !== undefined) state.routeKey = routeKey;
  const authorizationType = oneOf(read.string(body, 'authorizationType'), protocolType === 'HTTP' ? httpAuthorizationTypes : websocketAuthorizationTypes, 'authorizationType');
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
  if (protocolType === 'WEBSOCKET') {
    applyWebSocketRouteMembers(state, body);
    return;
  }
  // WebSocket-only members: Terraform's aws_apigatewayv2_route always sends apiKeyRequired (false); AWS accepts
  // false on HTTP APIs and refuses API keys, which HTTP APIs do not have.
  if (read.boolean(body, 'apiKeyRequired') === true) throw badRequest('API keys are supported only for WebSocket APIs');
  for (const member of ['modelSelectionExpression', 'routeResponseSelectionExpression'] as const) {
    if (read.string(body, member) !== undefined) throw badRequest(`${member} is supported only for WebSocket APIs`);
  }
  if (read.object(body, 'requestModels') !== undefined) throw badRequest('requestModels are supported only for WebSocket APIs');
}

/** The members only WebSocket routes have (spec websocket §3, §4.4, §4.5). */
function applyWebSocketRouteMembers(state: Partial<RouteState>, body: Record<string, unknown>): void {
  const apiKeyRequired = read.boolean(body, 'apiKeyRequired');
  if (apiKeyRequired !== undefined) state.apiKeyRequired = apiKeyRequired;
  const models = read.stringMap(body, 'requestModels');
  if (models !== undefined) state.requestModels = { ...state.requestModels, ...models };
  // "" removes a selection expression, as `target: ""` removes a target.
  const modelSelection = read.string(body, 'modelSelectionExpression');
  if (modelSelection !== undefined) state.modelSelectionExpression = modelSelection === '' ? null : modelSelection;
  const responseSelection = read.string(body, 'routeResponseSelectionExpression');
  if (responseSelection !== undefined) state.routeResponseSelectionExpression = responseSelection === '' ? null : responseSelection;
}

/** `route.request.querystring.x` / `route.request.header.x` (spec websocket §3); names as AWS's parameter names. */
const WEBSOCKET_ROUTE_PARAMETER = /^route\.request\.(?:querystring|header)\.[a-zA-Z0-9._$-]{1,128}$/;

function checkWebSocketRoute(state: RouteState): void {
  checkWebSocketRouteKey(state.routeKey);
  if (state.authorizationScopes.length > 0) onlyFor('HTTP', 'Authorization scopes');
  for (const key of Object.keys(state.requestParameters)) {
    if (!WEBSOCKET_ROUTE_PARAMETER.test(key)) throw badRequest(`Invalid request parameter key specified: ${key}. Keys are route.request.querystring.{name} or route.request.header.{name}`);
  }
  const modelKeys = Object.entries(state.requestModels);
  if (modelKeys.length > 0 && state.modelSelectionExpression === null && !('$default' in state.requestModels)) {
    // Without a selection expression only the $default model can ever be chosen (spec websocket §2).
    throw badRequest('requestModels need a modelSelectionExpression unless they define a $default model');
  }
  for (const [key, model] of modelKeys) {
    checkLength(key, 1, 256, 'requestModels key');
    if (!/^[A-Za-z0-9]{1,128}$/.test(model)) throw badRequest(`Invalid model name specified for requestModels.${key}: ${model}. Model names are alphanumeric`);
  }
  if (state.modelSelectionExpression !== null) checkSelectionExpression(state.modelSelectionExpression, 'modelSelectionExpression', REQUEST_BODY_SOURCES);
  // Only $default route responses exist, so only $default selects one (spec websocket §2).
  if (state.routeResponseSelectionExpression !== null && state.routeResponseSelectionExpression !== '$default') {
    throw badRequest(`Invalid routeResponseSelectionExpression specified: ${state.routeResponseSelectionExpression}. Only $default is supported`);
  }
}

/** Whole-state rules that need no other rows (references are checked by the service). */
export function checkRoute(partial: Partial<RouteState>, protocolType: V2ProtocolType = 'HTTP'): RouteState {
  if (partial.routeKey === undefined) throw badRequest('Route key is required');
  const state: RouteState = {
    routeKey: partial.routeKey,
    authorizationType: partial.authorizationType ?? 'NONE',
    authorizerId: partial.authorizerId ?? null,
    authorizationScopes: partial.authorizationScopes ?? [],
    target: partial.target ?? null,
    operationName: partial.operationName ?? null,
    requestParameters: partial.requestParameters ?? {},
    apiKeyRequired: partial.apiKeyRequired ?? false,
    requestModels: partial.requestModels ?? {},
    modelSelectionExpression: partial.modelSelectionExpression ?? null,
    routeResponseSelectionExpression: partial.routeResponseSelectionExpression ?? null,
  };
  if (protocolType === 'WEBSOCKET') checkWebSocketRoute(state);
  else checkRouteKey(state.routeKey);
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
