import {
  CONFIG_SCHEMA_VERSION,
  configDocumentSchema,
  contentHash,
  deploymentSnapshotSchema,
  type ConfigDocument,
  type DeploymentSnapshot,
  type StageConfig,
} from '@portico/contracts';

/** A stage row with the snapshot of the deployment it points at (a structural subset of the Prisma rows). */
export interface StageWithSnapshot {
  restApiId: string;
  stageName: string;
  deploymentId: string;
  variables: unknown;
  methodSettings: unknown;
  accessLogSettings: unknown;
  tracingEnabled: boolean;
  lastUpdatedDate: Date;
  deployment: { snapshot: unknown };
}

/**
 * The data plane's whole input, built from every stage and the snapshots they serve. `revision` is the content
 * hash of everything else, so that equal documents have equal revisions (the ETag of /internal/config) however
 * often they are rebuilt.
 */
export function buildConfigDocument(
  stages: readonly StageWithSnapshot[],
  context: { region: string; accountId: string },
  /** The parts other families contribute (API keys, usage plans, account throttle, IAM, domain names, HTTP APIs); schema defaults otherwise. */
  parts: Partial<Pick<ConfigDocument, 'apiKeys' | 'apiKeyHashKey' | 'usagePlans' | 'account' | 'iam' | 'domainNames' | 'httpApis'>> = {},
): ConfigDocument {
  const ordered = [...stages].sort((a, b) => compare(a.restApiId, b.restApiId) || compare(a.stageName, b.stageName));
  const deployments: Record<string, DeploymentSnapshot> = {};
  const stageConfigs: StageConfig[] = ordered.map((stage) => {
    deployments[stage.deploymentId] ??= deploymentSnapshotSchema.parse(stage.deployment.snapshot);
    const accessLog = stage.accessLogSettings as StageConfig['accessLogSettings'] | null;
    return {
      restApiId: stage.restApiId,
      stageName: stage.stageName,
      deploymentId: stage.deploymentId,
      variables: (stage.variables ?? {}) as Record<string, string>,
      methodSettings: (stage.methodSettings ?? {}) as StageConfig['methodSettings'],
      accessLogSettings: accessLog ?? undefined,
      tracingEnabled: stage.tracingEnabled,
      lastUpdatedDate: Math.floor(stage.lastUpdatedDate.getTime() / 1000),
    };
  });
  const body = {
    schemaVersion: CONFIG_SCHEMA_VERSION,
    region: context.region,
    accountId: context.accountId,
    stages: stageConfigs,
    deployments,
    ...parts,
  };
  // Validating on the way out keeps a bad row from reaching every data plane (they would refuse it anyway). The
  // hash is taken over the validated form, so that a reader re-hashing what it received gets the same revision.
  const { revision: _unset, ...validated } = configDocumentSchema.parse({ ...body, revision: '' });
  return { ...validated, revision: contentHash(validated) };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
