import type { Caller } from '@portico/engine-policy';
import type { Db } from '../common/lookups.js';
import { AWS_MANAGED_POLICIES } from './aws-managed-policies.js';
import { assumedRoleArn, roleArn, rootArn, userArn } from './iam-names.js';

export interface UserRow {
  id: string;
  accountId: string;
  name: string;
  nameKey: string;
  path: string;
  tags: unknown;
  createdDate: Date;
}

export interface RoleRow {
  id: string;
  accountId: string;
  name: string;
  nameKey: string;
  path: string;
  description: string | null;
  assumeRolePolicyDocument: string;
  maxSessionDuration: number;
  tags: unknown;
  createdDate: Date;
}

export type Tag = { Key: string; Value: string };

export function tagList(tags: unknown): Tag[] {
  return Array.isArray(tags) ? (tags as Tag[]) : [];
}

function tagMap(tags: unknown): Record<string, string> {
  return Object.fromEntries(tagList(tags).map((t) => [t.Key, t.Value]));
}

export function rootCaller(accountId: string): Caller {
  const arn = rootArn(accountId);
  return { arn, principalArn: arn, accountId, userId: accountId, type: 'Account' };
}

export function userCaller(user: UserRow): Caller {
  const arn = userArn(user.accountId, user.path, user.name);
  return { arn, principalArn: arn, accountId: user.accountId, userId: user.id, type: 'User', username: user.name, tags: tagMap(user.tags) };
}

export function sessionCaller(role: RoleRow, sessionName: string): Caller {
  return {
    arn: assumedRoleArn(role.accountId, role.name, sessionName),
    principalArn: roleArn(role.accountId, role.path, role.name),
    accountId: role.accountId,
    userId: `${role.id}:${sessionName}`,
    type: 'AssumedRole',
    tags: tagMap(role.tags),
  };
}

/**
 * A user's or role's identity-based policy documents: inline ones and the attached managed ones (customer
 * managed from the store, AWS managed from Portico's catalog), a user's groups' included. Documents were validated when written.
 */
export async function identityPolicyDocuments(prisma: Db, accountId: string, principalType: 'user' | 'role', principalKey: string): Promise<string[]> {
  // A user's groups count as the user's own policies in evaluation (IAM's identity-based policies of a user).
  const groupKeys =
    principalType === 'user' ? (await prisma.iamGroupMember.findMany({ where: { accountId, userKey: principalKey }, orderBy: { groupKey: 'asc' } })).map((m) => m.groupKey) : [];
  const owners = [{ principalType, principalKey }, ...groupKeys.map((key) => ({ principalType: 'group', principalKey: key }))];
  const [inline, attached] = await Promise.all([
    prisma.iamInlinePolicy.findMany({ where: { accountId, OR: owners }, orderBy: [{ principalType: 'asc' }, { principalKey: 'asc' }, { policyName: 'asc' }] }),
    prisma.iamPolicyAttachment.findMany({ where: { accountId, OR: owners }, orderBy: [{ principalType: 'asc' }, { principalKey: 'asc' }, { policyArn: 'asc' }] }),
  ]);
  const documents = inline.map((p) => p.document);
  const customerArns = attached.map((a) => a.policyArn).filter((arn) => !AWS_MANAGED_POLICIES.has(arn));
  for (const a of attached) {
    const managed = AWS_MANAGED_POLICIES.get(a.policyArn);
    if (managed) documents.push(managed.document);
  }
  if (customerArns.length > 0) {
    const policies = await prisma.iamManagedPolicy.findMany({ where: { accountId } });
    const byArn = new Map(policies.map((p) => [`arn:aws:iam::${p.accountId}:policy${p.path}${p.name}`, p.document]));
    for (const arn of customerArns) {
      const document = byArn.get(arn);
      if (document !== undefined) documents.push(document);
    }
  }
  return documents;
}
