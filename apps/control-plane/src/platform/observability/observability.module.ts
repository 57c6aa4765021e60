import { Global, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { checkDatabase, type Database } from '@portico/db';
import { Redis } from 'ioredis';
import { DATABASE } from '../../common/tokens.js';
import type { ControlPlaneConfig } from '../../config.js';
import { ControlPlaneMetrics } from './control-plane-metrics.js';

/** The PING client of the Redis probe: its own connection, so that scraping never queues behind app traffic. */
@Injectable()
class RedisProbe implements OnApplicationShutdown {
  readonly redis: Redis | undefined;

  constructor(url: string | undefined) {
    this.redis = url ? new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, commandTimeout: 500, enableOfflineQueue: false }) : undefined;
    // A failing Redis is reported by the gauge; ioredis's own error events would otherwise go unhandled.
    this.redis?.on('error', () => undefined);
  }

  async ping(): Promise<boolean> {
    if (!this.redis) return false;
    if (this.redis.status === 'wait') await this.redis.connect().catch(() => undefined);
    return (await this.redis.ping()) === 'PONG';
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}

/** Metrics for the whole app (admin requests, config documents, dependencies' health); global, one instance. */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(config: ControlPlaneConfig): DynamicModule {
    return {
      module: ObservabilityModule,
      providers: [
        { provide: RedisProbe, useFactory: () => new RedisProbe(config.redisUrl) },
        {
          provide: ControlPlaneMetrics,
          inject: [DATABASE, RedisProbe],
          useFactory: (db: Database, redis: RedisProbe) =>
            new ControlPlaneMetrics({
              database: async () => {
                const state = await checkDatabase(db);
                return state.reachable && state.migrationsApplied;
              },
              redis: config.redisUrl ? () => redis.ping() : undefined,
            }),
        },
      ],
      exports: [ControlPlaneMetrics],
    };
  }
}

