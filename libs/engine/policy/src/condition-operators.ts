import { BlockList, isIP } from 'node:net';
import { compileGlob, type Matcher } from './glob.js';
import { PolicyTemplate } from './policy-variables.js';
import type { ConditionContext, ConditionSpec } from './types.js';

/** True when some request value matches at least one of the policy values (the operator's positive sense). */
type ValueMatcher = (requestValue: string, context: ConditionContext) => boolean;

interface OperatorDefinition {
  /** The Not-forms: a key matches when no policy value does; a missing key satisfies them. */
  readonly negated: boolean;
  compile(values: readonly string[], variables: boolean): ValueMatcher;
}

const NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

function parseNumber(text: string): number | undefined {
  return NUMBER.test(text) ? Number(text) : undefined;
}

/** Dates as IAM accepts them: ISO 8601 (`2024-01-01T00:00:00Z`, `2024-01-01`) or epoch seconds. */
export function parseDate(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function templates(values: readonly string[], variables: boolean): PolicyTemplate[] {
  return values.map((v) => new PolicyTemplate(v, variables));
}

function stringEquals(ignoreCase: boolean) {
  return (values: readonly string[], variables: boolean): ValueMatcher => {
    const parsed = templates(values, variables);
    if (!parsed.some((t) => t.hasVariables)) {
      const set = new Set(ignoreCase ? values.map((v) => v.toLowerCase()) : values);
      return ignoreCase ? (v) => set.has(v.toLowerCase()) : (v) => set.has(v);
    }
    return (value, context) =>
      parsed.some((t) => {
        const expected = t.resolve(context);
        if (expected === undefined) return false;
        return ignoreCase ? expected.toLowerCase() === value.toLowerCase() : expected === value;
      });
  };
}

function stringLike(values: readonly string[], variables: boolean): ValueMatcher {
  const parsed = templates(values, variables);
  if (!parsed.some((t) => t.hasVariables)) {
    const globs = values.map((v) => compileGlob(v));
    return (value) => globs.some((g) => g(value));
  }
  return (value, context) => parsed.some((t) => t.matchGlob(value, context, false));
}

function numeric(compare: (request: number, policy: number) => boolean) {
  return (values: readonly string[]): ValueMatcher => {
    const numbers = values.map(parseNumber).filter((n): n is number => n !== undefined);
    return (value) => {
      const n = parseNumber(value);
      return n !== undefined && numbers.some((p) => compare(n, p));
    };
  };
}

function date(compare: (request: number, policy: number) => boolean) {
  return (values: readonly string[]): ValueMatcher => {
    const dates = values.map(parseDate).filter((n): n is number => n !== undefined);
    return (value) => {
      const d = parseDate(value);
      return d !== undefined && dates.some((p) => compare(d, p));
    };
  };
}

function bool(values: readonly string[]): ValueMatcher {
  const set = new Set(values.map((v) => v.toLowerCase()));
  return (value) => set.has(value.toLowerCase());
}

function binaryEquals(values: readonly string[]): ValueMatcher {
  const set = new Set(values);
  return (value) => set.has(value);
}

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) is the IPv4 address. */
function normaliseIp(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** CIDR blocks (or single addresses), IPv4 and IPv6, compiled into one BlockList; invalid entries match nothing. */
export function compileCidrs(values: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  let entries = 0;
  for (const value of values) {
    const [address, prefixText] = value.trim().split('/');
    const family = isIP(address);
    if (family === 0) continue;
    const type = family === 4 ? 'ipv4' : 'ipv6';
    const max = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : -1;
    if (prefix < 0 || prefix > max) continue;
    list.addSubnet(address, prefix, type);
    entries++;
  }
  return (raw) => {
    if (entries === 0) return false;
    const address = normaliseIp(raw);
    const family = isIP(address);
    if (family === 0) return false;
    return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
}

function ipAddress(values: readonly string[]): ValueMatcher {
  const contains = compileCidrs(values);
  return (value) => contains(value);
}

/** ARNs compare component by component (six, split at the first five colons), each a wildcard pattern. */
export function splitArn(arn: string): string[] | undefined {
  const parts: string[] = [];
  let rest = arn;
  for (let i = 0; i < 5; i++) {
    const colon = rest.indexOf(':');
    if (colon < 0) return undefined;
    parts.push(rest.slice(0, colon));
    rest = rest.slice(colon + 1);
  }
  parts.push(rest);
  return parts;
}

function compileArnPattern(pattern: string): ((arn: string) => boolean) | undefined {
  const parts = splitArn(pattern);
  if (!parts) return pattern === '*' ? () => true : undefined;
  const globs: Matcher[] = parts.map((p) => compileGlob(p));
  return (arn) => {
    const actual = splitArn(arn);
    return actual !== undefined && globs.every((g, i) => g(actual[i]));
  };
}

function arnLike(values: readonly string[], variables: boolean): ValueMatcher {
  const parsed = templates(values, variables);
  if (!parsed.some((t) => t.hasVariables)) {
    const matchers = values.map(compileArnPattern).filter((m) => m !== undefined);
    return (value) => matchers.some((m) => m(value));
  }
  return (value, context) =>
    parsed.some((t) => {
      const pattern = t.resolve(context);
      const matcher = pattern === undefined ? undefined : compileArnPattern(pattern);
      return matcher !== undefined && matcher(value);
    });
}

const positive = (compile: OperatorDefinition['compile']): OperatorDefinition => ({ negated: false, compile });
const negative = (compile: OperatorDefinition['compile']): OperatorDefinition => ({ negated: true, compile });

/** Every IAM condition operator (without the ForAnyValue/ForAllValues prefixes and the IfExists suffix). */
const OPERATORS: Readonly<Record<string, OperatorDefinition>> = {
  StringEquals: positive(stringEquals(false)),
  StringNotEquals: negative(stringEquals(false)),
  StringEqualsIgnoreCase: positive(stringEquals(true)),
  StringNotEqualsIgnoreCase: negative(stringEquals(true)),
  StringLike: positive(stringLike),
  StringNotLike: negative(stringLike),
  NumericEquals: positive(numeric((a, b) => a === b)),
  NumericNotEquals: negative(numeric((a, b) => a === b)),
  NumericLessThan: positive(numeric((a, b) => a < b)),
  NumericLessThanEquals: positive(numeric((a, b) => a <= b)),
  NumericGreaterThan: positive(numeric((a, b) => a > b)),
  NumericGreaterThanEquals: positive(numeric((a, b) => a >= b)),
  DateEquals: positive(date((a, b) => a === b)),
  DateNotEquals: negative(date((a, b) => a === b)),
  DateLessThan: positive(date((a, b) => a < b)),
  DateLessThanEquals: positive(date((a, b) => a <= b)),
  DateGreaterThan: positive(date((a, b) => a > b)),
  DateGreaterThanEquals: positive(date((a, b) => a >= b)),
  Bool: positive(bool),
  BinaryEquals: positive(binaryEquals),
  IpAddress: positive(ipAddress),
  NotIpAddress: negative(ipAddress),
  ArnEquals: positive(arnLike),
  ArnLike: positive(arnLike),
  ArnNotEquals: negative(arnLike),
  ArnNotLike: negative(arnLike),
};

interface ParsedOperator {
  readonly base: string;
  readonly set: 'ForAnyValue' | 'ForAllValues' | undefined;
  readonly ifExists: boolean;
}

function parseOperator(name: string): ParsedOperator | undefined {
  let rest = name;
  let set: ParsedOperator['set'];
  if (rest.startsWith('ForAnyValue:')) {
    set = 'ForAnyValue';
    rest = rest.slice('ForAnyValue:'.length);
  } else if (rest.startsWith('ForAllValues:')) {
    set = 'ForAllValues';
    rest = rest.slice('ForAllValues:'.length);
  }
  if (rest === 'Null') return set ? undefined : { base: 'Null', set, ifExists: false };
  const ifExists = rest.endsWith('IfExists');
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  return rest in OPERATORS ? { base: rest, set, ifExists } : undefined;
}

export function isConditionOperator(name: string): boolean {
  return parseOperator(name) !== undefined;
}

/** Names of the operators, for documentation and exhaustive tests. */
export const conditionOperatorNames: readonly string[] = [...Object.keys(OPERATORS), 'Null'];

export type CompiledCondition = (context: ConditionContext) => boolean;

/**
 * Compiles a statement's Condition block: every operator and every key in it must hold (AND); the values listed
 * for one key are alternatives (OR; for the Not-operators: none may match).
 */
export function compileCondition(spec: ConditionSpec, variables: boolean): CompiledCondition {
  const checks: CompiledCondition[] = [];
  for (const [operatorName, keys] of Object.entries(spec)) {
    const operator = parseOperator(operatorName);
    if (!operator) continue;
    for (const [rawKey, values] of Object.entries(keys)) {
      checks.push(compileKeyCheck(operator, rawKey.toLowerCase(), values, variables));
    }
  }
  if (checks.length === 0) return () => true;
  if (checks.length === 1) return checks[0];
  return (context) => checks.every((check) => check(context));
}

function compileKeyCheck(operator: ParsedOperator, key: string, values: readonly string[], variables: boolean): CompiledCondition {
  if (operator.base === 'Null') {
    const wantsAbsent = values.map((v) => v.toLowerCase() === 'true');
    return (context) => {
      const present = (context.get(key)?.length ?? 0) > 0;
      return wantsAbsent.some((absent) => absent !== present);
    };
  }
  const definition = OPERATORS[operator.base];
  const match = definition.compile(values, variables);
  const negated = definition.negated;
  const ifExists = operator.ifExists;

  switch (operator.set) {
    case 'ForAnyValue':
      // At least one request value matches (for Not-operators: at least one matches none). No values: false.
      return (context) => {
        const actual = context.get(key);
        if (actual === undefined) return ifExists;
        return negated ? actual.some((v) => !match(v, context)) : actual.some((v) => match(v, context));
      };
    case 'ForAllValues':
      // Every request value matches (Not-operators: every one matches none). No values: vacuously true.
      return (context) => {
        const actual = context.get(key);
        if (actual === undefined || actual.length === 0) return true;
        return negated ? actual.every((v) => !match(v, context)) : actual.every((v) => match(v, context));
      };
    default:
      // A key absent from the request: false, except for IfExists (true) and the Not-operators (true), as IAM.
      return (context) => {
        const actual = context.get(key);
        if (actual === undefined || actual.length === 0) return ifExists || negated;
        const any = actual.some((v) => match(v, context));
        return negated ? !any : any;
      };
  }
}
