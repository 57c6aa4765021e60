import type { ConnectionOptions } from 'node:tls';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { RedisSettings } from './redis-settings.js';

/** A client of one Redis or of a Redis Cluster; both speak the commands Portico uses. */
export type RedisClient = Redis | Cluster;

/**
 * What a client is for; each role is one policy, so that every user of the same role behaves alike:
 * - `request-path`: commands answer fast or fail fast (no offline queue, no retry, short timeout), so that a
 *   slow or absent Redis turns into a fallback decision and never into a slow request.
 * - `command`: background and admin commands (publish, scan, usage flushes): a longer timeout, one retry, no
 *   offline queue (a command during an outage fails at once and the caller's fallback applies).
 * - `subscriber`: pub/sub; subscriptions wait for the connection however long Redis is away and are renewed
 *   on every reconnection.
 */
export type RedisRole = 'request-path' | 'command' | 'subscriber';

/** The operator's log, as each app has one (the data plane's JSON lines, Nest's Logger in the control plane). */
export interface RedisLog {
  warn(message: string, fields: Record<string, unknown>): void;
  info(message: string, fields: Record<string, unknown>): void;
}

export interface RedisClientOptions {
  /** Names the user in logs and in `CLIENT LIST` (`portico-<name>`), e.g. `data-plane-throttling`. */
  readonly name: string;
  readonly role: RedisRole;
  /** Per-command timeout; defaults: request-path 1000 ms, command 2000 ms, subscriber none. */
  readonly commandTimeoutMs?: number;
  readonly log: RedisLog;
  /** What the user does while Redis is away, for the loss line ("caching in process only"). */
  readonly whileDown: string;
  /** The loss and recovery lines, when the user has its own wording (default: built from `name` and `whileDown`). */
  readonly messages?: { readonly lost: string; readonly restored: string };
  /**
   * Queue commands issued before the first connection (and during reconnects) until `commandTimeoutMs`, instead of
   * failing them at once; for a user whose first command may come right at start-up (a publish). Default: the
   * role's (only `subscriber` queues).
   */
  readonly queueWhileConnecting?: boolean;
  /** Connect on the first command instead of at once (a user that may never need Redis). */
  readonly lazyConnect?: boolean;
}

/** Reconnect policy of every client: 100 ms, 200 ms, … capped at 1 s, forever; recovery is found within 1 s. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(100 * attempt, 1000);
}

/**
 * The one place Portico makes a Redis client. Connection options, TLS, cluster mode, the reconnect policy and the
 * log policy live here: every client logs the loss of its connection once (with what it does meanwhile) and its
 * recovery once, never once per reconnect attempt.
 */
export function createRedisClient(settings: RedisSettings, options: RedisClientOptions): RedisClient {
  const connectionName = `portico-${options.name}`;
  const tls = tlsOptions(settings);
  const roleOptions = ROLE_OPTIONS[options.role](options.commandTimeoutMs);
  if (options.queueWhileConnecting !== undefined) roleOptions.enableOfflineQueue = options.queueWhileConnecting;
  const common: RedisOptions = {
    ...roleOptions,
    connectionName,
    lazyConnect: options.lazyConnect === true,
    retryStrategy: reconnectDelayMs,
    ...(tls ? { tls } : {}),
  };
  let client: RedisClient;
  if (settings.cluster) {
    const seed = new URL(settings.url);
    const clusterOptions: ClusterOptions = {
      lazyConnect: common.lazyConnect,
      enableOfflineQueue: roleOptions.enableOfflineQueue,
      clusterRetryStrategy: reconnectDelayMs,
      // Behind TLS, nodes announce IPs the certificate does not name: verify against the seed's name.
      dnsLookup: (address, callback) => callback(null, address),
      redisOptions: {
        ...common,
        username: seed.username ? decodeURIComponent(seed.username) : undefined,
        password: seed.password ? decodeURIComponent(seed.password) : undefined,
        ...(tls ? { tls: { servername: seed.hostname, ...tls } } : {}),
      },
    };
    client = new Cluster([{ host: seed.hostname, port: seed.port ? Number(seed.port) : 6379 }], clusterOptions);
  } else {
    client = new Redis(settings.url, common);
  }
  watchHealth(client, options);
  return client;
}

const ROLE_OPTIONS: Record<RedisRole, (commandTimeoutMs: number | undefined) => RedisOptions> = {
  'request-path': (timeout) => ({ commandTimeout: timeout ?? 1000, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 1000 }),
  command: (timeout) => ({ commandTimeout: timeout ?? 2000, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 }),
  subscriber: (timeout) => ({ commandTimeout: timeout, enableOfflineQueue: true, maxRetriesPerRequest: null, connectTimeout: 2000 }),
};

function tlsOptions(settings: RedisSettings): ConnectionOptions | undefined {
  const wanted = settings.url.startsWith('rediss:') || settings.tls !== undefined;
  if (!wanted) return undefined;
  const tls = settings.tls;
  return {
    ...(tls?.ca ? { ca: tls.ca } : {}),
    ...(tls?.servername ? { servername: tls.servername } : {}),
    rejectUnauthorized: tls?.rejectUnauthorized ?? true,
  };
}

/**
 * Loss and recovery, each logged once. Loss is the first `error` or `reconnecting` after the client was up (or
 * before it ever was: Redis absent at start); recovery is the next `ready`. ioredis emits an error per failed
 * reconnect attempt, which is why a latch, not the event, decides what is logged.
 */
function watchHealth(client: RedisClient, options: RedisClientOptions): void {
  let down = false;
  const fields = { redisClient: options.name };
  const lost = (reason: string): void => {
    if (down) return;
    down = true;
    options.log.warn(options.messages?.lost ?? `Redis connection lost (${options.name}); ${options.whileDown} until it is back`, { ...fields, error: reason });
  };
  client.on('error', (error: Error) => lost(error.message || String(error)));
  client.on('reconnecting', () => lost('connection closed'));
  client.on('ready', () => {
    if (!down) return;
    down = false;
    options.log.info(options.messages?.restored ?? `Redis connection restored (${options.name})`, fields);
  });
}

/**
 * Closes a client: QUIT when connected (replies still pending arrive first), else drops it at once — a QUIT
 * issued while reconnecting would wait in the offline queue for a Redis that may never come back. Never rejects.
 */
export async function closeRedisClient(client: RedisClient): Promise<void> {
  if (client.status === 'end') return;
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  await client.quit().then(
    () => undefined,
    () => client.disconnect(),
  );
}
