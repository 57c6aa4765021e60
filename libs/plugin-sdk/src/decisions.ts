/**
 * One IAM policy statement, as Lambda authorizers return it (`execute-api:Invoke` on method ARNs).
 * @example
 * const statement: PolicyStatement = { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:abc123/prod/GET/*' };
 */
export interface PolicyStatement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Sid?: string;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/**
 * An IAM policy document.
 * @example
 * const policyDocument: PolicyDocument = { Version: '2012-10-17', Statement: [statement] };
 */
export interface PolicyDocument {
  readonly Version: string;
  readonly Statement: readonly PolicyStatement[];
}

/**
 * Values an authorizer may pass to the integration; AWS accepts strings, numbers and booleans only.
 * @example
 * const context: Record<string, ContextValue> = { tenant: 'acme', seats: 12, admin: false };
 */
export type ContextValue = string | number | boolean;

/**
 * The caller may proceed (subject to `policyDocument`, when given).
 * @example
 * const decision: AllowDecision = allow({ principalId: 'user-42', context: { tier: 'gold' }, usageIdentifierKey: apiKeyValue });
 */
export interface AllowDecision {
  readonly effect: 'allow';
  /** Who the caller is: `$context.authorizer.principalId`. */
  readonly principalId: string;
  /**
   * Optional IAM policy, evaluated by the host against each method ARN (also on cache hits, so a policy for one
   * method denies the others). Without it the decision allows every method the authorizer protects.
   */
  readonly policyDocument?: PolicyDocument;
  /** Flat map handed to the integration: `$context.authorizer.<key>` and `requestContext.authorizer.<key>`. */
  readonly context?: Readonly<Record<string, ContextValue>>;
  /** API key value used for usage plans when the API's `apiKeySource` is AUTHORIZER. */
  readonly usageIdentifierKey?: string;
}

/**
 * The caller may not proceed: 401 (could not authenticate) or 403 (authenticated, not allowed).
 * @example
 * const decision: DenyDecision = deny(403, 'suspended account');
 */
export interface DenyDecision {
  readonly effect: 'deny';
  readonly status: 401 | 403;
  /** For logs only; never shown to the caller (AWS's bodies are fixed). */
  readonly reason?: string;
}

/**
 * The authorizer itself is broken (bad config, identity provider down): 500, never cached.
 * @example
 * const decision: FailDecision = fail('introspection endpoint answered 503');
 */
export interface FailDecision {
  readonly effect: 'fail';
  /** For logs only. */
  readonly reason: string;
}

/**
 * What `authorize` returns. Expected outcomes are values: a plugin throws only on bugs.
 * @example
 * function log(decision: AuthorizerDecision): string {
 *   return decision.effect === 'allow' ? decision.principalId : decision.effect === 'deny' ? `deny ${decision.status}` : decision.reason;
 * }
 */
export type AuthorizerDecision = AllowDecision | DenyDecision | FailDecision;

/**
 * Lets the request through.
 *
 * @example
 * return allow({ principalId: 'user-42', context: { tenant: 'acme', admin: false } });
 * @example
 * // Scope the decision with a policy; the host re-checks it for every method ARN.
 * return allow({
 *   principalId: 'user-42',
 *   policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:*' + '/prod/GET/*' }] },
 * });
 */
export function allow(options: Omit<AllowDecision, 'effect'>): AllowDecision {
  return { effect: 'allow', ...options };
}

/**
 * Stops the request: `401` → 401 `{"message":"Unauthorized"}`; `403` → 403 "User is not authorized to access this
 * resource". `reason` goes to the gateway's log, never to the caller.
 *
 * @example
 * if (!token) return deny(401, 'no token');
 * if (!claims.admin) return deny(403, 'not an admin');
 */
export function deny(status: 401 | 403 = 401, reason?: string): DenyDecision {
  return reason === undefined ? { effect: 'deny', status } : { effect: 'deny', status, reason };
}

/**
 * Reports that the authorizer cannot decide because it is broken (500 AUTHORIZER_CONFIGURATION_ERROR, not cached).
 * Use it for failures that are not the caller's fault, such as an unreachable key server.
 *
 * @example
 * if (!keys) return fail('JWKS endpoint unreachable');
 */
export function fail(reason: string): FailDecision {
  return { effect: 'fail', reason };
}

const CONTEXT_TYPES = new Set(['string', 'number', 'boolean']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks that a value is a well-formed decision; returns the problem, or undefined when it is one. Hosts use it on
 * whatever a plugin returned; the conformance suite uses it too.
 *
 * @example
 * decisionProblem(allow({ principalId: '' })); // 'allow needs a non-empty principalId'
 */
export function decisionProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'a decision must be an object (use allow(), deny() or fail())';
  switch (value.effect) {
    case 'allow': {
      if (typeof value.principalId !== 'string' || value.principalId === '') return 'allow needs a non-empty principalId';
      if (value.context !== undefined) {
        if (!isRecord(value.context)) return 'allow context must be a flat object';
        for (const [key, entry] of Object.entries(value.context)) {
          if (!CONTEXT_TYPES.has(typeof entry)) return `allow context.${key} must be a string, number or boolean`;
        }
      }
      if (value.usageIdentifierKey !== undefined && typeof value.usageIdentifierKey !== 'string') return 'usageIdentifierKey must be a string';
      if (value.policyDocument !== undefined) {
        const policy = value.policyDocument;
        if (!isRecord(policy) || !Array.isArray(policy.Statement)) return 'policyDocument needs a Statement array';
        for (const statement of policy.Statement) {
          if (!isRecord(statement) || (statement.Effect !== 'Allow' && statement.Effect !== 'Deny')) return 'each policy statement needs Effect Allow or Deny';
          if (statement.Resource === undefined || statement.Action === undefined) return 'each policy statement needs Action and Resource';
        }
      }
      return undefined;
    }
    case 'deny':
      return value.status === 401 || value.status === 403 ? undefined : 'deny status must be 401 or 403';
    case 'fail':
      return typeof value.reason === 'string' ? undefined : 'fail needs a reason';
    default:
      return 'a decision needs effect allow, deny or fail';
  }
}
