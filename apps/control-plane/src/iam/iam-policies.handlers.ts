import { parsePolicy, type PolicyKind } from '@portico/engine-policy';
import { AWS_MANAGED_POLICIES } from './aws-managed-policies.js';
import { newIamId } from './iam-ids.js';
import { checkName, checkPath, nameKey, parseIamArn, policyArn, readTags } from './iam-names.js';
import type { QueryContext, QueryHandler, QueryHandlers } from './query-context.js';
import { page } from './query-paging.js';
import { deleteConflict, entityAlreadyExists, limitExceeded, malformedPolicy, noSuchEntity, validationError, type XmlValue } from './query-protocol.js';

const MAX_POLICY_SIZE = 6144;
const MAX_ATTACHED_POLICIES = 10;

/** Validates a policy document on write with IAM's MalformedPolicyDocument text; returns it as sent. */
export function checkPolicyDocument(document: string, kind: PolicyKind): string {
  if (document.replace(/\s/g, '').length > MAX_POLICY_SIZE) throw limitExceeded(`Cannot exceed quota for PolicySize: ${MAX_POLICY_SIZE}`);
  const parsed = parsePolicy(document, kind);
  if (!parsed.ok) throw malformedPolicy(parsed.message);
  return document;
}

/** IAM returns policy documents URL-encoded (RFC 3986), in every response that carries one. */
export const encodeDocument = (document: string): string => encodeURIComponent(document);

type PrincipalType = 'user' | 'role' | 'group';
const PRINCIPAL = {
  user: { param: 'UserName', member: 'userName', label: 'user', model: 'iamUser' },
  role: { param: 'RoleName', member: 'roleName', label: 'role', model: 'iamRole' },
  group: { param: 'GroupName', member: 'groupName', label: 'group', model: 'iamGroup' },
} as const;

/** The named user, role or group of the caller's account (its stored name and key), or NoSuchEntity. */
async function principalOf(ctx: QueryContext, type: PrincipalType): Promise<{ name: string; key: string }> {
  const spec = PRINCIPAL[type];
  const name = ctx.params.required(spec.param, spec.member);
  const key = nameKey(name);
  const row = type === 'user' ? await ctx.iam.findUser(ctx.caller.accountId, key) : type === 'role' ? await ctx.iam.findRole(ctx.caller.accountId, key) : await ctx.iam.findGroup(ctx.caller.accountId, key);
  if (!row) throw noSuchEntity(`The ${spec.label} with name ${name} cannot be found.`);
  return { name: row.name, key: row.nameKey };
}

interface ManagedPolicy {
  arn: string;
  id: string;
  name: string;
  path: string;
  description: string | null;
  document: string;
  createDate: Date;
  updateDate: Date;
  awsManaged: boolean;
}

async function findManagedPolicy(ctx: QueryContext, arn: string): Promise<ManagedPolicy> {
  const notFound = () => noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
  const managed = AWS_MANAGED_POLICIES.get(arn);
  if (managed) {
    const epoch = new Date('2015-02-06T18:40:00Z');
    return { arn, id: `ANPA${managed.name.toUpperCase().slice(0, 16).padEnd(16, 'X')}`, name: managed.name, path: '/', description: managed.description, document: managed.document, createDate: epoch, updateDate: epoch, awsManaged: true };
  }
  const parsed = parseIamArn(arn, 'policy');
  if (!parsed || parsed.accountId !== ctx.caller.accountId) throw notFound();
  const row = await ctx.iam.findManagedPolicy(parsed.accountId, nameKey(parsed.name));
  if (!row || row.path !== parsed.path) throw notFound();
  return { arn, id: row.id, name: row.name, path: row.path, description: row.description, document: row.document, createDate: row.createdDate, updateDate: row.updateDate, awsManaged: false };
}

async function policyXml(ctx: QueryContext, policy: ManagedPolicy): Promise<Record<string, XmlValue>> {
  const attachments = await ctx.iam.countAttachmentsOf(ctx.caller.accountId, policy.arn);
  return {
    PolicyName: policy.name,
    PolicyId: policy.id,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: 'v1',
    AttachmentCount: attachments,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    Description: policy.description ?? undefined,
    CreateDate: policy.createDate,
    UpdateDate: policy.updateDate,
  };
}

