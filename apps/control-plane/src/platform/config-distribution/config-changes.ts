import type { Prisma } from '@portico/db';

/**
 * The Prisma models whose rows data planes serve: the config document is built from stages (with the snapshot of
 * the deployment each points at), API keys, usage plans and their keys, the account throttle, IAM principals,
 * keys and policies (a user's groups' included), VPC endpoints, custom domain names with their API mappings, and VPC links (REST and v2). RestApi, Deployment and the editing tables (Resource, Method, …) reach
 * data planes only through a stage: a new deployment is served once a stage points at it (a Stage write), a
 * deleted API's stages are deleted first (a Stage write). HTTP APIs the same way: V2Stage (a V2Deployment, an
 * auto-deploy or a deleted API is a V2Stage write).
 */
export const SERVED_MODELS: ReadonlySet<string> = new Set([
  'Stage',
  'V2Stage',
  'ApiKey',
  'UsagePlan',
  'UsagePlanKey',
  'Account',
  'IamAccount',
  'IamUser',
  'IamRole',
  'IamManagedPolicy',
  'IamInlinePolicy',
  'IamPolicyAttachment',
  'IamAccessKey',
  'VpcEndpoint',
  'IamGroup',
  'IamGroupMember',
  'DomainName',
  'ApiMapping',
  'VpcLink',
  'V2VpcLink',
]);

/** What a committed write changed of what data planes serve: the served models it wrote. */
export interface ConfigScope {
  readonly models: readonly string[];
}

/** The part of a write's models that data planes serve; undefined when it changed nothing they serve. */
export function configScopeOf(written: ReadonlySet<string>): ConfigScope | undefined {
  const models = [...written].filter((model) => SERVED_MODELS.has(model)).sort();
  return models.length > 0 ? { models } : undefined;
}

/**
 * Called once inside every admin write's transaction that changed what data planes serve, before it commits (by
 * common/write-transaction.ts, through the ConfigChangePublisher's WriteObserver); the change event follows the
 * commit. The revision itself is recorded by the database (the config_changes statement triggers append to
 * "ConfigChange" in the same transaction), so there is nothing more to store here today; this is the one place a
 * stored revision would be bumped.
 */
export async function configChanged(_tx: Prisma.TransactionClient, _scope: ConfigScope): Promise<void> {}
