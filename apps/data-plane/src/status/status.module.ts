import { Module, type DynamicModule } from '@nestjs/common';
import { DATA_PLANE_STATUS, type DataPlaneStatus } from './data-plane-status.js';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';
import { RequestsController } from './requests.controller.js';

/** The status listener: health for orchestrators, metrics for Prometheus, decision trails. Never on the invoke path. */
@Module({})
export class StatusModule {
  static forRoot(status: DataPlaneStatus): DynamicModule {
    return {
      module: StatusModule,
      controllers: [HealthController, MetricsController, RequestsController],
      providers: [{ provide: DATA_PLANE_STATUS, useValue: status }],
    };
  }
}
