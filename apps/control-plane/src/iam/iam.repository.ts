import type { Prisma } from '@portico/db';

type PrincipalType = 'user' | 'role' | 'group';

/** One principal's inline policy, or its attachment of a managed policy. */
interface PrincipalRef {
  accountId: string;
  principalType: PrincipalType;
  principalKey: string;
}

/**
 * IAM's rows (users, roles, access keys and STS sessions, managed and inline policies, attachments), read and
 * written inside one IAM/STS action's transaction: the query controller runs every action in a `writeTransaction`
 * and hands its handlers a repository over that transaction's client. Names are compared by `nameKey` (lower
 * case), as IAM compares them. The handlers hold IAM's rules and texts; nothing here decides.
 */
export class IamRepository {
  constructor(private readonly tx: Prisma.TransactionClient) {}

  // Users
  findUser(accountId: string, nameKey: string) {
    return this.tx.iamUser.findUnique({ where: { accountId_nameKey: { accountId, nameKey } } });
  }
  createUser(data: Prisma.IamUserUncheckedCreateInput) {
    return this.tx.iamUser.create({ data });
  }
  listUsers(accountId: string, pathPrefix: string) {
    return this.tx.iamUser.findMany({ where: { accountId, path: { startsWith: pathPrefix } }, orderBy: { nameKey: 'asc' } });
  }
  async setUserTags(id: string, tags: Prisma.InputJsonValue): Promise<void> {
    await this.tx.iamUser.update({ where: { id }, data: { tags } });
  }
  async deleteUser(id: string): Promise<void> {
    await this.tx.iamUser.delete({ where: { id } });
  }

  // Groups and their members (by the group's and the user's nameKey)
  findGroup(accountId: string, nameKey: string) {
    return this.tx.iamGroup.findUnique({ where: { accountId_nameKey: { accountId, nameKey } } });
  }
  createGroup(data: Prisma.IamGroupUncheckedCreateInput) {
    return this.tx.iamGroup.create({ data });
  }
  listGroups(accountId: string, pathPrefix: string) {
    return this.tx.iamGroup.findMany({ where: { accountId, path: { startsWith: pathPrefix } }, orderBy: { nameKey: 'asc' } });
  }
  listGroupsByKey(accountId: string, nameKeys: string[]) {
    return this.tx.iamGroup.findMany({ where: { accountId, nameKey: { in: nameKeys } }, orderBy: { nameKey: 'asc' } });
  }
  /** Renames move the group's memberships and policies with it (they are keyed by the group's nameKey). */
  async updateGroup(id: string, accountId: string, fromKey: string, data: { name?: string; nameKey?: string; path?: string }): Promise<void> {
    if (data.nameKey !== undefined && data.nameKey !== fromKey) {
      const from = { accountId, principalType: 'group', principalKey: fromKey };
      await this.tx.iamGroupMember.updateMany({ where: { accountId, groupKey: fromKey }, data: { groupKey: data.nameKey } });
      await this.tx.iamInlinePolicy.updateMany({ where: from, data: { principalKey: data.nameKey } });
      await this.tx.iamPolicyAttachment.updateMany({ where: from, data: { principalKey: data.nameKey } });
    }
    await this.tx.iamGroup.update({ where: { id }, data });
  }
  async deleteGroup(id: string): Promise<void> {
    await this.tx.iamGroup.delete({ where: { id } });
  }
  countMembers(accountId: string, groupKey: string): Promise<number> {
    return this.tx.iamGroupMember.count({ where: { accountId, groupKey } });
  }
  listMembers(accountId: string, groupKey: string) {
    return this.tx.iamGroupMember.findMany({ where: { accountId, groupKey } });
  }
  countGroupsOfUser(accountId: string, userKey: string): Promise<number> {
    return this.tx.iamGroupMember.count({ where: { accountId, userKey } });
  }
  listGroupsOfUser(accountId: string, userKey: string) {
    return this.tx.iamGroupMember.findMany({ where: { accountId, userKey } });
  }
  async addMember(accountId: string, groupKey: string, userKey: string): Promise<void> {
    const id = { accountId, groupKey, userKey };
    await this.tx.iamGroupMember.upsert({ where: { accountId_groupKey_userKey: id }, create: id, update: {} });
  }
  async removeMember(accountId: string, groupKey: string, userKey: string): Promise<number> {
    return (await this.tx.iamGroupMember.deleteMany({ where: { accountId, groupKey, userKey } })).count;
  }
  listUsersByKey(accountId: string, nameKeys: string[]) {
    return this.tx.iamUser.findMany({ where: { accountId, nameKey: { in: nameKeys } }, orderBy: { nameKey: 'asc' } });
  }

