import { AUTHORIZER_CACHE_FLUSH_CHANNEL } from '@portico/contracts';
import { AuthorizerCacheFlushes, loadPlugins } from '@portico/engine-authorizers';
import type { PluginLogger } from '@portico/plugin-sdk';
import { closeRedisClient, createRedisClient, redisName, type RedisClient } from '@portico/redis';
import { redisOf, type DataPlaneConfig } from '../config.js';
import { errorMessage, redisLog, type Logger } from '../logger.js';
import type { AuthorizerOptions } from '@portico/gateway-rest';
import { RedisDecisionStore } from './redis-decision-store.js';

export interface AuthorizerRuntime {
  readonly options: AuthorizerOptions;
  close(): Promise<void>;
}

/**
 * Authorizer capabilities shared by every config revision: the plugins named in PORTICO_PLUGINS (loaded and
 * checked once; a plugin that cannot load stops start-up, since every request to its methods would fail), the
 * Redis result cache when REDIS_URL is set, and the plugins' logger.
 */
export async function createAuthorizerRuntime(config: DataPlaneConfig, log: Logger): Promise<AuthorizerRuntime> {
  const settings = config.authorizers ?? { plugins: [] };
  const loaded = await loadPlugins(settings.plugins);
  if (!loaded.ok) throw new Error(`PORTICO_PLUGINS could not be loaded:\n  - ${loaded.problems.join('\n  - ')}`);
  const logger: PluginLogger = {
    debug: () => undefined,
    info: (message, fields) => log.log('info', message, { component: 'authorizer', ...fields }),
    warn: (message, fields) => log.log('warn', message, { component: 'authorizer', ...fields }),
    error: (message, fields) => log.log('error', message, { component: 'authorizer', ...fields }),
  };
  const redis = redisOf(config);
  const store = redis ? RedisDecisionStore.connect(redis, redisLog(log), settings.sharedCacheTimeoutMs) : undefined;
  // FlushStageAuthorizersCache: the control plane deletes the shared entries and announces the stage here, so
  // that every replica drops its in-process results too.
  const flushes = new AuthorizerCacheFlushes();
  let subscriber: RedisClient | undefined;
  if (redis) {
    const channel = redisName(redis, AUTHORIZER_CACHE_FLUSH_CHANNEL);
    subscriber = createRedisClient(redis, {
      name: 'data-plane-authorizer-flushes',
      role: 'subscriber',
      log: redisLog(log),
      whileDown: 'FlushStageAuthorizersCache reaches this replica only through TTLs',
    });
    subscriber.on('message', (_channel: string, message: string) => {
      try {
        const { restApiId, stageName } = JSON.parse(message) as { restApiId?: unknown; stageName?: unknown };
        if (typeof restApiId === 'string' && typeof stageName === 'string') {
          const flushed = flushes.flush(restApiId, stageName);
          log.log('info', 'authorizer cache flushed', { restApiId, stageName, configRevisions: flushed });
        }
      } catch {
        log.log('warn', 'ignored a malformed authorizer cache flush message', { message });
      }
    });
    // Subscribed on every (re)connection, never awaited: start-up does not wait for Redis.
    const connection = subscriber;
    connection.on('ready', () => {
      connection.subscribe(channel).catch((error: unknown) => {
        log.log('warn', 'authorizer cache flushes: cannot subscribe', { error: errorMessage(error) });
      });
    });
  }
  return {
    options: { registry: loaded.registry, sharedStore: store, cognitoEndpoint: settings.cognitoEndpoint, timeoutMs: settings.timeoutMs, logger, flushes },
    close: async () => {
      await store?.close();
      if (subscriber) await closeRedisClient(subscriber);
    },
  };
}
