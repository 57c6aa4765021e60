import { Global, Inject, Injectable, Logger, Module, type OnModuleInit } from '@nestjs/common';
import type { Database } from '@portico/db';
import type { ControlPlaneConfig } from '../../config.js';
import { CONTROL_PLANE_CONFIG, DATABASE } from '../../common/tokens.js';
import { ApiKeyVault } from './api-key-vault.js';
import { assertApiKeysOpen, sealLegacyApiKeys } from './seal-legacy-api-keys.js';

/**
 * Before the app serves anything, no API key value is left in clear, and the stored ones open under the configured
 * master key (start-up fails otherwise).
 */
@Injectable()
class LegacyApiKeySealer implements OnModuleInit {
  private readonly logger = new Logger('ApiKeys');

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly vault: ApiKeyVault,
  ) {}

  async onModuleInit(): Promise<void> {
    // Checked first, so that a wrong master key never seals legacy values under a key the others are not under.
    await assertApiKeysOpen(this.db.prisma, this.vault);
    const sealed = await sealLegacyApiKeys(this.db.prisma, this.vault);
    if (sealed > 0) this.logger.log(`encrypted ${sealed} API key value(s) stored in clear by an earlier version`);
  }
}

/** Provides the ApiKeyVault (keys derived from PORTICO_MASTER_KEY) to the modules that read or write key values. */
@Global()
@Module({
  providers: [
    { provide: ApiKeyVault, inject: [CONTROL_PLANE_CONFIG], useFactory: (config: ControlPlaneConfig) => new ApiKeyVault(config.masterKey) },
    LegacyApiKeySealer,
  ],
  exports: [ApiKeyVault],
})
export class ApiKeyVaultModule {}
