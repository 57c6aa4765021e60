import { compilePolicy } from './compile-policy.js';
import { conditionContext } from './condition-context.js';
import { parsePolicy } from './parse-policy.js';
import type { Caller, EvaluationRequest, PolicyEffect, PolicyKind } from './types.js';

const ACCOUNT = '111122223333';
const alice: Caller = { arn: `arn:aws:iam::${ACCOUNT}:user/alice`, principalArn: `arn:aws:iam::${ACCOUNT}:user/alice`, accountId: ACCOUNT, userId: 'AIDAALICE', type: 'User', username: 'alice' };
const session: Caller = { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/s1`, principalArn: `arn:aws:iam::${ACCOUNT}:role/deployer`, accountId: ACCOUNT, userId: 'AROADEPLOYER:s1', type: 'AssumedRole' };
const stranger: Caller = { arn: 'arn:aws:iam::444455556666:user/eve', principalArn: 'arn:aws:iam::444455556666:user/eve', accountId: '444455556666', userId: 'AIDAEVE', type: 'User', username: 'eve' };
const ARN = `arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/prod/GET/pets/42`;

function compile(statements: unknown[], kind: PolicyKind = 'resource') {
  const parsed = parsePolicy({ Version: '2012-10-17', Statement: statements }, kind);
  if (!parsed.ok) throw new Error(parsed.message);
  return compilePolicy(parsed.policy, { executeApi: { region: 'us-east-1', accountId: ACCOUNT, apiId: 'abc123' } });
}
function request(caller: Caller | undefined, resource = ARN, action = 'execute-api:Invoke', values: Record<string, string> = {}): EvaluationRequest {
  return { caller, action, resource, context: conditionContext(caller, values) };
}

describe('resource matching', () => {
  const rows: Array<[string, string, PolicyEffect]> = [
    ['*', ARN, 'Allow'],
    [ARN, ARN, 'Allow'],
    [`arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/*`, ARN, 'Allow'],
    [`arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/*/GET/pets/*`, ARN, 'Allow'],
    [`arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/*/POST/*`, ARN, 'NoMatch'],
    [`arn:aws:execute-api:*:*:abc123/prod/GET/pets/4?`, ARN, 'Allow'],
    [`arn:aws:execute-api:*:*:abc123/prod/GET/pets/4?`, `${ARN}2`, 'NoMatch'],
    [`arn:aws:execute-api:us-east-1:${ACCOUNT}:ABC123/*`, ARN, 'NoMatch'],
    ['execute-api:/*', ARN, 'Allow'],
    ['execute-api:/prod/GET/pets/*', ARN, 'Allow'],
    ['execute-api:/test/*', ARN, 'NoMatch'],
    ['execute-api:/*/GET/', `arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/prod/GET/`, 'Allow'],
  ];
  it.each(rows)('Resource %s vs %s → %s', (pattern, resource, expected) => {
    expect(compile([{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: pattern }]).evaluate(request(alice, resource))).toBe(expected);
  });

  it('NotResource applies to everything else', () => {
    const policy = compile([{ Effect: 'Deny', Principal: '*', Action: '*', NotResource: 'execute-api:/prod/GET/public/*' }]);
    expect(policy.evaluate(request(alice))).toBe('Deny');
    expect(policy.evaluate(request(alice, `arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/prod/GET/public/x`))).toBe('NoMatch');
  });

  it('substitutes policy variables in Resource', () => {
    const policy = compile([{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/GET/users/${aws:username}' }], 'identity');
    expect(policy.evaluate(request(alice, `arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/prod/GET/users/alice`))).toBe('Allow');
    expect(policy.evaluate(request(alice, `arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/prod/GET/users/bob`))).toBe('NoMatch');
    // A session has no aws:username: the variable does not resolve, the resource matches nothing.
    expect(policy.evaluate(request(session, `arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/prod/GET/users/`))).toBe('NoMatch');
  });
});

describe('action matching', () => {
  const rows: Array<[string, string, PolicyEffect]> = [
    ['execute-api:Invoke', 'execute-api:Invoke', 'Allow'],
    ['execute-api:invoke', 'execute-api:Invoke', 'Allow'],
    ['execute-api:*', 'execute-api:Invoke', 'Allow'],
    ['execute-api:Inv*', 'execute-api:Invoke', 'Allow'],
    ['execute-api:Invok?', 'execute-api:Invoke', 'Allow'],
    ['*', 'execute-api:Invoke', 'Allow'],
    ['execute-api:ManageConnections', 'execute-api:Invoke', 'NoMatch'],
    ['s3:*', 'execute-api:Invoke', 'NoMatch'],
  ];
  it.each(rows)('Action %s vs %s → %s', (pattern, action, expected) => {
    expect(compile([{ Effect: 'Allow', Principal: '*', Action: pattern, Resource: '*' }]).evaluate(request(alice, ARN, action))).toBe(expected);
  });

  it('NotAction applies to every other action', () => {
    const policy = compile([{ Effect: 'Allow', Principal: '*', NotAction: 'execute-api:InvalidateCache', Resource: '*' }]);
    expect(policy.evaluate(request(alice))).toBe('Allow');
    expect(policy.evaluate(request(alice, ARN, 'execute-api:InvalidateCache'))).toBe('NoMatch');
  });
});

describe('principal matching', () => {
  const rows: Array<[string, unknown, Caller | undefined, PolicyEffect]> = [
    ['"*" matches a user', '*', alice, 'Allow'],
    ['"*" matches anonymous', '*', undefined, 'Allow'],
    ['AWS "*" matches anonymous', { AWS: '*' }, undefined, 'Allow'],
    ['user ARN', { AWS: alice.arn }, alice, 'Allow'],
    ['other user ARN', { AWS: `arn:aws:iam::${ACCOUNT}:user/bob` }, alice, 'NoMatch'],
    ['account id delegates to its users', { AWS: ACCOUNT }, alice, 'AccountAllow'],
    ['account root ARN delegates to its sessions', { AWS: `arn:aws:iam::${ACCOUNT}:root` }, session, 'AccountAllow'],
    ['account id names its root', { AWS: ACCOUNT }, { arn: `arn:aws:iam::${ACCOUNT}:root`, principalArn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT, userId: ACCOUNT, type: 'Account' }, 'Allow'],
    ['account id does not match another account', { AWS: ACCOUNT }, stranger, 'NoMatch'],
    ['account id does not match anonymous', { AWS: ACCOUNT }, undefined, 'NoMatch'],
    ['role ARN matches its sessions', { AWS: `arn:aws:iam::${ACCOUNT}:role/deployer` }, session, 'Allow'],
    ['session ARN', { AWS: session.arn }, session, 'Allow'],
    ['service principal matches no caller', { Service: 'lambda.amazonaws.com' }, alice, 'NoMatch'],
  ];
  it.each(rows)('%s', (_name, principal, caller, expected) => {
    expect(compile([{ Effect: 'Allow', Principal: principal, Action: '*', Resource: '*' }]).evaluate(request(caller))).toBe(expected);
  });

  it('NotPrincipal applies to everyone not listed, anonymous included', () => {
    const policy = compile([{ Effect: 'Deny', NotPrincipal: { AWS: alice.arn }, Action: '*', Resource: '*' }]);
    expect(policy.evaluate(request(alice))).toBe('NoMatch');
    expect(policy.evaluate(request(stranger))).toBe('Deny');
    expect(policy.evaluate(request(undefined))).toBe('Deny');
  });

  it('a Deny naming the account applies to all its principals', () => {
    const policy = compile([
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
      { Effect: 'Deny', Principal: { AWS: ACCOUNT }, Action: '*', Resource: '*' },
    ]);
    expect(policy.evaluate(request(alice))).toBe('Deny');
    expect(policy.evaluate(request(stranger))).toBe('Allow');
  });
});

describe('usesContext', () => {
  it.each([
    [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }, false],
    [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }, true],
    [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: 'execute-api:/*/GET/${aws:username}' }, true],
  ])('%j → %s', (statement, expected) => {
    expect(compile([statement]).usesContext).toBe(expected);
  });
});

