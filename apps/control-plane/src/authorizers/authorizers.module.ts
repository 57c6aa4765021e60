import { Module } from '@nestjs/common';
import { AuthorizerController } from './authorizer.controller.js';
import { AuthorizerRepository } from './authorizer.repository.js';
import { AuthorizerService } from './authorizer.service.js';
import { pluginRegistryProvider } from './plugin-registry.provider.js';

@Module({ controllers: [AuthorizerController], providers: [AuthorizerService, AuthorizerRepository, pluginRegistryProvider] })
export class AuthorizersModule {}
