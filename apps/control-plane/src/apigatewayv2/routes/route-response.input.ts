import { badRequest } from '@portico/contracts';
import { bodyObject, read, serializationError } from '../../common/validation.js';
import { checkLength } from '../v2-validation.js';

/** A route response's settings, whole (spec websocket §4.4): what CreateRouteResponse writes and Update patches. */
export interface RouteResponseState {
  routeResponseKey: string;
  responseModels: Record<string, string>;
  modelSelectionExpression: string | null;
  responseParameters: Record<string, { required: boolean }>;
}

/** Applies a CreateRouteResponse/UpdateRouteResponse body (absent members unchanged; maps merge). */
export function applyRouteResponseMembers(state: Partial<RouteResponseState>, rawBody: unknown): void {
  const body = bodyObject(rawBody);
  const key = read.string(body, 'routeResponseKey');
  if (key !== undefined) state.routeResponseKey = key;
  const models = read.stringMap(body, 'responseModels');
  if (models !== undefined) state.responseModels = { ...state.responseModels, ...models };
  const selection = read.string(body, 'modelSelectionExpression');
  if (selection !== undefined) state.modelSelectionExpression = selection === '' ? null : selection;
  const parameters = read.object(body, 'responseParameters');
  if (parameters !== undefined) {
    const merged = { ...state.responseParameters };
    for (const [name, value] of Object.entries(parameters)) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw serializationError(value, 'Structure', `responseParameters.${name}`);
      merged[name] = { required: read.boolean(value as Record<string, unknown>, 'required', `responseParameters.${name}.required`) ?? false };
    }
    state.responseParameters = merged;
  }
}

export function checkRouteResponse(partial: Partial<RouteResponseState>): RouteResponseState {
  if (partial.routeResponseKey === undefined) throw badRequest('routeResponseKey is required');
  const state: RouteResponseState = {
    routeResponseKey: partial.routeResponseKey,
    responseModels: partial.responseModels ?? {},
    modelSelectionExpression: partial.modelSelectionExpression ?? null,
    responseParameters: partial.responseParameters ?? {},
  };
  // Only $default route responses exist (spec websocket §4.4).
  if (state.routeResponseKey !== '$default') throw badRequest(`Invalid routeResponseKey specified: ${state.routeResponseKey}. Only $default is supported`);
  for (const [key, model] of Object.entries(state.responseModels)) {
    checkLength(key, 1, 256, 'responseModels key');
    if (!/^[A-Za-z0-9]{1,128}$/.test(model)) throw badRequest(`Invalid model name specified for responseModels.${key}: ${model}. Model names are alphanumeric`);
  }
  checkLength(state.modelSelectionExpression ?? undefined, 1, 1024, 'modelSelectionExpression');
  for (const name of Object.keys(state.responseParameters)) {
    if (!/^route\.response\.header\.[a-zA-Z0-9._$-]{1,128}$/.test(name)) throw badRequest(`Invalid response parameter key specified: ${name}. Keys are route.response.header.{name}`);
  }
  return state;
}
