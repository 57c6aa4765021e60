import { compileCondition, conditionOperatorNames } from './condition-operators.js';
import { conditionContext } from './condition-context.js';
import type { ConditionContext } from './types.js';

const ctx = (values: Record<string, string | string[]>): ConditionContext => conditionContext(undefined, values);
const holds = (operator: string, key: string, policyValues: string[], context: ConditionContext, variables = true): boolean =>
  compileCondition({ [operator]: { [key]: policyValues } }, variables)(context);

// [operator, policy values, request value (undefined = key absent), expected]
type Row = [string, string[], string | string[] | undefined, boolean];

const rows: Row[] = [
  // String
  ['StringEquals', ['alice'], 'alice', true],
  ['StringEquals', ['alice'], 'Alice', false],
  ['StringEquals', ['bob', 'alice'], 'alice', true],
  ['StringEquals', ['alice'], undefined, false],
  ['StringNotEquals', ['alice'], 'bob', true],
  ['StringNotEquals', ['alice'], 'alice', false],
  ['StringNotEquals', ['alice', 'bob'], 'bob', false],
  ['StringNotEquals', ['alice'], undefined, true],
  ['StringEqualsIgnoreCase', ['ALICE'], 'alice', true],
  ['StringEqualsIgnoreCase', ['ALICE'], 'bob', false],
  ['StringNotEqualsIgnoreCase', ['ALICE'], 'alice', false],
  ['StringNotEqualsIgnoreCase', ['ALICE'], 'bob', true],
  ['StringLike', ['ali*'], 'alice', true],
  ['StringLike', ['a?ice'], 'alice', true],
  ['StringLike', ['a?ice'], 'aice', false],
  ['StringLike', ['*/admin/*'], 'x/admin/y/z', true],
  ['StringLike', ['ALI*'], 'alice', false],
  ['StringNotLike', ['ali*'], 'bob', true],
  ['StringNotLike', ['ali*'], 'alice', false],
  ['StringNotLike', ['ali*'], undefined, true],
  // Numeric
  ['NumericEquals', ['10'], '10', true],
  ['NumericEquals', ['10'], '10.0', true],
  ['NumericEquals', ['10'], '11', false],
  ['NumericEquals', ['10'], 'ten', false],
  ['NumericNotEquals', ['10'], '11', true],
  ['NumericNotEquals', ['10'], '10', false],
  ['NumericLessThan', ['10'], '9', true],
  ['NumericLessThan', ['10'], '10', false],
  ['NumericLessThanEquals', ['10'], '10', true],
  ['NumericLessThanEquals', ['10'], '11', false],
  ['NumericGreaterThan', ['10'], '11', true],
  ['NumericGreaterThan', ['10'], '10', false],
  ['NumericGreaterThanEquals', ['10'], '10', true],
  ['NumericGreaterThanEquals', ['10'], '9.5', false],
  ['NumericLessThan', ['10'], undefined, false],
  // Date (ISO 8601 and epoch seconds on either side)
  ['DateEquals', ['2024-01-01T00:00:00Z'], '2024-01-01T00:00:00Z', true],
  ['DateEquals', ['2024-01-01T00:00:00Z'], '1704067200', true],
  ['DateNotEquals', ['2024-01-01T00:00:00Z'], '2024-01-02T00:00:00Z', true],
  ['DateNotEquals', ['2024-01-01T00:00:00Z'], '2024-01-01T00:00:00Z', false],
  ['DateLessThan', ['2024-01-01T00:00:00Z'], '2023-12-31T23:59:59Z', true],
  ['DateLessThan', ['1704067200'], '2024-01-01T00:00:00Z', false],
  ['DateLessThanEquals', ['2024-01-01'], '2024-01-01T00:00:00Z', true],
  ['DateGreaterThan', ['2024-01-01T00:00:00Z'], '2024-06-01T00:00:00Z', true],
  ['DateGreaterThan', ['2024-01-01T00:00:00Z'], 'not a date', false],
  ['DateGreaterThanEquals', ['2024-01-01T00:00:00Z'], '2024-01-01T00:00:00Z', true],
  ['DateGreaterThanEquals', ['2024-01-01T00:00:00Z'], '2023-01-01T00:00:00Z', false],
  // Bool and binary
  ['Bool', ['true'], 'true', true],
  ['Bool', ['true'], 'false', false],
  ['Bool', ['false'], 'FALSE', true],
  ['Bool', ['true'], undefined, false],
  ['BinaryEquals', ['QmluYXJ5'], 'QmluYXJ5', true],
  ['BinaryEquals', ['QmluYXJ5'], 'QmluYXJ6', false],
  // IP addresses (v4, v6, single addresses, IPv4-mapped clients)
  ['IpAddress', ['203.0.113.0/24'], '203.0.113.77', true],
  ['IpAddress', ['203.0.113.0/24'], '203.0.114.1', false],
  ['IpAddress', ['203.0.113.5'], '203.0.113.5', true],
  ['IpAddress', ['10.0.0.0/8', '192.168.0.0/16'], '192.168.3.4', true],
  ['IpAddress', ['10.0.0.0/8'], '::ffff:10.1.2.3', true],
  ['IpAddress', ['2001:db8::/32'], '2001:db8:1::5', true],
  ['IpAddress', ['2001:db8::/32'], '2001:db9::1', false],
  ['IpAddress', ['2001:db8::/32'], '10.0.0.1', false],
  ['IpAddress', ['not-a-cidr'], '10.0.0.1', false],
  ['IpAddress', ['10.0.0.0/8'], undefined, false],
  ['NotIpAddress', ['10.0.0.0/8'], '11.0.0.1', true],
  ['NotIpAddress', ['10.0.0.0/8'], '10.0.0.1', false],
  ['NotIpAddress', ['10.0.0.0/8'], undefined, true],
  // ARNs: component-wise, wildcards inside a component
  ['ArnEquals', ['arn:aws:iam::123456789012:user/alice'], 'arn:aws:iam::123456789012:user/alice', true],
  ['ArnEquals', ['arn:aws:iam::123456789012:user/*'], 'arn:aws:iam::123456789012:user/alice', true],
  ['ArnLike', ['arn:aws:iam::*:user/*'], 'arn:aws:iam::123456789012:user/alice', true],
  ['ArnLike', ['arn:aws:iam::*:role/*'], 'arn:aws:iam::123456789012:user/alice', false],
  ['ArnLike', ['arn:aws:iam::12345678901?:user/alice'], 'arn:aws:iam::123456789012:user/alice', true],
  ['ArnLike', ['arn:aws:iam::123456789012:user/alice'], 'not-an-arn', false],
  ['ArnLike', ['arn:aws:*'], 'arn:aws:iam::123456789012:user/alice', false],
  ['ArnNotEquals', ['arn:aws:iam::123456789012:user/alice'], 'arn:aws:iam::123456789012:user/bob', true],
  ['ArnNotLike', ['arn:aws:iam::*:user/*'], 'arn:aws:iam::123456789012:user/alice', false],
  ['ArnNotLike', ['arn:aws:iam::*:user/*'], undefined, true],
  // IfExists: an absent key satisfies the condition; a present one is tested
  ['StringEqualsIfExists', ['alice'], undefined, true],
  ['StringEqualsIfExists', ['alice'], 'bob', false],
  ['StringEqualsIfExists', ['alice'], 'alice', true],
  ['NumericLessThanIfExists', ['10'], undefined, true],
  ['DateLessThanIfExists', ['2024-01-01T00:00:00Z'], undefined, true],
  ['BoolIfExists', ['false'], undefined, true],
  ['BoolIfExists', ['false'], 'true', false],
  ['IpAddressIfExists', ['10.0.0.0/8'], undefined, true],
  ['ArnLikeIfExists', ['arn:aws:iam::*:user/*'], undefined, true],
  // Null
  ['Null', ['true'], undefined, true],
  ['Null', ['true'], 'x', false],
  ['Null', ['false'], 'x', true],
  ['Null', ['false'], undefined, false],
  // Set operators over multi-valued keys
  ['ForAnyValue:StringEquals', ['a', 'b'], ['x', 'b'], true],
  ['ForAnyValue:StringEquals', ['a', 'b'], ['x', 'y'], false],
  ['ForAnyValue:StringEquals', ['a'], undefined, false],
  ['ForAnyValue:StringEquals', ['a'], [], false],
  ['ForAnyValue:StringEqualsIfExists', ['a'], undefined, true],
  ['ForAnyValue:StringNotEquals', ['a'], ['a', 'b'], true],
  ['ForAnyValue:StringNotEquals', ['a'], ['a'], false],
  ['ForAnyValue:StringLike', ['team-*'], ['x', 'team-red'], true],
  ['ForAllValues:StringEquals', ['a', 'b'], ['a', 'b'], true],
  ['ForAllValues:StringEquals', ['a', 'b'], ['a', 'c'], false],
  ['ForAllValues:StringEquals', ['a'], undefined, true],
  ['ForAllValues:StringEquals', ['a'], [], true],
  ['ForAllValues:StringNotEquals', ['a'], ['b', 'c'], true],
  ['ForAllValues:StringNotEquals', ['a'], ['b', 'a'], false],
  ['ForAllValues:StringLike', ['team-*'], ['team-a', 'team-b'], true],
  // Without a set operator, a multi-valued key matches when any value does (Not-forms: when none does)
  ['StringEquals', ['a'], ['x', 'a'], true],
  ['StringNotEquals', ['a'], ['x', 'a'], false],
];

