/**
 * Which kind of document a policy is; it decides which elements are required or refused (IAM's rules):
 * - `identity`: attached to a user or role; no Principal; Action and Resource required.
 * - `resource`: an API's resource policy; Principal (or NotPrincipal) required; Action and Resource required.
 * - `trust`: a role's assume-role policy; Principal required; no Resource.
 */
export type PolicyKind = 'identity' | 'resource' | 'trust';

export type PolicyVersion = '2012-10-17' | '2008-10-17';

/** Principal element after parsing: `*`, or per type (`AWS`, `Service`, `Federated`, `CanonicalUser`) a list. */
export type PrincipalSpec = '*' | Readonly<Record<string, readonly string[]>>;

/** Condition block: operator (as written, e.g. `ForAnyValue:StringLikeIfExists`) → key → policy values. */
export type ConditionSpec = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

export interface StatementSpec {
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly principal?: PrincipalSpec;
  readonly notPrincipal?: PrincipalSpec;
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly condition?: ConditionSpec;
}

/** A validated policy document with every "string or list" element normalised to a list. */
export interface PolicyDocument {
  readonly version: PolicyVersion | undefined;
  readonly id?: string;
  readonly statements: readonly StatementSpec[];
}

export type ParseResult = { ok: true; policy: PolicyDocument } | { ok: false; message: string };

/**
 * An authenticated caller, as the condition keys and Principal matching see it.
 * - IAM user: arn `arn:aws:iam::{acct}:user/{path}{name}`, principalArn = arn, type `User`, username set.
 * - Assumed-role session: arn `arn:aws:sts::{acct}:assumed-role/{role}/{session}`, principalArn = the role's ARN,
 *   userId `{roleId}:{session}`, type `AssumedRole`.
 * - Account root: arn `arn:aws:iam::{acct}:root`, userId = account id, type `Account`.
 */
export interface Caller {
  readonly arn: string;
  readonly principalArn: string;
  readonly accountId: string;
  readonly userId: string;
  readonly type: 'User' | 'AssumedRole' | 'Account';
  readonly username?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Request-context keys for conditions and policy variables. Keys are matched case-insensitively (IAM's rule), so
 * build it with `conditionContext()`; values are always strings (a multi-valued key has several).
 */
export type ConditionContext = ReadonlyMap<string, readonly string[]>;

export interface EvaluationRequest {
  /** undefined = the anonymous principal (a method with authorization NONE). */
  readonly caller: Caller | undefined;
  readonly action: string;
  readonly resource: string;
  readonly context: ConditionContext;
}

/**
 * One policy's (or one side's) verdict: an explicit Deny, an Allow, nothing matched, or `AccountAllow`: an Allow
 * whose Principal named the caller's account (its id or root ARN) rather than the caller. IAM treats that as a
 * delegation to the account: it grants only together with the caller's own identity-policy Allow.
 */
export type PolicyEffect = 'Deny' | 'Allow' | 'AccountAllow' | 'NoMatch';

export type AuthorizationDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly explicitDeny: boolean };
