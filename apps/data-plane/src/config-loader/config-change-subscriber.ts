import { CONFIG_CHANGED_CHANNEL } from '@portico/contracts';
import { closeRedisClient, createRedisClient, redisName, type RedisClient, type RedisSettings } from '@portico/redis';
import { errorMessage, redisLog, type Logger } from '../logger.js';

/**
 * Listens for the control plane's change events (message = the new revision). Redis is an accelerator, not a
 * dependency: while it is down the data plane polls, ioredis reconnects with back-off, and on every
 * (re)connection `onReady` runs so that events missed during the outage are caught up by a fetch.
 */
export class ConfigChangeSubscriber {
  private readonly redis: RedisClient;
  private readonly channel: string;

  constructor(
    settings: RedisSettings,
    private readonly log: Logger,
    private readonly onChange: (revision: string) => void,
    private readonly onReady: () => void,
  ) {
    this.channel = redisName(settings, CONFIG_CHANGED_CHANNEL);
    this.redis = createRedisClient(settings, {
      name: 'data-plane-config',
      role: 'subscriber',
      lazyConnect: true,
      log: redisLog(log),
      whileDown: 'relying on polling',
      messages: { lost: 'Redis unavailable; relying on polling until it is back', restored: 'Redis change events restored' },
    });
    this.redis.on('message', (channel: string, message: string) => {
      if (channel === this.channel) this.onChange(message);
    });
    // Every (re)connection: events missed meanwhile are caught up by a fetch.
    this.redis.on('ready', () => this.onReady());
  }

  start(): void {
    // A failed first attempt is logged by the 'error' handler; ioredis keeps reconnecting per retryStrategy.
    this.redis.connect().catch(() => undefined);
    this.redis.subscribe(this.channel).catch((error: unknown) => {
      this.log.log('warn', 'Redis subscribe failed', { error: errorMessage(error) });
    });
  }

  async stop(): Promise<void> {
    await closeRedisClient(this.redis);
  }
}
