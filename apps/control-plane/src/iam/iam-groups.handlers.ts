import { newIamId } from './iam-ids.js';
import { checkName, checkPath, nameKey } from './iam-names.js';
import { findUser, userXml } from './iam-users.handlers.js';
import type { QueryContext, QueryHandlers } from './query-context.js';
import { page } from './query-paging.js';
import { deleteConflict, entityAlreadyExists, noSuchEntity, type XmlValue } from './query-protocol.js';

interface GroupRow {
  id: string;
  accountId: string;
  name: string;
  path: string;
  createdDate: Date;
}

export const groupArn = (accountId: string, path: string, name: string): string => `arn:aws:iam::${accountId}:group${path}${name}`;

function groupXml(group: GroupRow): Record<string, XmlValue> {
  return { Path: group.path, GroupName: group.name, GroupId: group.id, Arn: groupArn(group.accountId, group.path, group.name), CreateDate: group.createdDate };
}

async function findGroup(ctx: QueryContext, name: string) {
  const group = await ctx.iam.findGroup(ctx.caller.accountId, nameKey(name));
  if (!group) throw noSuchEntity(`The group with name ${name} cannot be found.`);
  return group;
}

/**
 * IAM groups: a user's identity policies include its groups' inline and attached policies (iam-principals).
 * Terraform calls ListGroupsForUser before every DeleteUser, so it must answer even for users in no group.
 */
export const groupHandlers: QueryHandlers = {
  async CreateGroup(ctx) {
    const name = checkName(ctx.params.required('GroupName'), 'groupName', 128);
    const path = checkPath(ctx.params.get('Path'));
    const key = nameKey(name);
    if (await ctx.iam.findGroup(ctx.caller.accountId, key)) throw entityAlreadyExists(`Group with name ${name} already exists.`);
    const group = await ctx.iam.createGroup({ id: newIamId('AGPA'), accountId: ctx.caller.accountId, name, nameKey: key, path, createdDate: ctx.now });
    return { Group: groupXml(group) };
  },

  async GetGroup(ctx) {
    const group = await findGroup(ctx, ctx.params.required('GroupName'));
    const members = await ctx.iam.listMembers(group.accountId, group.nameKey);
    const users = await ctx.iam.listUsersByKey(group.accountId, members.map((m) => m.userKey));
    return { Group: groupXml(group), ...page(ctx.params, 'Users', users.map((u) => userXml({ ...u, tags: [] }))) };
  },

  async ListGroups(ctx) {
    const prefix = ctx.params.get('PathPrefix') ?? '/';
    const groups = await ctx.iam.listGroups(ctx.caller.accountId, prefix);
    return page(ctx.params, 'Groups', groups.map(groupXml));
  },

  async UpdateGroup(ctx) {
    const group = await findGroup(ctx, ctx.params.required('GroupName'));
    const newName = ctx.params.get('NewGroupName');
    const newPath = ctx.params.get('NewPath');
    const data: { name?: string; nameKey?: string; path?: string } = {};
    if (newPath !== undefined) data.path = checkPath(newPath);
    if (newName !== undefined && newName !== group.name) {
      checkName(newName, 'newGroupName', 128);
      const key = nameKey(newName);
      if (key !== group.nameKey && (await ctx.iam.findGroup(group.accountId, key))) throw entityAlreadyExists(`Group with name ${newName} already exists.`);
      data.name = newName;
      data.nameKey = key;
    }
    await ctx.iam.updateGroup(group.id, group.accountId, group.nameKey, data);
    return undefined;
  },

  async DeleteGroup(ctx) {
    const group = await findGroup(ctx, ctx.params.required('GroupName'));
    const principal = { accountId: group.accountId, principalType: 'group', principalKey: group.nameKey } as const;
    if ((await ctx.iam.countMembers(group.accountId, group.nameKey)) > 0) throw deleteConflict('Cannot delete entity, must remove users from group first.');
    if ((await ctx.iam.countInlinePolicies(principal)) > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    if ((await ctx.iam.countAttachments(principal)) > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
    await ctx.iam.deleteGroup(group.id);
    return undefined;
  },

  async AddUserToGroup(ctx) {
    const group = await findGroup(ctx, ctx.params.required('GroupName'));
    const user = await findUser(ctx, ctx.params.required('UserName'));
    await ctx.iam.addMember(group.accountId, group.nameKey, user.nameKey);
    return undefined;
  },

  async RemoveUserFromGroup(ctx) {
    const group = await findGroup(ctx, ctx.params.required('GroupName'));
    const user = await findUser(ctx, ctx.params.required('UserName'));
    if ((await ctx.iam.removeMember(group.accountId, group.nameKey, user.nameKey)) === 0) {
      throw noSuchEntity(`The user with name ${user.name} cannot be found in group ${group.name}.`);
    }
    return undefined;
  },

  async ListGroupsForUser(ctx) {
    const user = await findUser(ctx, ctx.params.required('UserName'));
    const members = await ctx.iam.listGroupsOfUser(user.accountId, user.nameKey);
    const groups = await ctx.iam.listGroupsByKey(user.accountId, members.map((m) => m.groupKey));
    return page(ctx.params, 'Groups', groups.map(groupXml));
  },
};
