import {
  CONFIG_SCHEMA_VERSION_V2,
  canarySettingsSchema,
  configDocumentSchema,
  configDocumentV2Schema,
  contentHash,
  deploymentSnapshotSchema,
  restConfigDocument,
  type ApiConfig,
  type CanarySettings,
  type ConfigDocument,
  type ConfigDocumentV2,
  type RestApiConfig,
  type RestStageConfig,
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
  cacheClusterEnabled?: boolean;
  cacheClusterSize?: string | null;
  lastUpdatedDate: Date;
  deployment: { snapshot: unknown };
  /** The stage's canary (AWS CanarySettings) and the snapshot of the deployment it points at. */
  canarySettings?: unknown;
  canaryDeployment?: { snapshot: unknown } | null;
}

/** The parts other families contribute (API keys, usage plans, account throttle, IAM); schema defaults otherwise. */
export type DocumentParts = Partial<Pick<ConfigDocument, 'apiKeys' | 'apiKeyHashKey' | 'stageCacheKey' | 'usagePlans' | 'account' | 'iam' | 'domainNames' | 'vpcLinks'>>;

/**
 * The v2 document: every REST API some stage serves, keyed by id, with its stages (and their canaries) and the
 * snapshots they point at. `revision` is the stored revision the caller read before reading the rows (see
 * ConfigDocumentService), not a hash: equal revisions name equal inputs.
 */
export function buildConfigDocumentV2(
  stages: readonly StageWithSnapshot[],
  context: { region: string; accountId: string },
  parts: DocumentParts,
  revision: string,
  /** APIs of the other protocol types (HTTP APIs: their builder in apigatewayv2/), by API id. */
  otherApis: Readonly<Record<string, ApiConfig>> = {},
): ConfigDocumentV2 {
  const apis: Record<string, ApiConfig> = { ...otherApis };
  const restApis: Record<string, RestApiConfig> = {};
  const ordered = [...stages].sort((a, b) => compare(a.restApiId, b.restApiId) || compare(a.stageName, b.stageName));
  for (const stage of ordered) {
    const api = (restApis[stage.restApiId] ??= { protocolType: 'REST', stages: [], deployments: {} });
    api.deployments[stage.deploymentId] ??= deploymentSnapshotSchema.parse(stage.deployment.snapshot);
    const accessLog = stage.accessLogSettings as RestStageConfig['accessLogSettings'] | null;
    const canary = canaryOf(stage);
    if (canary) api.deployments[canary.deploymentId] ??= deploymentSnapshotSchema.parse(stage.canaryDeployment!.snapshot);
    api.stages.push({
      stageName: stage.stageName,
      deploymentId: stage.deploymentId,
      variables: (stage.variables ?? {}) as Record<string, string>,
      methodSettings: (stage.methodSettings ?? {}) as RestStageConfig['methodSettings'],
      accessLogSettings: accessLog ?? undefined,
      tracingEnabled: stage.tracingEnabled,
      cacheClusterEnabled: stage.cacheClusterEnabled === true,
      ...(stage.cacheClusterEnabled && { cacheClusterSize: (stage.cacheClusterSize ?? '0.5') as RestStageConfig['cacheClusterSize'] }),
      lastUpdatedDate: Math.floor(stage.lastUpdatedDate.getTime() / 1000),
      ...(canary && { canarySettings: canary }),
    });
  }
  Object.assign(apis, restApis);
  // Validating on the way out keeps a bad row from reaching every data plane (they would refuse it anyway).
  return configDocumentV2Schema.parse({
    schemaVersion: CONFIG_SCHEMA_VERSION_V2,
    revision,
    region: context.region,
    accountId: context.accountId,
    apis,
    ...parts,
  });
}

/**
 * The v1 document (what data planes before v2 read) of the same inputs. Its `revision` is the content hash of
 * everything else, as v1 always had it, so that an old data plane's ETag keeps matching across rebuilds.
 */
export function buildConfigDocument(
  stages: readonly StageWithSnapshot[],
  context: { region: string; accountId: string },
  parts: DocumentParts = {},
): ConfigDocument {
  return v1Document(buildConfigDocumentV2(stages, context, parts, ''));
}

/** The v1 rendering of a built v2 document, with its content-hash revision. */
export function v1Document(document: ConfigDocumentV2): ConfigDocument {
  // The hash is taken over the validated form, so that a reader re-hashing what it received gets the same revision.
  const { revision: _unset, ...validated } = configDocumentSchema.parse(restConfigDocument(document, ''));
  return { ...validated, revision: contentHash(validated) };
}

function canaryOf(stage: StageWithSnapshot): CanarySettings | undefined {
  if (stage.canarySettings === null || stage.canarySettings === undefined || !stage.canaryDeployment) return undefined;
  const parsed = canarySettingsSchema.safeParse(stage.canarySettings);
  return parsed.success ? parsed.data : undefined;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
