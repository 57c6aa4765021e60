import { badRequest } from '@portico/contracts';
import type { Db } from '../../common/lookups.js';
import { checkAuthorizationType, checkRequestModels, checkRequestParameters, normalAuthorizationType } from './method.rules.js';
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

/** Cross-field and cross-resource checks: the authorizer exists in this API when the type needs one. */
export async function checkMethodState(db: Db, restApiId: string, state: MethodState): Promise<void> {
  checkAuthorizationType(state.authorizationType);
  checkMaxLength(state.operationName, LIMITS.name, 'operationName');
  checkListSize(state.authorizationScopes, 'authorizationScopes');
  for (const scope of state.authorizationScopes) checkMaxLength(scope, LIMITS.name, 'authorizationScopes');
  checkRequestParameters(state.requestParameters);
  checkRequestModels(state.requestModels);
  const authorizationType = normalAuthorizationType(state.authorizationType);
  if (authorizationType === 'CUSTOM' || authorizationType === 'COGNITO_USER_POOLS') {
    const authorizer = state.authorizerId ? await db.authorizer.findUnique({ where: { id: state.authorizerId } }) : null;
    if (!authorizer || authorizer.restApiId !== restApiId) {
      throw badRequest(
        'Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.',
      );
    }
  }
  // Portico has no RequestValidator resource yet, so no id can be valid.
  if (state.requestValidatorId !== null) throw badRequest(ADMIN_ERRORS.requestValidatorNotFound);
}
