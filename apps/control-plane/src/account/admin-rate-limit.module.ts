import { DynamicModule, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Redis } from 'ioredis';
import type { ControlPlaneConfig } from '../config.js';
import { ADMIN_RATE_LIMIT, AdminRateLimitGuard, type AdminRateLimitSettings } from './admin-rate-limit.guard.js';
import { MemoryRateLimitStorage, RedisRateLimitStorage } from './admin-rate-limit.storage.js';

const WINDOW_MS = 10_000;

class RedisCloser implements OnApplicationShutdown {
  constructor(private readonly redis: Redis | undefined) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis) await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}

/**
 * Rate-limits admin requests per credential: `adminRequestsPerSecond` averaged over a 10 s window. With
 * REDIS_URL the counts live in Redis (shared by every control-plane instance), else in process memory.
 */
@Module({})
export class AdminRateLimitModule {
  static forRoot(config: ControlPlaneConfig): DynamicModule {
    let redis: Redis | undefined;
    if (config.redisUrl) {
      redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 500, enableOfflineQueue: false });
      const logger = new Logger('AdminRateLimit');
      let down = false;
      redis.on('error', (error: Error) => {
        if (!down) logger.warn(`Redis unavailable for admin rate limiting (requests are not limited meanwhile): ${error.message}`);
        down = true;
      });
      redis.on('ready', () => (down = false));
    }
    const settings: AdminRateLimitSettings = {
      storage: redis ? new RedisRateLimitStorage(redis, `portico:admin-rate-limit:${config.accountId}`) : new MemoryRateLimitStorage(),
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