describe('condition operators', () => {
  it.each(rows)('%s %j vs %j → %s', (operator, values, actual, expected) => {
    const context = actual === undefined ? ctx({}) : ctx({ 'test:key': actual });
    expect(holds(operator, 'test:key', values, context)).toBe(expected);
  });

  it('covers every operator', () => {
    const tested = new Set(rows.map(([op]) => op.replace(/^For(Any|All)Values?:/, '').replace(/IfExists$/, '')));
    expect(conditionOperatorNames.filter((name) => !tested.has(name))).toEqual([]);
  });

  it('matches condition keys case-insensitively', () => {
    expect(holds('StringEquals', 'AWS:UserName', ['alice'], ctx({ 'aws:username': 'alice' }))).toBe(true);
  });

  it('ANDs operators and keys, ORs values', () => {
    const condition = compileCondition(
      { StringEquals: { 'a:x': ['1', '2'], 'a:y': ['3'] }, IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } },
      true,
    );
    expect(condition(ctx({ 'a:x': '2', 'a:y': '3', 'aws:SourceIp': '10.1.1.1' }))).toBe(true);
    expect(condition(ctx({ 'a:x': '2', 'a:y': '4', 'aws:SourceIp': '10.1.1.1' }))).toBe(false);
    expect(condition(ctx({ 'a:x': '2', 'a:y': '3', 'aws:SourceIp': '11.1.1.1' }))).toBe(false);
  });
});