  // Roles
  findRole(accountId: string, nameKey: string) {
    return this.tx.iamRole.findUnique({ where: { accountId_nameKey: { accountId, nameKey } } });
  }
  createRole(data: Prisma.IamRoleUncheckedCreateInput) {
    return this.tx.iamRole.create({ data });
  }
  listRoles(accountId: string, pathPrefix: string) {
    return this.tx.iamRole.findMany({ where: { accountId, path: { startsWith: pathPrefix } }, orderBy: { nameKey: 'asc' } });
  }
  async updateRole(id: string, data: { tags?: Prisma.InputJsonValue; assumeRolePolicyDocument?: string }): Promise<void> {
    await this.tx.iamRole.update({ where: { id }, data });
  }
  /** The role and its STS sessions' keys. */
  async deleteRole(id: string): Promise<void> {
    await this.tx.iamAccessKey.deleteMany({ where: { roleId: id } });
    await this.tx.iamRole.delete({ where: { id } });
  }

  // Access keys (long-term keys have no session token; STS sessions have one)
  findAccessKey(id: string) {
    return this.tx.iamAccessKey.findUnique({ where: { id } });
  }
  /** Every key of a user (`userKey`), or of the account root (`null`); `longTermOnly` leaves sessions out. */
  countAccessKeys(accountId: string, userKey: string | null, longTermOnly: boolean): Promise<number> {
    return this.tx.iamAccessKey.count({ where: { accountId, userKey, ...(longTermOnly ? { sessionToken: null } : {}) } });
  }
  listLongTermKeys(accountId: string, userKey: string | null) {
    return this.tx.iamAccessKey.findMany({ where: { accountId, userKey, sessionToken: null }, orderBy: { createdDate: 'asc' } });
  }
  createAccessKey(data: Prisma.IamAccessKeyUncheckedCreateInput) {
    return this.tx.iamAccessKey.create({ data });
  }
  async setAccessKeyStatus(id: string, status: string): Promise<void> {
    await this.tx.iamAccessKey.update({ where: { id }, data: { status } });
  }
  async deleteAccessKey(id: string): Promise<void> {
    await this.tx.iamAccessKey.delete({ where: { id } });
  }
  /** STS sessions that expired before `before` (no data plane holds them any more). */
  async deleteSessionsExpiredBefore(before: Date): Promise<void> {
    await this.tx.iamAccessKey.deleteMany({ where: { expiration: { lt: before } } });
  }

  // Inline policies
  countInlinePolicies(principal: PrincipalRef): Promise<number> {
    return this.tx.iamInlinePolicy.count({ where: principal });
  }
  findInlinePolicy(principal: PrincipalRef, policyName: string) {
    return this.tx.iamInlinePolicy.findUnique({ where: { accountId_principalType_principalKey_policyName: { ...principal, policyName } } });
  }
  async putInlinePolicy(principal: PrincipalRef, policyName: string, document: string): Promise<void> {
    await this.tx.iamInlinePolicy.upsert({
      where: { accountId_principalType_principalKey_policyName: { ...principal, policyName } },
      create: { ...principal, policyName, document },
      update: { document },
    });
  }
  async deleteInlinePolicy(principal: PrincipalRef, policyName: string): Promise<void> {
    await this.tx.iamInlinePolicy.delete({ where: { accountId_principalType_principalKey_policyName: { ...principal, policyName } } });
  }
  listInlinePolicies(principal: PrincipalRef) {
    return this.tx.iamInlinePolicy.findMany({ where: principal, orderBy: { policyName: 'asc' } });
  }

  // Managed policies and their attachments
  findManagedPolicy(accountId: string, nameKey: string) {
    return this.tx.iamManagedPolicy.findUnique({ where: { accountId_nameKey: { accountId, nameKey } } });
  }
  createManagedPolicy(data: Prisma.IamManagedPolicyUncheckedCreateInput) {
    return this.tx.iamManagedPolicy.create({ data });
  }
  listManagedPolicies(accountId: string) {
    return this.tx.iamManagedPolicy.findMany({ where: { accountId }, orderBy: { nameKey: 'asc' } });
  }
  async deleteManagedPolicy(id: string): Promise<void> {
    await this.tx.iamManagedPolicy.delete({ where: { id } });
  }
  countAttachmentsOf(accountId: string, policyArn: string): Promise<number> {
    return this.tx.iamPolicyAttachment.count({ where: { policyArn, accountId } });
  }
  countAttachments(principal: PrincipalRef): Promise<number> {
    return this.tx.iamPolicyAttachment.count({ where: principal });
  }
  findAttachment(principal: PrincipalRef, policyArn: string) {
    return this.tx.iamPolicyAttachment.findUnique({ where: { accountId_principalType_principalKey_policyArn: { ...principal, policyArn } } });
  }
  async attach(principal: PrincipalRef, policyArn: string, createdDate: Date): Promise<void> {
    await this.tx.iamPolicyAttachment.create({ data: { ...principal, policyArn, createdDate } });
  }
  async detach(principal: PrincipalRef, policyArn: string): Promise<void> {
    await this.tx.iamPolicyAttachment.delete({ where: { accountId_principalType_principalKey_policyArn: { ...principal, policyArn } } });
  }
  listAttachments(principal: PrincipalRef) {
    return this.tx.iamPolicyAttachment.findMany({ where: principal, orderBy: { createdDate: 'asc' } });
  }

  /** The client, for the shared readers that take one (identity policies of a caller). */
  get client(): Prisma.TransactionClient {
    return this.tx;
  }
}
