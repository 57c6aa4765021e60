import { newIamId, newSecretAccessKey } from './iam-ids.js';
import { checkName, checkPath, nameKey, readTags, userArn } from './iam-names.js';
import { tagList, type UserRow } from './iam-principals.js';
import type { QueryContext, QueryHandlers } from './query-context.js';
import { page } from './query-paging.js';
import { deleteConflict, entityAlreadyExists, limitExceeded, noSuchEntity, validationError, type XmlValue } from './query-protocol.js';

const MAX_ACCESS_KEYS_PER_USER = 2;

export function userXml(user: UserRow): Record<string, XmlValue> {
  const tags = tagList(user.tags);
  return {
    Path: user.path,
    UserName: user.name,
    UserId: user.id,
    Arn: userArn(user.accountId, user.path, user.name),
    CreateDate: user.createdDate,
    ...(tags.length > 0 && { Tags: tags }),
  };
}

export async function findUser(ctx: QueryContext, name: string): Promise<UserRow> {
  const user = await ctx.iam.findUser(ctx.caller.accountId, nameKey(name));
  if (!user) throw noSuchEntity(`The user with name ${name} cannot be found.`);
  return user;
}

/**
 * Whose access keys an access-key action concerns: the named user, or without UserName the caller itself (an
 * IAM user's own keys; the account root's keys for root callers). `undefined` = the root.
 */
async function keyOwner(ctx: QueryContext): Promise<{ userKey: string | null; userName: string | undefined }> {
  const name = ctx.params.get('UserName');
  if (name !== undefined) {
    const user = await findUser(ctx, name);
    return { userKey: user.nameKey, userName: user.name };
  }
  if (ctx.caller.userKey) return { userKey: ctx.caller.userKey, userName: ctx.caller.caller.username };
  if (ctx.caller.roleKey) throw validationError('Must specify userName when calling with non-User credentials');
  return { userKey: null, userName: undefined };
}

async function findKey(ctx: QueryContext, owner: { userKey: string | null; userName: string | undefined }, id: string) {
  const key = await ctx.iam.findAccessKey(id);
  if (!key || key.accountId !== ctx.caller.accountId || key.userKey !== owner.userKey || key.sessionToken !== null) {
    throw noSuchEntity(`The Access Key with id ${id} cannot be found.`);
  }
  return key;
}

export const userHandlers: QueryHandlers = {
  async CreateUser(ctx) {
    const name = checkName(ctx.params.required('UserName'), 'userName', 64);
    const path = checkPath(ctx.params.get('Path'));
    const tags = readTags(ctx.params.members('Tags'));
    const existing = await ctx.iam.findUser(ctx.caller.accountId, nameKey(name));
    if (existing) throw entityAlreadyExists(`User with name ${name} already exists.`);
    const user = await ctx.iam.createUser({ id: newIamId('AIDA'), accountId: ctx.caller.accountId, name, nameKey: nameKey(name), path, tags, createdDate: ctx.now });
    return { User: userXml(user) };
  },

  async GetUser(ctx) {
    const name = ctx.params.get('UserName') ?? ctx.caller.caller.username;
    if (name === undefined) {
      // The root (or a session) asking about itself: AWS answers with the caller's id and ARN, without a name.
      return { User: { UserId: ctx.caller.caller.userId, Arn: ctx.caller.caller.arn, CreateDate: ctx.now } };
    }
    return { User: userXml(await findUser(ctx, name)) };
  },

  async ListUsers(ctx) {
    const prefix = ctx.params.get('PathPrefix') ?? '/';
    const users = await ctx.iam.listUsers(ctx.caller.accountId, prefix);
    // ListUsers carries no tags (AWS returns them from GetUser and ListUserTags only).
    return page(ctx.params, 'Users', users.map((u) => userXml({ ...u, tags: [] })));
  },

  async DeleteUser(ctx) {
    const user = await findUser(ctx, ctx.params.required('UserName'));
    const principal = { accountId: user.accountId, principalType: 'user', principalKey: user.nameKey } as const;
    if ((await ctx.iam.countAccessKeys(user.accountId, user.nameKey, false)) > 0) {
      throw deleteConflict('Cannot delete entity, must delete access keys first.');
    }
    if ((await ctx.iam.countInlinePolicies(principal)) > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    if ((await ctx.iam.countAttachments(principal)) > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
    if ((await ctx.iam.countGroupsOfUser(user.accountId, user.nameKey)) > 0) throw deleteConflict('Cannot delete entity, must remove users from group first.');
    await ctx.iam.deleteUser(user.id);
    return undefined;
  },

  async TagUser(ctx) {
    const user = await findUser(ctx, ctx.params.required('UserName'));
    const merged = new Map(tagList(user.tags).map((t) => [t.Key, t.Value]));
    for (const tag of readTags(ctx.params.members('Tags'))) merged.set(tag.Key, tag.Value);
    await ctx.iam.setUserTags(user.id, [...merged].map(([Key, Value]) => ({ Key, Value })));
    return undefined;
  },

  async UntagUser(ctx) {
    const user = await findUser(ctx, ctx.params.required('UserName'));
    const remove = new Set(ctx.params.list('TagKeys'));
    await ctx.iam.setUserTags(user.id, tagList(user.tags).filter((t) => !remove.has(t.Key)));
    return undefined;
  },

  async ListUserTags(ctx) {
    const user = await findUser(ctx, ctx.params.required('UserName'));
    return page(ctx.params, 'Tags', tagList(user.tags));
  },

  async CreateAccessKey(ctx) {
    const owner = await keyOwner(ctx);
    const count = await ctx.iam.countAccessKeys(ctx.caller.accountId, owner.userKey, true);
    if (count >= MAX_ACCESS_KEYS_PER_USER) throw limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${MAX_ACCESS_KEYS_PER_USER}`);
    const secret = newSecretAccessKey();
    const key = await ctx.iam.createAccessKey({ id: newIamId('AKIA'), accountId: ctx.caller.accountId, userKey: owner.userKey, secretCiphertext: ctx.box.seal(secret), status: 'Active', createdDate: ctx.now });
    return { AccessKey: { UserName: owner.userName, AccessKeyId: key.id, Status: key.status, SecretAccessKey: secret, CreateDate: key.createdDate } };
  },

  async ListAccessKeys(ctx) {
    const owner = await keyOwner(ctx);
    const keys = await ctx.iam.listLongTermKeys(ctx.caller.accountId, owner.userKey);
    return page(ctx.params, 'AccessKeyMetadata', keys.map((k) => ({ UserName: owner.userName, AccessKeyId: k.id, Status: k.status, CreateDate: k.createdDate })));
  },

  async UpdateAccessKey(ctx) {
    const owner = await keyOwner(ctx);
    const key = await findKey(ctx, owner, ctx.params.required('AccessKeyId'));
    const status = ctx.params.required('Status');
    if (status !== 'Active' && status !== 'Inactive') {
      throw validationError(`1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`);
    }
    await ctx.iam.setAccessKeyStatus(key.id, status);
    return undefined;
  },

  async DeleteAccessKey(ctx) {
    const owner = await keyOwner(ctx);
    const key = await findKey(ctx, owner, ctx.params.required('AccessKeyId'));
    await ctx.iam.deleteAccessKey(key.id);
    return undefined;
  },
};
