import { newIamId } from './iam-ids.js';
import { checkName, checkPath, nameKey, readTags, roleArn } from './iam-names.js';
import { tagList, type RoleRow } from './iam-principals.js';
import { checkPolicyDocument, encodeDocument } from './iam-policies.handlers.js';
import type { QueryContext, QueryHandlers } from './query-context.js';
import { page } from './query-paging.js';
import { deleteConflict, entityAlreadyExists, noSuchEntity, validationError, type XmlValue } from './query-protocol.js';

export function roleXml(role: RoleRow): Record<string, XmlValue> {
  const tags = tagList(role.tags);
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: roleArn(role.accountId, role.path, role.name),
    CreateDate: role.createdDate,
    AssumeRolePolicyDocument: encodeDocument(role.assumeRolePolicyDocument),
    Description: role.description ?? undefined,
    MaxSessionDuration: role.maxSessionDuration,
    ...(tags.length > 0 && { Tags: tags }),
  };
}

export async function findRole(ctx: QueryContext, name: string): Promise<RoleRow> {
  const role = await ctx.iam.findRole(ctx.caller.accountId, nameKey(name));
  if (!role) throw noSuchEntity(`The role with name ${name} cannot be found.`);
  return role;
}

function checkMaxSessionDuration(value: number | undefined): number {
  if (value === undefined) return 3600;
  if (value < 3600 || value > 43200) {
    throw validationError(`1 validation error detected: Value '${value}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value ${value < 3600 ? 'greater than or equal to 3600' : 'less than or equal to 43200'}`);
  }
  return value;
}

export const roleHandlers: QueryHandlers = {
  async CreateRole(ctx) {
    const name = checkName(ctx.params.required('RoleName'), 'roleName', 64);
    const path = checkPath(ctx.params.get('Path'));
    const document = checkPolicyDocument(ctx.params.required('AssumeRolePolicyDocument'), 'trust');
    const maxSessionDuration = checkMaxSessionDuration(ctx.params.integer('MaxSessionDuration'));
    const accountId = ctx.caller.accountId;
    if (await ctx.iam.findRole(accountId, nameKey(name))) {
      throw entityAlreadyExists(`Role with name ${name} already exists.`);
    }
    const role = await ctx.iam.createRole({
      id: newIamId('AROA'),
      accountId,
      name,
      nameKey: nameKey(name),
      path,
      description: ctx.params.get('Description') ?? null,
      assumeRolePolicyDocument: document,
      maxSessionDuration,
      tags: readTags(ctx.params.members('Tags')),
      createdDate: ctx.now,
    });
    return { Role: roleXml(role) };
  },

  async GetRole(ctx) {
    return { Role: roleXml(await findRole(ctx, ctx.params.required('RoleName'))) };
  },

  async ListRoles(ctx) {
    const prefix = ctx.params.get('PathPrefix') ?? '/';
    const roles = await ctx.iam.listRoles(ctx.caller.accountId, prefix);
    // ListRoles carries no tags (AWS returns them from GetRole and ListRoleTags only).
    return page(ctx.params, 'Roles', roles.map((r) => roleXml({ ...r, tags: [] })));
  },

  async TagRole(ctx) {
    const role = await findRole(ctx, ctx.params.required('RoleName'));
    const merged = new Map(tagList(role.tags).map((t) => [t.Key, t.Value]));
    for (const tag of readTags(ctx.params.members('Tags'))) merged.set(tag.Key, tag.Value);
    await ctx.iam.updateRole(role.id, { tags: [...merged].map(([Key, Value]) => ({ Key, Value })) });
    return undefined;
  },

  async UntagRole(ctx) {
    const role = await findRole(ctx, ctx.params.required('RoleName'));
    const remove = new Set(ctx.params.list('TagKeys'));
    await ctx.iam.updateRole(role.id, { tags: tagList(role.tags).filter((t) => !remove.has(t.Key)) });
    return undefined;
  },

  async ListRoleTags(ctx) {
    const role = await findRole(ctx, ctx.params.required('RoleName'));
    return page(ctx.params, 'Tags', tagList(role.tags));
  },

  async UpdateAssumeRolePolicy(ctx) {
    const role = await findRole(ctx, ctx.params.required('RoleName'));
    const document = checkPolicyDocument(ctx.params.required('PolicyDocument'), 'trust');
    await ctx.iam.updateRole(role.id, { assumeRolePolicyDocument: document });
    return undefined;
  },

  async DeleteRole(ctx) {
    const role = await findRole(ctx, ctx.params.required('RoleName'));
    const principal = { accountId: role.accountId, principalType: 'role', principalKey: role.nameKey } as const;
    if ((await ctx.iam.countInlinePolicies(principal)) > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    if ((await ctx.iam.countAttachments(principal)) > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
    // Sessions of a deleted role stop working at once (AWS lets them run out; revoking is the safer choice).
    await ctx.iam.deleteRole(role.id);
    return undefined;
  },
};
