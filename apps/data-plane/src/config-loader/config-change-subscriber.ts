import { CONFIG_CHANGED_CHANNEL } from '@portico/contracts';
import { Redis } from 'ioredis';
import { errorMessage, type Logger } from '../logger.js';

/**
 * Listens for the control plane's change events (message = the new revision). Redis is an accelerator, not a
 * dependency: while it is down the data plane polls, ioredis reconnects with back-off, and on every
 * (re)connection `onReady` runs so that events missed during the outage are caught up by a fetch.
 */
export class ConfigChangeSubscriber {
  private readonly redis: Redis;
  private failing = false;

  constructor(
    url: string,
    private readonly log: Logger,
    private readonly onChange: (revision: string) => void,
    private readonly onReady: () => void,
  ) {
    this.redis = new Redis(url, {
      lazyConnect: true,
      enableReadyCheck: true,
      // Subscribing waits for the connection however long Redis is away; nothing else uses this client.
      maxRetriesPerRequest: null,
      retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 6), 5000),
      connectionName: 'portico-data-plane-config',
    });
    this.redis.on('message', (channel: string, message: string) => {
      if (channel === CONFIG_CHANGED_CHANNEL) this.onChange(message);
    });
    this.redis.on('ready', () => {
      if (this.failing) this.log.log('info', 'Redis change events restored', { channel: CONFIG_CHANGED_CHANNEL });
      this.failing = false;
      this.onReady();
    });
    // Logged once per outage, not once per reconnect attempt.
    this.redis.on('error', (error: unknown) => {
      if (this.failing) return;
      this.failing = true;
      this.log.log('warn', 'Redis unavailable; relying on polling until it is back', { error: errorMessage(error) });
    });
  }

  start(): void {
    // A failed first attempt is logged by the 'error' handler; ioredis keeps reconnecting per retryStrategy.
    this.redis.connect().catch(() => undefined);
    this.redis.subscribe(CONFIG_CHANGED_CHANNEL).catch((error: unknown) => {
      this.log.log('warn', 'Redis subscribe failed', { error: errorMessage(error) });
    });
  }

  async stop(): Promise<void> {
    this.redis.disconnect(false);
  }
}
