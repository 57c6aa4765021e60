import type { Caller, ConditionContext } from './types.js';

/**
 * Builds a request context: the caller's keys (`aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalType`,
 * `aws:userid`, `aws:username` for IAM users, `aws:PrincipalTag/*`) plus the request's own (`aws:SourceIp`,
 * `aws:CurrentTime`, …). Keys are stored lower-cased because IAM matches condition keys case-insensitively.
 * Undefined values are left out, so that a key is either present or absent (what Null and IfExists test).
 */
export function conditionContext(caller: Caller | undefined, values: Readonly<Record<string, string | readonly string[] | undefined>> = {}): ConditionContext {
  const context = new Map<string, readonly string[]>();
  const put = (key: string, value: string | readonly string[] | undefined): void => {
    if (value === undefined) return;
    context.set(key.toLowerCase(), typeof value === 'string' ? [value] : value);
  };
  for (const [key, value] of Object.entries(values)) put(key, value);
  if (caller) {
    put('aws:PrincipalArn', caller.principalArn);
    put('aws:PrincipalAccount', caller.accountId);
    put('aws:PrincipalType', caller.type);
    put('aws:userid', caller.userId);
    put('aws:username', caller.username);
    for (const [tag, value] of Object.entries(caller.tags ?? {})) put(`aws:PrincipalTag/${tag}`, value);
  }
  return context;
}

/** A context with no keys, for policies that read none (`CompiledPolicy.usesContext` false). */
export const EMPTY_CONTEXT: ConditionContext = new Map();

/** The time keys every request carries: `aws:CurrentTime` (ISO 8601) and `aws:EpochTime` (seconds). */
export function timeKeys(nowMs: number): { 'aws:CurrentTime': string; 'aws:EpochTime': string } {
  return { 'aws:CurrentTime': new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z'), 'aws:EpochTime': String(Math.floor(nowMs / 1000)) };
}
