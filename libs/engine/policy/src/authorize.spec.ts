import fc from 'fast-check';
import { authorize } from './authorize.js';
import type { CompiledPolicy } from './compile-policy.js';
import { compilePolicy } from './compile-policy.js';
import { conditionContext } from './condition-context.js';
import { parsePolicy } from './parse-policy.js';
import type { Caller, PolicyEffect } from './types.js';

const OWNER = '111122223333';
const OTHER = '444455556666';
const user = (account: string): Caller => ({ arn: `arn:aws:iam::${account}:user/u`, principalArn: `arn:aws:iam::${account}:user/u`, accountId: account, userId: 'AIDAU', type: 'User', username: 'u' });
const ARN = `arn:aws:execute-api:us-east-1:${OWNER}:abc123/prod/GET/x`;

/** A policy whose verdict is the given effect for every request. */
function fixed(effect: PolicyEffect): CompiledPolicy {
  return { document: { version: '2012-10-17', statements: [] }, usesContext: false, evaluate: () => effect, matchingStatement: () => undefined };
}
const request = (caller: Caller | undefined) => ({ caller, action: 'execute-api:Invoke', resource: ARN, context: conditionContext(caller) });
const outcome = (r: ReturnType<typeof authorize>) => (r.decision.allowed ? 'Allow' : r.decision.explicitDeny ? 'ExplicitDeny' : 'ImplicitDeny');

// spec §3.3, Table A (same account) and Table B (cross account), rewritten from AWS's documentation ("How API
// Gateway resource policies affect authorization workflow"; knowledge center "api-gateway-cross-account-403"):
// across accounts the caller's identity policy and the API's resource policy must both allow.
const table: Array<[PolicyEffect, PolicyEffect | undefined, string, string]> = [
  ['Allow', 'Allow', 'Allow', 'Allow'],
  ['Allow', 'NoMatch', 'Allow', 'ImplicitDeny'],
  ['Allow', 'Deny', 'ExplicitDeny', 'ExplicitDeny'],
  ['NoMatch', 'Allow', 'Allow', 'ImplicitDeny'],
  ['NoMatch', 'NoMatch', 'ImplicitDeny', 'ImplicitDeny'],
  ['NoMatch', 'Deny', 'ExplicitDeny', 'ExplicitDeny'],
  ['Deny', 'Allow', 'ExplicitDeny', 'ExplicitDeny'],
  ['Deny', 'NoMatch', 'ExplicitDeny', 'ExplicitDeny'],
  ['Deny', 'Deny', 'ExplicitDeny', 'ExplicitDeny'],
  // The resource policy named the caller's account, not the caller: a delegation, honoured with an identity Allow.
  ['Allow', 'AccountAllow', 'Allow', 'Allow'],
  ['NoMatch', 'AccountAllow', 'ImplicitDeny', 'ImplicitDeny'],
  ['Deny', 'AccountAllow', 'ExplicitDeny', 'ExplicitDeny'],
  // No resource policy: the owner has granted nothing to other accounts.
  ['Allow', undefined, 'Allow', 'ImplicitDeny'],
  ['NoMatch', undefined, 'ImplicitDeny', 'ImplicitDeny'],
  ['Deny', undefined, 'ExplicitDeny', 'ExplicitDeny'],
];

describe('authorize: API Gateway tables A (same account) and B (cross account)', () => {
  it.each(table)('identity %s, resource policy %s → same %s, cross %s', (identity, resource, same, cross) => {
    const input = (account: string) => ({
      request: request(user(account)),
      identityPolicies: [fixed(identity)],
      resourcePolicy: resource === undefined ? undefined : fixed(resource),
      resourceAccountId: OWNER,
    });
    expect(outcome(authorize(input(OWNER)))).toBe(same);
    expect(outcome(authorize(input(OTHER)))).toBe(cross);
  });

  it.each([
    ['Allow', 'Allow'],
    ['NoMatch', 'ImplicitDeny'],
    ['Deny', 'ExplicitDeny'],
    [undefined, 'Allow'],
  ] as Array<[PolicyEffect | undefined, string]>)('anonymous caller (NONE), resource policy %s → %s', (resource, expected) => {
    expect(outcome(authorize({ request: request(undefined), resourcePolicy: resource === undefined ? undefined : fixed(resource), resourceAccountId: OWNER }))).toBe(expected);
  });

  it('an account root needs no identity policy in its own account, but a cross-account root needs the resource policy', () => {
    const root = (account: string): Caller => ({ arn: `arn:aws:iam::${account}:root`, principalArn: `arn:aws:iam::${account}:root`, accountId: account, userId: account, type: 'Account' });
    expect(outcome(authorize({ request: request(root(OWNER)), resourceAccountId: OWNER }))).toBe('Allow');
    expect(outcome(authorize({ request: request(root(OTHER)), resourceAccountId: OWNER }))).toBe('ImplicitDeny');
    expect(outcome(authorize({ request: request(root(OTHER)), resourcePolicy: fixed('NoMatch'), resourceAccountId: OWNER }))).toBe('ImplicitDeny');
    expect(outcome(authorize({ request: request(root(OTHER)), resourcePolicy: fixed('Allow'), resourceAccountId: OWNER }))).toBe('Allow');
    expect(outcome(authorize({ request: request(root(OTHER)), resourcePolicy: fixed('Deny'), resourceAccountId: OWNER }))).toBe('ExplicitDeny');
  });
});

