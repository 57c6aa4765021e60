import { AdminError } from '@portico/contracts';
import { authorize, conditionContext, timeKeys, type CompiledPolicy } from '@portico/engine-policy';
import type { AdminPrincipal } from './admin-principal.js';

/**
 * The ARN an admin call acts on, as AWS names API Gateway's control-plane resources: the request path in region
 * `region` with an empty account field (`arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages/prod`). HTTP and
 * WebSocket APIs are served under `/v2/apis/...` and named `/apis/...`, as on AWS.
 */
export function adminResourceArn(region: string, path: string): string {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // A path that is not valid percent-encoding is matched as sent (it names no resource anyway).
  }
  const resourcePath = decoded.startsWith('/v2/') ? decoded.slice(3) : decoded;
  return `arn:aws:apigateway:${region}::${resourcePath === '' ? '/' : resourcePath}`;
}

/**
 * API Gateway's control-plane authorization: `apigateway:{HTTP method}` on the resource ARN, by the caller's
 * identity policies and the same engine as execute-api and IAM. Account roots (the bootstrap admin among them) may
 * do anything in their own account; IAM users and role sessions need an Allow and no Deny. The admin API serves one
 * account (PORTICO_ACCOUNT_ID), so a principal of another account is denied like a cross-account call without a
 * resource policy. Security: a denial answers AccessDeniedException with AWS's text and nothing about the policies.
 */
export function authorizeAdminCall(input: {
  principal: AdminPrincipal;
  method: string;
  path: string;
  region: string;
  accountId: string;
  identityPolicies: readonly CompiledPolicy[];
  now: number;
}): void {
  const { principal } = input;
  const action = `apigateway:${input.method === 'HEAD' ? 'GET' : input.method}`;
  const resource = adminResourceArn(input.region, input.path);
  const result = authorize({
    request: { caller: principal.caller, action, resource, context: conditionContext(principal.caller, timeKeys(input.now)) },
    identityPolicies: input.identityPolicies,
    resourceAccountId: input.accountId,
  });
  if (result.decision.allowed) return;
  const reason = result.decision.explicitDeny ? 'with an explicit deny in an identity-based policy' : `because no identity-based policy allows the ${action} action`;
  throw new AdminError('AccessDeniedException', `User: ${principal.caller.arn} is not authorized to perform: ${action} on resource: ${resource} ${reason}`);
}
