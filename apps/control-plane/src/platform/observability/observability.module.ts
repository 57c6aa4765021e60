import { Global, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { checkDatabase, type Database } from '@portico/db';
import { closeRedisClient, createRedisClient, type RedisClient, type RedisSettings } from '@portico/redis';
import { redisLog } from '../../common/redis-log.js';
import { DATABASE } from '../../common/tokens.js';
import { redisOf, type ControlPlaneConfig } from '../../config.js';
import { ControlPlaneMetrics } from './control-plane-metrics.js';

/** The PING client of the Redis probe: its own connection, so that scraping never queues behind app traffic. */
@Injectable()
class RedisProbe implements OnApplicationShutdown {
  readonly redis: RedisClient | undefined;

  constructor(settings: RedisSettings | undefined) {
    // Through the one factory: the same TLS, cluster mode and reconnect policy as the Redis users it reports on.
    this.redis = settings
      ? createRedisClient(settings, {
          name: 'control-plane-probe',
          role: 'command',
          commandTimeoutMs: 500,
          lazyConnect: true,
          log: redisLog('RedisProbe'),
          whileDown: 'portico_redis_up reads 0',
        })
      : undefined;
  }

  async ping(): Promise<boolean> {
    if (!this.redis) return false;
    if (this.redis.status === 'wait') await this.redis.connect().catch(() => undefined);
    return (await this.redis.ping()) === 'PONG';
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis) await closeRedisClient(this.redis);
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
        { provide: RedisProbe, useFactory: () => new RedisProbe(redisOf(config)) },
        {
          provide: ControlPlaneMetrics,
          inject: [DATABASE, RedisProbe],
          useFactory: (db: Database, redis: RedisProbe) =>
            new ControlPlaneMetrics({
              database: async () => {
                const state = await checkDatabase(db);
                return state.reachable && state.migrationsApplied;
              },
              redis: redisOf(config) ? () => redis.ping() : undefined,
            }),
        },
      ],
      exports: [ControlPlaneMetrics],
    };
  }
}

