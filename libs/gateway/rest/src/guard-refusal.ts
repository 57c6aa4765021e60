import type { MethodSnapshot } from '@portico/contracts';

/**
 * Why a method is refused before its integration runs. Authorization other than NONE is a later issue; serving
 * such a method without its check would expose it, so it answers 500 instead (security). API keys are checked
 * by the method's guard.
 */
export function guardRefusal(method: MethodSnapshot): string | undefined {
  // CUSTOM and COGNITO_USER_POOLS run their authorizer step (authorization-step.ts); AWS_IAM its access step.
  if (method.authorizationType !== 'NONE' && method.authorizationType !== 'CUSTOM' && method.authorizationType !== 'COGNITO_USER_POOLS' && method.authorizationType !== 'AWS_IAM') {
    return `authorizationType ${method.authorizationType} is not enforced by this data plane yet`;
  }
  return undefined;
}
