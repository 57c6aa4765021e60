import { InputValidator, bodyObject, read } from '../../common/validation.js';
import type { MethodState } from './method-state.js';

/** Reads a PutMethod body (types and required members); cross-field rules run in checkMethodState. */
export function parsePutMethod(body: unknown): MethodState {
  const obj = bodyObject(body);
  const v = new InputValidator('putMethodInput');
  const authorizationType = v.required(read.string(obj, 'authorizationType'), 'authorizationType');
  const state: MethodState = {
    authorizationType: authorizationType ?? 'NONE',
    authorizerId: read.string(obj, 'authorizerId') ?? null,
    apiKeyRequired: read.boolean(obj, 'apiKeyRequired') ?? false,
    operationName: read.string(obj, 'operationName') ?? null,
    requestValidatorId: read.string(obj, 'requestValidatorId') ?? null,
    requestParameters: read.booleanMap(obj, 'requestParameters') ?? {},
    requestModels: read.stringMap(obj, 'requestModels') ?? {},
    authorizationScopes: read.stringList(obj, 'authorizationScopes') ?? [],
  };
  v.check();
  return state;
}

export interface MethodResponseState {
  responseParameters: Record<string, boolean>;
  responseModels: Record<string, string>;
}

export function parsePutMethodResponse(body: unknown): MethodResponseState {
  const obj = bodyObject(body);
  return {
    responseParameters: read.booleanMap(obj, 'responseParameters') ?? {},
    responseModels: read.stringMap(obj, 'responseModels') ?? {},
  };
}
