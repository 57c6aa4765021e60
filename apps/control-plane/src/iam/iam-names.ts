import { validationError } from './query-protocol.js';

const NAME = /^[\w+=,.@-]+$/;
const PATH = /^\/([\u0021-\u007e]*\/)?$/;

/** IAM's name rules (users and roles 64, policies 128 characters of `[\w+=,.@-]`), with AWS's validation text. */
export function checkName(value: string, member: string, max: number): string {
  if (value.length > max) {
    throw validationError(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${max}`);
  }
  if (!NAME.test(value)) {
    throw validationError(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`);
  }
  return value;
}

export function checkPath(value: string | undefined): string {
  if (value === undefined) return '/';
  if (!PATH.test(value) || value.length > 512) {
    throw validationError(`The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.`);
  }
  return value;
}

/** IAM names are unique case-insensitively; rows are keyed by the lower-cased name. */
export const nameKey = (name: string): string => name.toLowerCase();

export const userArn = (accountId: string, path: string, name: string): string => `arn:aws:iam::${accountId}:user${path}${name}`;
export const roleArn = (accountId: string, path: string, name: string): string => `arn:aws:iam::${accountId}:role${path}${name}`;
export const policyArn = (accountId: string, path: string, name: string): string => `arn:aws:iam::${accountId}:policy${path}${name}`;
export const rootArn = (accountId: string): string => `arn:aws:iam::${accountId}:root`;
export const assumedRoleArn = (accountId: string, roleName: string, session: string): string => `arn:aws:sts::${accountId}:assumed-role/${roleName}/${session}`;

/** `arn:aws:iam::{account}:{kind}{path}{name}` → its parts; undefined for anything else. */
export function parseIamArn(arn: string, kind: 'role' | 'policy' | 'user'): { accountId: string; path: string; name: string } | undefined {
  const match = new RegExp(`^arn:aws:iam::(\\d{12}|aws):${kind}(/(?:.*/)?)([^/]+)$`).exec(arn);
  return match ? { accountId: match[1], path: match[2], name: match[3] } : undefined;
}

/** Tags as IAM takes them (`Tags.member.N.Key/Value`), as the stored list. */
export function readTags(members: Array<Record<string, string>>): Array<{ Key: string; Value: string }> {
  return members.map((m) => ({ Key: m.Key ?? '', Value: m.Value ?? '' })).filter((t) => t.Key !== '');
}
