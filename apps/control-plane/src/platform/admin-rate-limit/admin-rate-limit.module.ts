import { DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { closeRedisClient, createRedisClient, redisName, type RedisClient } from '@portico/redis';
import { redisOf, type ControlPlaneConfig } from '../../config.js';
import { redisLog } from '../../common/redis-log.js';
import { ADMIN_RATE_LIMIT, AdminRateLimitGuard, type AdminRateLimitSettings } from './admin-rate-limit.guard.js';
import { MemoryRateLimitStorage, RedisRateLimitStorage } from './admin-rate-limit.storage.js';

const WINDOW_MS = 10_000;

class RedisCloser implements OnApplicationShutdown {
  constructor(private readonly redis: RedisClient | undefined) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis) await closeRedisClient(this.redis);
  }
}

/**
 * Rate-limits admin requests per credential: `adminRequestsPerSecond` averaged over a 10 s window. With
 * REDIS_URL the counts live in Redis (shared by every control-plane instance), else in process memory.
 */
@Module({})
export class AdminRateLimitModule {
  static forRoot(config: ControlPlaneConfig): DynamicModule {
    const redisSettings = redisOf(config);
    const redis = redisSettings
      ? createRedisClient(redisSettings, {
          name: 'control-plane-admin-rate-limit',
          role: 'command',
          commandTimeoutMs: 500,
          log: redisLog('AdminRateLimit'),
          whileDown: 'admin requests are not rate-limited',
        })
      : undefined;
    const settings: AdminRateLimitSettings = {
      storage:
        redis && redisSettings
          ? new RedisRateLimitStorage(redis, redisName(redisSettings, `portico:admin-rate-limit:${config.accountId}`))
          : new MemoryRateLimitStorage(),
      limit: (config.adminRequestsPerSecond ?? 100) * (WINDOW_MS / 1000),
      windowMs: WINDOW_MS,
    };
    return {
      module: AdminRateLimitModule,
      providers: [
        { provide: ADMIN_RATE_LIMIT, useValue: settings },
        { provide: APP_GUARD, useClass: AdminRateLimitGuard },
        { provide: RedisCloser, useValue: new RedisCloser(redis) },
      ],
    };
  }
}
