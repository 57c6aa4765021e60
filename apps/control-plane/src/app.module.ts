import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import type { ControlPlaneConfig } from './config.js';
import { ConfigModule } from './common/config.module.js';
import { DatabaseModule } from './common/database.module.js';
import { RequestBodyInterceptor } from './common/request-body.interceptor.js';
import { PathParameterGuard } from './common/path-parameter.guard.js';
import { SigV4AdminGuard } from './common/sigv4-admin.guard.js';
import { AccountsModule } from './accounts/accounts.module.js';
import { AuthorizersModule } from './authorizers/authorizers.module.js';
import { IamModule } from './iam/iam.module.js';
import { VpcEndpointsModule } from './vpc-endpoints/vpc-endpoints.module.js';
import { ConfigDocumentModule } from './config-document/config-document.module.js';
import { DeploymentsModule } from './deployments/deployments.module.js';
import { HealthModule } from './health/health.module.js';
import { StagesModule } from './stages/stages.module.js';
import { AccountModule } from './account/account.module.js';
import { AdminRateLimitModule } from './account/admin-rate-limit.module.js';
import { ApiKeysModule } from './api-keys/api-keys.module.js';
import { ApiKeyVaultModule } from './api-keys/api-key-vault.module.js';
import { UsageModule } from './usage/usage.module.js';
import { UsagePlansModule } from './usage-plans/usage-plans.module.js';
import { GatewayResponsesModule } from './gateway-responses/gateway-responses.module.js';
import { IntegrationsModule } from './integrations/integrations.module.js';
import { MethodsModule } from './methods/methods.module.js';
import { ResourcesModule } from './resources/resources.module.js';
import { RestApisModule } from './rest-apis/rest-apis.module.js';
import { ObservabilityModule } from './observability/observability.module.js';

@Module({})
export class AppModule {
  static forRoot(config: ControlPlaneConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(config), ObservabilityModule.forRoot(config), ApiKeyVaultModule, RestApisModule, ResourcesModule, MethodsModule, AuthorizersModule, IntegrationsModule, GatewayResponsesModule, DeploymentsModule, StagesModule, ConfigDocumentModule, HealthModule, ApiKeysModule, UsagePlansModule, UsageModule, AccountModule, IamModule, AccountsModule, VpcEndpointsModule, AdminRateLimitModule.forRoot(config)],
      providers: [
        // Guards run in this order: the signature first (as AWS answers), then ids that cannot exist.
        { provide: APP_GUARD, useClass: SigV4AdminGuard },
        { provide: APP_GUARD, useClass: PathParameterGuard },
        { provide: APP_INTERCEPTOR, useClass: RequestBodyInterceptor },
      ],
    };
  }
}
