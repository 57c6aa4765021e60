export type {
  AuthorizationDecision,
  Caller,
  ConditionContext,
  ConditionSpec,
  EvaluationRequest,
  ParseResult,
  PolicyDocument,
  PolicyEffect,
  PolicyKind,
  PolicyVersion,
  PrincipalSpec,
  StatementSpec,
} from './types.js';
export { parsePolicy, policyErrors } from './parse-policy.js';
export { compilePolicy } from './compile-policy.js';
export type { CompiledPolicy, CompilePolicyOptions, MatchedStatement } from './compile-policy.js';
export { authorize, evaluatePolicies } from './authorize.js';
export type { AuthorizeInput, AuthorizeResult } from './authorize.js';
export { conditionContext, EMPTY_CONTEXT, timeKeys } from './condition-context.js';
export { compileCidrs, conditionOperatorNames, isConditionOperator } from './condition-operators.js';
export { compileGlob } from './glob.js';
export { expandExecuteApiResource, maskAccountInArn, methodArn } from './execute-api-arn.js';
export type { ExecuteApiScope } from './execute-api-arn.js';
