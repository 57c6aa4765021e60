import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { ApiConfig, ConfigDocument, ConfigDocumentV2, HttpApiSnapshot, WebSocketApiSnapshot } from '@portico/contracts';
import type { Database } from '@portico/db';
import type { ControlPlaneConfig } from '../../config.js';
import { ApiKeyVault } from '../../apigateway/api-keys/api-key-vault.js';
import { deriveStageCacheKey } from './stage-cache-key.js';
import { CONTROL_PLANE_CONFIG, DATABASE } from '../../common/tokens.js';
import { ControlPlaneMetrics } from '../observability/control-plane-metrics.js';
import { loadIamConfig } from '../../iam/iam-config.js';
import { loadThrottleConfig } from '../../apigateway/usage-plans/throttle-config.js';
import { buildConfigDocumentV2, v1Document, type StageWithSnapshot } from './build-config-document.js';
import { foldConfigChanges, readStoredRevision, revisionString, settingsTag } from './config-revision.js';
import { loadHttpApiSnapshots } from '../../apigatewayv2/load-http-api-snapshots.js';
import { loadWebSocketApiSnapshots } from '../../apigatewayv2/load-websocket-api-snapshots.js';
import { loadDomainNameConfig } from '../../apigateway/domain-names/domain-name-config.js';
import { loadVpcLinkConfig } from '../../apigateway/vpc-links/vpc-link-config.js';
import { loadV2VpcLinkConfig } from '../../apigatewayv2/vpc-links/vpc-link-config.js';

// How often ConfigChange rows are folded into ConfigRevision: what a revision read counts is at most this much
// admin writing.
const PRUNE_INTERVAL_MS = 60_000;

interface Built {
  revision: string;
  v2: Promise<ConfigDocumentV2>;
  v1?: Promise<ConfigDocument>;
}

/**
 * The data plane's config document, built once per stored revision. Every write to a table the document is
 * built from moves the stored revision on in the writer's transaction (a ConfigChange row, see schema.prisma), so:
 * - `revision()` is one small read: what a poll with a matching ETag and a change event cost;
 * - `v2(revision)` / `v1()` build at most once per revision on this replica (concurrent fetches share the build).
 * The revision is read before the rows: a write committing during a build changes the revision, so the next
 * poll rebuilds even though this build may already include the write; a document is never labelled newer than
 * what it was built from.
 */
