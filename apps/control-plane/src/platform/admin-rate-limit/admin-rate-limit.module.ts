import { DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { closeRedisClient, createRedisClient, redisName, type RedisClient } from '@portico/redis';
import { redisOf, type ControlPlaneConfig } from '../../config.js';
import { redisLog } from '../../common/redis-log.js';
import { AdminRateLimitGuard, trackerOf } from './admin-rate-limit.guard.js';
import { RedisThrottlerStorage } from './admin-rate-limit.storage.js';

const WINDOW_MS = 10_000;

class RedisCloser implements OnApplicationShutdown {
  constructor(private readonly redis: RedisClient | undefined) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis) await closeRedisClient(this.redis);
  }
}

/**
 * Rate-limits admin requests per credential with @nestjs/throttler: `adminRequestsPerSecond` averaged over a 10 s
 * window, a credential over it blocked for one window. With REDIS_URL the counts live in Redis (shared by every
 * control-plane instance, through the shared @portico/redis client factory), else in the package's in-memory
 * storage.
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
    const throttler = ThrottlerModule.forRoot({
      throttlers: [{ name: 'admin', ttl: WINDOW_MS, limit: (config.adminRequestsPerSecond ?? 100) * (WINDOW_MS / 1000), blockDuration: WINDOW_MS }],
      ...(redis && redisSettings ? { storage: new RedisThrottlerStorage(redis, redisName(redisSettings, `portico:admin-rate-limit:${config.accountId}`)) } : {}),
      // One count per credential over every admin route (the package's default key is per route).
      getTracker: (req) => trackerOf(req as Parameters<typeof trackerOf>[0]),
      generateKey: (_context, tracker) => tracker,
      setHeaders: false,
    });
    return {
      module: AdminRateLimitModule,
      imports: [throttler],
      providers: [
        { provide: APP_GUARD, useClass: AdminRateLimitGuard },
        { provide: RedisCloser, useValue: new RedisCloser(redis) },
      ],
    };
  }
}
