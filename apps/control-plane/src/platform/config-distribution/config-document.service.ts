import { Inject, Injectable } from '@nestjs/common';
import type { ConfigDocument } from '@portico/contracts';
import type { Database } from '@portico/db';
import type { ControlPlaneConfig } from '../../config.js';
import { ApiKeyVault } from '../../apigateway/api-keys/api-key-vault.js';
import { CONTROL_PLANE_CONFIG, DATABASE } from '../../common/tokens.js';
import { ControlPlaneMetrics } from '../observability/control-plane-metrics.js';
import { loadIamConfig } from '../../iam/iam-config.js';
import { loadThrottleConfig } from '../../apigateway/usage-plans/throttle-config.js';
import { loadHttpApiSnapshots } from '../../apigatewayv2/load-http-api-snapshots.js';
import { buildConfigDocument } from './build-config-document.js';
import { loadDomainNameConfig } from '../../apigateway/domain-names/domain-name-config.js';

// A cached document is rebuilt at least this often even when no input changed: the document also depends on the
// clock (expired temporary credentials leave it a day after they expire).
const MAX_CACHE_AGE_MS = 60_000;

interface Cached {
  key: string;
  builtAt: number;
  document: Promise<ConfigDocument>;
}

/**
 * Reads every stage with its deployment's snapshot and builds the data plane's config document — once per change
 * of its inputs. Every write to a table the document is built from appends a row to "ConfigChange" in the writer's
 * transaction (database triggers), so (count, max id) of that table changes with every such commit, on whichever
 * control-plane replica it happened. A poll with a matching ETag then costs that one count instead of a rebuild
 * (seconds for 100,000 API keys), and concurrent fetches of the same inputs share one build.
 */
@Injectable()
export class ConfigDocumentService {
  private cached?: Cached;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
    private readonly vault: ApiKeyVault,
    @Inject(ControlPlaneMetrics) private readonly metrics: ControlPlaneMetrics,
  ) {}

  async current(): Promise<ConfigDocument> {
    // The key is read before the build: a write committing during the build changes the key, so the next call
    // rebuilds even though this build may already include it. The UTC day is part of it (per-day signing keys).
    const key = `${await this.inputsKey()}/${new Date().toISOString().slice(0, 10)}`;
    const cached = this.cached;
    if (cached && cached.key === key && Date.now() - cached.builtAt < MAX_CACHE_AGE_MS) return cached.document;
    const entry: Cached = { key, builtAt: Date.now(), document: this.timedBuild() };
    this.cached = entry;
    // A failed build is not kept: the next call tries again.
    entry.document.catch(() => {
      if (this.cached === entry) this.cached = undefined;
    });
    return entry.document;
  }

  private async inputsKey(): Promise<string> {
    const [row] = await this.db.prisma.$queryRawUnsafe<{ n: bigint; m: bigint }[]>('SELECT count(*) AS n, coalesce(max("id"), 0) AS m FROM "ConfigChange"');
    return `${row.n}:${row.m}`;
  }

  private async timedBuild(): Promise<ConfigDocument> {
    const started = process.hrtime.bigint();
    const document = await this.build();
    this.metrics.documentBuilt(Number(process.hrtime.bigint() - started) / 1e9);
    return document;
  }

  private async build(): Promise<ConfigDocument> {
    const stages = await this.db.prisma.stage.findMany({
      include: { deployment: { select: { snapshot: true } } },
      orderBy: [{ restApiId: 'asc' }, { stageName: 'asc' }],
    });
    const throttling = await loadThrottleConfig(this.db.prisma, this.vault.hashKey);
    const iam = await loadIamConfig(this.db.prisma, this.config, new Date());
    const domainNames = await loadDomainNameConfig(this.db.prisma);
    const httpApis = await loadHttpApiSnapshots(this.db.prisma);
    return buildConfigDocument(stages, { region: this.config.region, accountId: this.config.accountId }, { ...throttling, iam, domainNames, httpApis });
  }
}
