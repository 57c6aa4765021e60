import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import type { ControlPlaneConfig } from './config.js';
import { ConfigModule } from './common/config.module.js';
import { DatabaseModule } from './common/database.module.js';
import { RequestBodyInterceptor } from './common/request-body.interceptor.js';
import { PathParameterGuard } from './common/path-parameter.guard.js';
import { SigV4AdminGuard } from './platform/admin-auth/sigv4-admin.guard.js';
import { AccountsModule } from './platform/accounts/accounts.module.js';
import { AuthorizersModule } from './apigateway/authorizers/authorizers.module.js';
import { IamModule } from './iam/iam.module.js';
import { VpcEndpointsModule } from './platform/vpc-endpoints/vpc-endpoints.module.js';
import { ConfigDocumentModule } from './platform/config-distribution/config-document.module.js';
import { DeploymentsModule } from './apigateway/deployments/deployments.module.js';
import { HealthModule } from './platform/health/health.module.js';
import { StagesModule } from './apigateway/stages/stages.module.js';
import { AccountModule } from './apigateway/account/account.module.js';
import { AdminRateLimitModule } from './platform/admin-rate-limit/admin-rate-limit.module.js';
import { ApiKeysModule } from './apigateway/api-keys/api-keys.module.js';
import { ApiKeyVaultModule } from './apigateway/api-keys/api-key-vault.module.js';
import { UsageModule } from './apigateway/usage/usage.module.js';
import { UsagePlansModule } from './apigateway/usage-plans/usage-plans.module.js';
import { GatewayResponsesModule } from './apigateway/gateway-responses/gateway-responses.module.js';
import { IntegrationsModule } from './apigateway/integrations/integrations.module.js';
import { MethodsModule } from './apigateway/methods/methods.module.js';
import { ResourcesModule } from './apigateway/resources/resources.module.js';
import { RestApisModule } from './apigateway/rest-apis/rest-apis.module.js';
import { TagsModule } from './apigateway/tags/tags.module.js';
import { DomainNamesModule } from './apigateway/domain-names/domain-names.module.js';
import { VpcLinksModule } from './apigateway/vpc-links/vpc-links.module.js';
import { ModelsModule } from './apigateway/models/models.module.js';
import { RequestValidatorsModule } from './apigateway/request-validators/request-validators.module.js';
import { ApiGatewayV2Module } from './apigatewayv2/apigatewayv2.module.js';
import { ObservabilityModule } from './platform/observability/observability.module.js';
import { AdminAuthModule } from './platform/admin-auth/admin-auth.module.js';
import { ConsoleModule } from './platform/console/console.module.js';
import { DecisionTrailsModule } from './platform/decision-trails/decision-trails.module.js';

@Module({})
export class AppModule {
  static forRoot(config: ControlPlaneConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(config), ObservabilityModule.forRoot(config), AdminAuthModule, ConsoleModule, DecisionTrailsModule, ApiKeyVaultModule, RestApisModule, ResourcesModule, MethodsModule, AuthorizersModule, IntegrationsModule, GatewayResponsesModule, ModelsModule, RequestValidatorsModule, DeploymentsModule, StagesModule, ConfigDocumentModule, HealthModule, ApiKeysModule, UsagePlansModule, UsageModule, AccountModule, DomainNamesModule, VpcLinksModule, TagsModule, IamModule, AccountsModule, VpcEndpointsModule, ApiGatewayV2Module, AdminRateLimitModule.forRoot(config)],
      providers: [
        // Guards run in this order: the signature first (as AWS answers), then ids that cannot exist.
        { provide: APP_GUARD, useClass: SigV4AdminGuard },
        { provide: APP_GUARD, useClass: PathParameterGuard },
        { provide: APP_INTERCEPTOR, useClass: RequestBodyInterceptor },
      ],
    };
  }
}
