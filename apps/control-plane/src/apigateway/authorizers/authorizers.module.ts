import { Module } from '@nestjs/common';
import { AuthorizerCacheController } from './authorizer-cache.controller.js';
import { AuthorizerCacheService } from './authorizer-cache.service.js';
import { AuthorizerController } from './authorizer.controller.js';
import { AuthorizerRepository } from './authorizer.repository.js';
import { AuthorizerService } from './authorizer.service.js';
import { FunctionRunnerLifecycle, functionRunnerProvider } from './function-runner.provider.js';
import { pluginRegistryProvider } from './plugin-registry.provider.js';
import { StagesModule } from '../stages/stages.module.js';

@Module({
  imports: [StagesModule],
  controllers: [AuthorizerController, AuthorizerCacheController],
  providers: [AuthorizerService, AuthorizerRepository, AuthorizerCacheService, pluginRegistryProvider, functionRunnerProvider, FunctionRunnerLifecycle],
  // CreateDeployment checks authorizers against the plugins loaded here; ResetAuthorizersCache (v2) reuses the cache;
  // TestInvokeMethod shares the function runner.
  exports: [pluginRegistryProvider, AuthorizerCacheService, functionRunnerProvider],
})
export class AuthorizersModule {}