function inlineHandlers(type: PrincipalType): QueryHandlers {
  const Type = type === 'user' ? 'User' : type === 'role' ? 'Role' : 'Group';
  const label = type === 'user' ? 'user' : 'role';
  const of = (ctx: QueryContext, key: string) => ({ accountId: ctx.caller.accountId, principalType: type, principalKey: key });
  const put: QueryHandler = async (ctx) => {
    const principal = await principalOf(ctx, type);
    const policyName = checkName(ctx.params.required('PolicyName'), 'policyName', 128);
    const document = checkPolicyDocument(ctx.params.required('PolicyDocument'), 'identity');
    await ctx.iam.putInlinePolicy(of(ctx, principal.key), policyName, document);
    return undefined;
  };
  const get: QueryHandler = async (ctx) => {
    const principal = await principalOf(ctx, type);
    const policyName = ctx.params.required('PolicyName');
    const row = await ctx.iam.findInlinePolicy(of(ctx, principal.key), policyName);
    if (!row) throw noSuchEntity(`The ${label} policy with name ${policyName} cannot be found.`);
    return { [`${Type}Name`]: principal.name, PolicyName: row.policyName, PolicyDocument: encodeDocument(row.document) };
  };
  const remove: QueryHandler = async (ctx) => {
    const principal = await principalOf(ctx, type);
    const policyName = ctx.params.required('PolicyName');
    const row = await ctx.iam.findInlinePolicy(of(ctx, principal.key), policyName);
    if (!row) throw noSuchEntity(`The ${label} policy with name ${policyName} cannot be found.`);
    await ctx.iam.deleteInlinePolicy(of(ctx, principal.key), policyName);
    return undefined;
  };
  const list: QueryHandler = async (ctx) => {
    const principal = await principalOf(ctx, type);
    const rows = await ctx.iam.listInlinePolicies(of(ctx, principal.key));
    return page(ctx.params, 'PolicyNames', rows.map((r) => r.policyName));
  };
  const attach: QueryHandler = async (ctx) => {
    const principal = await principalOf(ctx, type);
    const policy = await findManagedPolicy(ctx, ctx.params.required('PolicyArn'));
    const owner = of(ctx, principal.key);
    if (await ctx.iam.findAttachment(owner, policy.arn)) return undefined;
    const count = await ctx.iam.countAttachments(owner);
    if (count >= MAX_ATTACHED_POLICIES) throw limitExceeded(`Cannot exceed quota for PoliciesPer${Type}: ${MAX_ATTACHED_POLICIES}`);
    await ctx.iam.attach(owner, policy.arn, ctx.now);
    return undefined;
  };
  const detach: QueryHandler = async (ctx) => {
    const principal = await principalOf(ctx, type);
    const arn = ctx.params.required('PolicyArn');
    const owner = of(ctx, principal.key);
    if (!(await ctx.iam.findAttachment(owner, arn))) throw noSuchEntity(`Policy ${arn} was not found.`);
    await ctx.iam.detach(owner, arn);
    return undefined;
  };
  const listAttached: QueryHandler = async (ctx) => {
    const principal = await principalOf(ctx, type);
    const rows = await ctx.iam.listAttachments(of(ctx, principal.key));
    return page(ctx.params, 'AttachedPolicies', rows.map((r) => ({ PolicyName: r.policyArn.slice(r.policyArn.lastIndexOf('/') + 1), PolicyArn: r.policyArn })));
  };
  return {
    [`Put${Type}Policy`]: put,
    [`Get${Type}Policy`]: get,
    [`Delete${Type}Policy`]: remove,
    [`List${Type}Policies`]: list,
    [`Attach${Type}Policy`]: attach,
    [`Detach${Type}Policy`]: detach,
    [`ListAttached${Type}Policies`]: listAttached,
  };
}

export const policyHandlers: QueryHandlers = {
  ...inlineHandlers('user'),
  ...inlineHandlers('role'),
  ...inlineHandlers('group'),

  async CreatePolicy(ctx) {
    const name = checkName(ctx.params.required('PolicyName'), 'policyName', 128);
    const path = checkPath(ctx.params.get('Path'));
    const document = checkPolicyDocument(ctx.params.required('PolicyDocument'), 'identity');
    const accountId = ctx.caller.accountId;
    if (await ctx.iam.findManagedPolicy(accountId, nameKey(name))) {
      throw entityAlreadyExists(`A policy called ${name} already exists. Duplicate names are not allowed.`);
    }
    const row = await ctx.iam.createManagedPolicy({
      id: newIamId('ANPA'),
      accountId,
      name,
      nameKey: nameKey(name),
      path,
      description: ctx.params.get('Description') ?? null,
      document,
      tags: readTags(ctx.params.members('Tags')),
      createdDate: ctx.now,
      updateDate: ctx.now,
    });
    const policy = { arn: policyArn(accountId, path, name), id: row.id, name, path, description: row.description, document, createDate: row.createdDate, updateDate: row.updateDate, awsManaged: false };
    return { Policy: await policyXml(ctx, policy) };
  },

  async GetPolicy(ctx) {
    return { Policy: await policyXml(ctx, await findManagedPolicy(ctx, ctx.params.required('PolicyArn'))) };
  },

  async GetPolicyVersion(ctx) {
    const policy = await findManagedPolicy(ctx, ctx.params.required('PolicyArn'));
    const versionId = ctx.params.required('VersionId');
    if (versionId !== 'v1') throw noSuchEntity(`Policy ${policy.arn} version ${versionId} does not exist or is not attachable.`);
    return { PolicyVersion: { Document: encodeDocument(policy.document), VersionId: 'v1', IsDefaultVersion: true, CreateDate: policy.createDate } };
  },

  async ListPolicies(ctx) {
    const scope = ctx.params.get('Scope') ?? 'All';
    const onlyAttached = ctx.params.get('OnlyAttached') === 'true';
    const out: ManagedPolicy[] = [];
    if (scope === 'All' || scope === 'AWS') for (const arn of AWS_MANAGED_POLICIES.keys()) out.push(await findManagedPolicy(ctx, arn));
    if (scope === 'All' || scope === 'Local') {
      const rows = await ctx.iam.listManagedPolicies(ctx.caller.accountId);
      for (const r of rows) out.push({ arn: policyArn(r.accountId, r.path, r.name), id: r.id, name: r.name, path: r.path, description: r.description, document: r.document, createDate: r.createdDate, updateDate: r.updateDate, awsManaged: false });
    }
    const rendered = await Promise.all(out.map((p) => policyXml(ctx, p)));
    return page(ctx.params, 'Policies', onlyAttached ? rendered.filter((p) => Number(p.AttachmentCount) > 0) : rendered);
  },

  async DeletePolicy(ctx) {
    const policy = await findManagedPolicy(ctx, ctx.params.required('PolicyArn'));
    if (policy.awsManaged) throw validationError('Cannot delete an AWS managed policy.');
    if ((await ctx.iam.countAttachmentsOf(ctx.caller.accountId, policy.arn)) > 0) {
      throw deleteConflict('Cannot delete a policy attached to entities.');
    }
    await ctx.iam.deleteManagedPolicy(policy.id);
    return undefined;
  },
};