describe('property: an explicit deny is never overridden', () => {
  const effect = fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Deny');
  const statement = fc.record({
    Effect: effect,
    Principal: fc.constantFrom<unknown>('*', { AWS: OWNER }, { AWS: OTHER }, { AWS: `arn:aws:iam::${OWNER}:user/u` }),
    Action: fc.constantFrom('execute-api:Invoke', 'execute-api:*', '*', 's3:GetObject'),
    Resource: fc.constantFrom('*', 'execute-api:/*', 'execute-api:/prod/GET/*', 'execute-api:/test/*', ARN),
  });
  const statements = fc.array(statement, { minLength: 1, maxLength: 6 });
  const compile = (list: unknown[], kind: 'identity' | 'resource') => {
    const stripped = kind === 'identity' ? list.map((s) => ({ ...(s as Record<string, unknown>), Principal: undefined })) : list;
    const parsed = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: stripped }), kind);
    if (!parsed.ok) throw new Error(parsed.message);
    return compilePolicy(parsed.policy, { executeApi: { region: 'us-east-1', accountId: OWNER, apiId: 'abc123' } });
  };

  it('adding a matching Deny statement to either side always yields an explicit deny', () => {
    fc.assert(
      fc.property(statements, statements, fc.boolean(), fc.boolean(), fc.constantFrom(OWNER, OTHER), fc.integer({ min: 0, max: 6 }), (identity, resource, denyOnIdentity, anonymous, account, position) => {
        const deny = { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' };
        const withDeny = (list: unknown[]) => [...list.slice(0, position), deny, ...list.slice(position)];
        const caller = anonymous ? undefined : user(account);
        const onIdentity = denyOnIdentity && caller !== undefined;
        const result = authorize({
          request: request(caller),
          identityPolicies: [compile(onIdentity ? withDeny(identity) : identity, 'identity')],
          resourcePolicy: compile(onIdentity ? resource : withDeny(resource), 'resource'),
          resourceAccountId: OWNER,
        });
        expect(result.decision).toEqual({ allowed: false, explicitDeny: true });
      }),
    );
  });

  it('whatever the policies, a Deny verdict on either side is never an allow', () => {
    const verdict = fc.constantFrom<PolicyEffect>('Allow', 'Deny', 'NoMatch');
    fc.assert(
      fc.property(fc.array(verdict, { maxLength: 4 }), fc.option(verdict, { nil: undefined }), fc.constantFrom(OWNER, OTHER), (identity, resource, account) => {
        const result = authorize({ request: request(user(account)), identityPolicies: identity.map(fixed), resourcePolicy: resource === undefined ? undefined : fixed(resource), resourceAccountId: OWNER });
        if (identity.includes('Deny') || resource === 'Deny') expect(result.decision).toEqual({ allowed: false, explicitDeny: true });
      }),
    );
  });
});

describe('property: a cross-account caller is never allowed without a resource-policy Allow', () => {
  const verdict = fc.constantFrom<PolicyEffect>('Allow', 'Deny', 'NoMatch', 'AccountAllow');
  const crossCaller = fc.oneof(
    fc.constant<Caller>(user(OTHER)),
    fc.constant<Caller>({ arn: `arn:aws:iam::${OTHER}:root`, principalArn: `arn:aws:iam::${OTHER}:root`, accountId: OTHER, userId: OTHER, type: 'Account' }),
    fc.constant<Caller>({ arn: `arn:aws:sts::${OTHER}:assumed-role/r/s`, principalArn: `arn:aws:iam::${OTHER}:role/r`, accountId: OTHER, userId: 'AROA:s', type: 'AssumedRole' }),
  );

  it('with fixed verdicts: no resource policy, or one that is silent or denies, never yields Allow', () => {
    fc.assert(
      fc.property(crossCaller, fc.array(verdict, { maxLength: 5 }), fc.constantFrom<PolicyEffect | undefined>(undefined, 'NoMatch', 'Deny'), (caller, identity, resource) => {
        const result = authorize({ request: request(caller), identityPolicies: identity.map(fixed), resourcePolicy: resource === undefined ? undefined : fixed(resource), resourceAccountId: OWNER });
        expect(result.decision.allowed).toBe(false);
      }),
    );
  });

  it('with real policies: whatever the identity policies, a resource policy without an Allow for the caller never yields Allow', () => {
    const statement = (withPrincipal: boolean) =>
      fc.record({
        Effect: fc.constantFrom('Allow', 'Deny'),
        ...(withPrincipal ? { Principal: fc.constantFrom<unknown>('*', { AWS: OWNER }, { AWS: OTHER }, { AWS: `arn:aws:iam::${OTHER}:root` }) } : {}),
        Action: fc.constantFrom('execute-api:Invoke', 'execute-api:*', '*', 's3:GetObject'),
        Resource: fc.constantFrom('*', 'execute-api:/*', 'execute-api:/prod/GET/*', ARN),
      });
    const compile = (list: unknown[], kind: 'identity' | 'resource') => {
      const parsed = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: list }), kind);
      if (!parsed.ok) throw new Error(parsed.message);
      return compilePolicy(parsed.policy, { executeApi: { region: 'us-east-1', accountId: OWNER, apiId: 'abc123' } });
    };
    fc.assert(
      fc.property(crossCaller, fc.array(statement(false), { minLength: 1, maxLength: 5 }), fc.option(fc.array(statement(true), { minLength: 1, maxLength: 5 }), { nil: undefined }), (caller, identity, resource) => {
        const resourcePolicy = resource === undefined ? undefined : compile(resource, 'resource');
        const result = authorize({ request: request(caller), identityPolicies: [compile(identity, 'identity')], resourcePolicy, resourceAccountId: OWNER });
        const resourceAllows = result.resource === 'Allow' || result.resource === 'AccountAllow';
        if (!resourceAllows) expect(result.decision.allowed).toBe(false);
        // and whenever it is allowed, both sides said so
        if (result.decision.allowed) expect([result.identity, resourceAllows]).toEqual(['Allow', true]);
      }),
      { numRuns: 500 },
    );
  });
});
