import type { CompiledPolicy } from './compile-policy.js';
import type { AuthorizationDecision, EvaluationRequest, PolicyEffect } from './types.js';

export interface AuthorizeInput {
  readonly request: EvaluationRequest;
  /**
   * The caller's identity-based policies (an IAM user's inline and attached policies; an assumed-role session's
   * role policies). Not used for the anonymous principal; an account's root is allowed everything in them.
   */
  readonly identityPolicies?: readonly CompiledPolicy[];
  /** The API's resource policy, if it has one. */
  readonly resourcePolicy?: CompiledPolicy;
  /** The account that owns the resource (the API's account). */
  readonly resourceAccountId: string;
}

export interface AuthorizeResult {
  readonly decision: AuthorizationDecision;
  /** Each side's verdict, for logs and tests; `resource` is undefined without a resource policy. */
  readonly identity: PolicyEffect;
  readonly resource: PolicyEffect | undefined;
}

const RANK: Record<PolicyEffect, number> = { NoMatch: 0, AccountAllow: 1, Allow: 2, Deny: 3 };

/** Combines one side's policies: any Deny wins, then any Allow. */
export function evaluatePolicies(policies: readonly CompiledPolicy[], request: EvaluationRequest): PolicyEffect {
  let result: PolicyEffect = 'NoMatch';
  for (const policy of policies) {
    const effect = policy.evaluate(request);
    if (effect === 'Deny') return 'Deny';
    if (RANK[effect] > RANK[result]) result = effect;
  }
  return result;
}

/**
 * API Gateway's authorization table for IAM callers and the anonymous principal (spec §3.3; AWS's "How API Gateway
 * resource policies affect authorization workflow" and the knowledge-center article "api-gateway-cross-account-403").
 * Table A applies within the API's own account, Table B to a caller of another account:
 *
 * | caller side | resource policy         | same account (A) | cross account (B) | anonymous (NONE) |
 * |-------------|-------------------------|------------------|-------------------|------------------|
 * | Deny        | any                     | explicit deny    | explicit deny     | —                |
 * | any         | Deny                    | explicit deny    | explicit deny     | explicit deny    |
 * | Allow       | Allow                   | allow            | allow             | —                |
 * | Allow       | silent                  | allow            | implicit deny     | —                |
 * | silent      | Allow                   | allow            | implicit deny     | allow            |
 * | silent      | silent                  | implicit deny    | implicit deny     | implicit deny    |
 * | Allow       | Allow of caller account | allow            | allow             | —                |
 * | silent      | Allow of caller account | implicit deny    | implicit deny     | —                |
 * | Allow       | (no policy)             | allow            | **implicit deny** | allow (no check) |
 * | silent      | (no policy)             | implicit deny    | implicit deny     | —                |
 *
 * Cross account, both sides must allow: the caller's identity policies (its account's say) and the API's resource
 * policy (the owner's say). Without a resource policy the owner has said nothing, so a caller of another account —
 * even its root, even with `execute-api:Invoke *` — is denied.
 *
 * A resource-policy `AccountAllow` (the Principal named the caller's account, not the caller) counts as an Allow
 * only when the caller's identity policies also allow: IAM's delegation to the account.
 *
 * Security: an explicit Deny on either side is checked first and nothing overrides it.
 */
export function authorize(input: AuthorizeInput): AuthorizeResult {
  const { request, resourcePolicy } = input;
  const caller = request.caller;
  let identity: PolicyEffect = 'NoMatch';
  if (caller?.type === 'Account') identity = 'Allow';
  else if (caller) identity = evaluatePolicies(input.identityPolicies ?? [], request);
  const resource = resourcePolicy?.evaluate(request);

  const deny = (explicitDeny: boolean): AuthorizeResult => ({ decision: { allowed: false, explicitDeny }, identity, resource });
  const allow: AuthorizeResult = { decision: { allowed: true }, identity, resource };

  if (identity === 'Deny' || resource === 'Deny') return deny(true);
  if (!caller) return resource === undefined || resource === 'Allow' ? allow : deny(false);
  if (caller.accountId !== input.resourceAccountId) {
    // Table B: both sides allow, the resource side by naming the caller or delegating to its account.
    return identity === 'Allow' && (resource === 'Allow' || resource === 'AccountAllow') ? allow : deny(false);
  }
  if (resource === undefined || resource === 'AccountAllow') return identity === 'Allow' ? allow : deny(false);
  return identity === 'Allow' || resource === 'Allow' ? allow : deny(false);
}
