import { badRequest } from '@portico/contracts';
import type { Db } from '../../common/lookups.js';
import { checkAuthorizationType, checkRequestParameters, normalAuthorizationType } from './method.rules.js';
import { LIMITS, checkListSize, checkMaxLength } from '../../common/limits.js';
import { ADMIN_ERRORS } from '../../common/admin-errors.js';

/** The writable part of a Method, validated as a whole after a Put or after all patch operations. */
export interface MethodState {
  authorizationType: string;
  authorizerId: string | null;
  apiKeyRequired: boolean;
  operationName: string | null;
  requestValidatorId: string | null;
  requestParameters: Record<string, boolean>;
  requestModels: Record<string, string>;
  authorizationScopes: string[];
}

/**
 * Cross-field and cross-resource checks: the authorizer exists in this API when the type needs one, and so do the
 * request models and the request validator.
 */
export async function checkMethodState(db: Db, restApiId: string, state: MethodState): Promise<void> {
  checkAuthorizationType(state.authorizationType);
  checkMaxLength(state.operationName, LIMITS.name, 'operationName');
  checkListSize(state.authorizationScopes, 'authorizationScopes');
  for (const scope of state.authorizationScopes) checkMaxLength(scope, LIMITS.name, 'authorizationScopes');
  checkRequestParameters(state.requestParameters);
  const authorizationType = normalAuthorizationType(state.authorizationType);
  if (authorizationType === 'CUSTOM' || authorizationType === 'COGNITO_USER_POOLS') {
    const authorizer = state.authorizerId ? await db.authorizer.findUnique({ where: { id: state.authorizerId } }) : null;
    if (!authorizer || authorizer.restApiId !== restApiId) {
      throw badRequest(
        'Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.',
      );
    }
  }
  // Models are named, validators identified, within the method's own API.
  await checkModelNames(db, restApiId, state.requestModels);
  if (state.requestValidatorId !== null) {
    const validator = await db.requestValidator.findUnique({ where: { id: state.requestValidatorId } });
    if (!validator || validator.restApiId !== restApiId) throw badRequest(ADMIN_ERRORS.requestValidatorNotFound);
  }
}

/** Every model a `requestModels`/`responseModels` map names exists in the API. */
export async function checkModelNames(db: Db, restApiId: string, models: Record<string, string>): Promise<void> {
  for (const name of new Set(Object.values(models))) {
    if (!(await db.model.findUnique({ where: { restApiId_name: { restApiId, name } } }))) throw badRequest(`Invalid model identifier specified: ${name}`);
  }
}