describe('statement combination', () => {
  it('an explicit deny beats an allow in any order', () => {
    const allow = { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' };
    const deny = { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' };
    expect(compile([allow, deny]).evaluate(request(alice))).toBe('Deny');
    expect(compile([deny, allow]).evaluate(request(alice))).toBe('Deny');
  });

  it('conditions gate a statement (IP-restricted resource policy)', () => {
    const policy = compile([
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
      { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24'] } } },
    ]);
    expect(policy.evaluate(request(undefined, ARN, 'execute-api:Invoke', { 'aws:SourceIp': '192.0.2.10' }))).toBe('Allow');
    expect(policy.evaluate(request(undefined, ARN, 'execute-api:Invoke', { 'aws:SourceIp': '198.51.100.1' }))).toBe('Deny');
  });

  it('principal keys reach conditions: aws:PrincipalTag, aws:PrincipalAccount, aws:userid', () => {
    const tagged: Caller = { ...alice, tags: { Team: 'red' } };
    const policy = compile([
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red', 'aws:PrincipalAccount': ACCOUNT, 'aws:userid': 'AIDAALICE' } } },
    ]);
    expect(policy.evaluate(request(tagged))).toBe('Allow');
    expect(policy.evaluate(request(alice))).toBe('NoMatch');
  });
});

describe('matchingStatement (explaining a decision)', () => {
  const policy = compile([
    { Sid: 'OpenPets', Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/GET/pets/*' },
    { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' },
    { Sid: 'NoStrangers', Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'execute-api:Invoke', Resource: '*' },
  ]);

  it('names the Deny that decided, by Sid and index', () => {
    expect(policy.evaluate(request(stranger))).toBe('Deny');
    expect(policy.matchingStatement(request(stranger), 'Deny')).toEqual({ index: 2, sid: 'NoStrangers' });
  });

  it('names the first matching Allow; a statement without Sid by its index only', () => {
    expect(policy.matchingStatement(request(alice), 'Allow')).toEqual({ index: 0, sid: 'OpenPets' });
    expect(policy.matchingStatement(request(alice, `arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/prod/POST/pets`), 'Allow')).toEqual({ index: 1 });
    expect(policy.matchingStatement(request(alice), 'Deny')).toBeUndefined();
  });
});