describe('policy variables in condition values', () => {
  const context = ctx({ 'aws:username': 'alice', 'aws:PrincipalTag/team': 'red', 'aws:PrincipalArn': 'arn:aws:iam::123456789012:user/alice' });
  const rows: Array<[string, string, string[], boolean, boolean?]> = [
    ['StringEquals', 'test:owner', ['${aws:username}'], true],
    ['StringEquals', 'test:owner', ['${aws:userName}'], true],
    ['StringLike', 'test:path', ['home/${aws:username}/*'], true],
    ['StringLike', 'test:team', ['${aws:PrincipalTag/team}'], true],
    ['StringEquals', 'test:team', ['${aws:PrincipalTag/team}'], true],
    ['StringEquals', 'test:missing', ['${aws:SourceVpc}'], false],
    ['StringEquals', 'test:fallback', ["${aws:SourceVpc, 'none'}"], true],
    ['StringEquals', 'test:literal', ['a${*}b${?}c${$}'], true],
    ['StringLike', 'test:literal', ['a${*}b${?}c${$}'], true],
    ['ArnLike', 'test:arn', ['arn:aws:iam::*:user/${aws:username}'], true],
    // Version 2008-10-17: no variables, `${…}` is literal text
    ['StringEquals', 'test:owner', ['${aws:username}'], false, false],
  ];
  const request = ctx({
    ...Object.fromEntries([...context].map(([k, v]) => [k, [...v]])),
    'test:owner': 'alice',
    'test:path': 'home/alice/docs',
    'test:team': 'red',
    'test:missing': 'vpc-1',
    'test:fallback': 'none',
    'test:literal': 'a*b?c$',
    'test:arn': 'arn:aws:iam::123456789012:user/alice',
  });
  it.each(rows)('%s %s %j → %s', (operator, key, values, expected, variables = true) => {
    expect(holds(operator, key, values, request, variables)).toBe(expected);
  });

  it('does not let a substituted value act as a wildcard', () => {
    const starred = ctx({ 'aws:username': '*', 'test:path': 'home/bob/x' });
    expect(holds('StringLike', 'test:path', ['home/${aws:username}/x'], starred)).toBe(false);
  });
});
