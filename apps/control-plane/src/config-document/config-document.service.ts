import { Inject, Injectable } from '@nestjs/common';
import type { ConfigDocument } from '@portico/contracts';
import type { Database } from '@portico/db';
import type { ControlPlaneConfig } from '../config.js';
import { ApiKeyVault } from '../api-keys/api-key-vault.js';
import { CONTROL_PLANE_CONFIG, DATABASE } from '../common/tokens.js';
import { ControlPlaneMetrics } from '../observability/control-plane-metrics.js';
import { loadIamConfig } from '../iam/iam-config.js';
import { loadThrottleConfig } from '../usage-plans/throttle-config.js';
import { buildConfigDocument } from './build-config-document.js';

/** Reads every stage with its deployment's snapshot and builds the data plane's config document. */
@Injectable()
export class ConfigDocumentService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
    private readonly vault: ApiKeyVault,
    @Inject(ControlPlaneMetrics) private readonly metrics: ControlPlaneMetrics,
  ) {}

  async current(): Promise<ConfigDocument> {
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
    return buildConfigDocument(stages, { region: this.config.region, accountId: this.config.accountId }, { ...throttling, iam });
  }
}