@Injectable()
export class ConfigDocumentService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ConfigDocumentService');
  private built?: Built;
  private readonly tag: string;
  private pruner?: NodeJS.Timeout;
  /** Derived from the master key like `vault.hashKey` (which the settings tag covers, so a new master key re-tags). */
  private readonly stageCacheKey: Buffer;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
    private readonly vault: ApiKeyVault,
    @Inject(ControlPlaneMetrics) private readonly metrics: ControlPlaneMetrics,
  ) {
    this.tag = settingsTag({ ...config, apiKeyHashKey: vault.hashKey });
    this.stageCacheKey = deriveStageCacheKey(config.masterKey);
  }

  onModuleInit(): void {
    void this.pruneConfigChanges();
    this.pruner = setInterval(() => void this.pruneConfigChanges(), PRUNE_INTERVAL_MS);
    this.pruner.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.pruner);
  }

  /** The stored revision (the v2 ETag and the change event's message); never builds. */
  async revision(): Promise<string> {
    const stored = await readStoredRevision(this.db.prisma);
    return revisionString(stored, new Date().toISOString().slice(0, 10).replace(/-/g, ''), this.tag);
  }

  /** The v2 document of `revision` (read just before by the caller), built unless this replica has it. */
  v2(revision: string): Promise<ConfigDocumentV2> {
    return this.entry(revision).v2;
  }

  /** The v1 document of the current revision (content-hash revision, as v1 data planes know it). */
  async v1(): Promise<ConfigDocument> {
    const entry = this.entry(await this.revision());
    entry.v1 ??= entry.v2.then(v1Document);
    return entry.v1;
  }

  /** v1, as every caller before v2 knew it. */
  current(): Promise<ConfigDocument> {
    return this.v1();
  }

  /** Folds every ConfigChange row but the newest into the stored revision (which it leaves unchanged). */
  async pruneConfigChanges(): Promise<number> {
    try {
      return await foldConfigChanges(this.db.prisma);
    } catch (error) {
      this.logger.warn(`Could not prune ConfigChange (retried in ${PRUNE_INTERVAL_MS / 1000} s): ${(error as Error).message}`);
      return 0;
    }
  }

  private entry(revision: string): Built {
    const cached = this.built;
    if (cached && cached.revision === revision) return cached;
    const entry: Built = { revision, v2: this.timedBuild(revision) };
    this.built = entry;
    // A failed build is not kept: the next call tries again.
    entry.v2.catch(() => {
      if (this.built === entry) this.built = undefined;
    });
    return entry;
  }

  private async timedBuild(revision: string): Promise<ConfigDocumentV2> {
    const started = process.hrtime.bigint();
    const document = await this.build(revision);
    this.metrics.documentBuilt(Number(process.hrtime.bigint() - started) / 1e9);
    return document;
  }

  private async build(revision: string): Promise<ConfigDocumentV2> {
    const stages: StageWithSnapshot[] = await this.db.prisma.stage.findMany({
      include: { deployment: { select: { snapshot: true } } },
      orderBy: [{ restApiId: 'asc' }, { stageName: 'asc' }],
    });
    // Canary deployments (CanarySettings.deploymentId) travel with their stage.
    const canaryIds = [...new Set(stages.flatMap((s) => canaryDeploymentId(s.canarySettings) ?? []))];
    if (canaryIds.length > 0) {
      const rows = await this.db.prisma.deployment.findMany({ where: { id: { in: canaryIds } }, select: { id: true, snapshot: true } });
      const byId = new Map(rows.map((row) => [row.id, row]));
      for (const stage of stages) {
        const id = canaryDeploymentId(stage.canarySettings);
        stage.canaryDeployment = id !== undefined ? (byId.get(id) ?? null) : null;
      }
    }
    const throttling = await loadThrottleConfig(this.db.prisma, this.vault.hashKey);
    const iam = await loadIamConfig(this.db.prisma, this.config, new Date());
    const domainNames = await loadDomainNameConfig(this.db.prisma);
    const vpcLinks = [...(await loadVpcLinkConfig(this.db.prisma)), ...(await loadV2VpcLinkConfig(this.db.prisma))];
    const httpApis = await loadHttpApiSnapshots(this.db.prisma);
    const websocketApis = await loadWebSocketApiSnapshots(this.db.prisma);
    return buildConfigDocumentV2(
      stages,
      { region: this.config.region, accountId: this.config.accountId },
      {
        ...throttling,
        iam,
        domainNames,
        vpcLinks,
        // Only documents that serve a stage cache carry its key (others stay as they were).
        ...(stages.some((s) => s.cacheClusterEnabled) && { stageCacheKey: this.stageCacheKey.toString('base64url') }),
      },
      revision,
      { ...httpApiEntries(httpApis), ...websocketApiEntries(websocketApis) },
    );
  }
}

function canaryDeploymentId(settings: unknown): string | undefined {
  const id = (settings as { deploymentId?: unknown } | null)?.deploymentId;
  return typeof id === 'string' ? id : undefined;
}

/** HTTP API snapshots (one per deployed stage, in API-id then stage-name order) as v2 `apis` entries by API id. */
function httpApiEntries(snapshots: readonly HttpApiSnapshot[]): Record<string, ApiConfig> {
  const apis: Record<string, { protocolType: 'HTTP'; stages: HttpApiSnapshot[] }> = {};
  for (const snapshot of snapshots) (apis[snapshot.api.apiId] ??= { protocolType: 'HTTP', stages: [] }).stages.push(snapshot);
  return apis;
}

/** WebSocket API snapshots as v2 `apis` entries by API id (the /v2 id space is shared with HTTP APIs). */
function websocketApiEntries(snapshots: readonly WebSocketApiSnapshot[]): Record<string, ApiConfig> {
  const apis: Record<string, { protocolType: 'WEBSOCKET'; stages: WebSocketApiSnapshot[] }> = {};
  for (const snapshot of snapshots) (apis[snapshot.api.apiId] ??= { protocolType: 'WEBSOCKET', stages: [] }).stages.push(snapshot);
  return apis;
}
