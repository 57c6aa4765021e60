import { AUTHORIZER_CACHE_FLUSH_CHANNEL } from '@portico/contracts';
import { AuthorizerCacheFlushes, loadPlugins } from '@portico/engine-authorizers';
import { Redis } from 'ioredis';
import type { PluginLogger } from '@portico/plugin-sdk';
import type { DataPlaneConfig } from '../config.js';
import { errorMessage, type Logger } from '../logger.js';
import type { AuthorizerOptions } from '../pipeline/index.js';
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
  let reported = false;
  const store = config.redisUrl
    ? RedisDecisionStore.connect(config.redisUrl, (error) => {
        // Reported once: every reconnect attempt would log again.
        if (!reported) log.log('warn', 'authorizer cache: Redis unavailable, caching in process only', { error: errorMessage(error) });
        reported = true;
      })
    : undefined;
  // FlushStageAuthorizersCache: the control plane deletes the shared entries and announces the stage here, so
  // that every replica drops its in-process results too.
  const flushes = new AuthorizerCacheFlushes();
  let subscriber: Redis | undefined;
  if (config.redisUrl) {
    subscriber = new Redis(config.redisUrl, { maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: (times) => Math.min(100 * times, 1000) });
    subscriber.on('error', () => undefined);
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
      connection.subscribe(AUTHORIZER_CACHE_FLUSH_CHANNEL).catch((error: unknown) => {
        log.log('warn', 'authorizer cache flushes: cannot subscribe', { error: errorMessage(error) });
      });
    });
  }
  return {
    options: { registry: loaded.registry, sharedStore: store, cognitoEndpoint: settings.cognitoEndpoint, timeoutMs: settings.timeoutMs, logger, flushes },
    close: async () => {
      await store?.close();
      await subscriber?.quit().catch(() => subscriber?.disconnect());
    },
  };
}
