import { DynamicModule, Global, Module } from '@nestjs/common';
import type { ControlPlaneConfig } from '../config.js';
import { CONTROL_PLANE_CONFIG } from './tokens.js';

/** Provides the parsed ControlPlaneConfig (`@Inject(CONTROL_PLANE_CONFIG)`) to every module. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: ControlPlaneConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: CONTROL_PLANE_CONFIG, useValue: config }], exports: [CONTROL_PLANE_CONFIG] };
  }
}
