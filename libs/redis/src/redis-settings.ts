import { readFileSync } from 'node:fs';

/**
 * How every Portico process reaches Redis, parsed once by each app from its environment (STYLE.md §7: no library
 * reads `process.env`). One value for every client of the process, so that the planes agree on names.
 */
export interface RedisSettings {
  /** `REDIS_URL`: `redis://[user:password@]host:port[/db]`, or `rediss://` for TLS. */
  readonly url: string;
  /**
   * `PORTICO_REDIS_KEY_PREFIX` (default empty): prepended to every key and channel Portico uses, so that several
   * installations can share one Redis. Every plane of one installation must use the same value.
   */
  readonly keyPrefix: string;
  /**
   * `PORTICO_REDIS_CLUSTER=true`: `url` names one node of a Redis Cluster; clients discover the others. Keys that
   * one script touches together share a hash tag (`{prefix:accountId}`), which is what a cluster requires.
   */
  readonly cluster: boolean;
  /** TLS beyond what `rediss://` implies: a private CA, the name to verify, or no verification (tests only). */
  readonly tls?: RedisTlsSettings;
}

export interface RedisTlsSettings {
  /** PEM text of the CA bundle (`PORTICO_REDIS_TLS_CA_FILE`, read once at start-up). */
  readonly ca?: string;
  /** `PORTICO_REDIS_TLS_SERVERNAME`: the name the server certificate must carry (default: the URL's host). */
  readonly servername?: string;
  /** `PORTICO_REDIS_TLS_REJECT_UNAUTHORIZED=false` turns verification off. Default true. */
  readonly rejectUnauthorized: boolean;
}

/** The variables as an app's env schema parsed them (strings already trimmed; absent is undefined). */
export interface RedisEnvironment {
  readonly REDIS_URL: string;
  readonly PORTICO_REDIS_KEY_PREFIX?: string;
  readonly PORTICO_REDIS_CLUSTER?: boolean;
  readonly PORTICO_REDIS_TLS_CA_FILE?: string;
  readonly PORTICO_REDIS_TLS_SERVERNAME?: string;
  readonly PORTICO_REDIS_TLS_REJECT_UNAUTHORIZED?: boolean;
}

/** Builds the settings; a CA file that cannot be read is a start-up error (thrown, with the path). */
export function redisSettings(env: RedisEnvironment): RedisSettings {
  const tlsWanted =
    env.PORTICO_REDIS_TLS_CA_FILE !== undefined || env.PORTICO_REDIS_TLS_SERVERNAME !== undefined || env.PORTICO_REDIS_TLS_REJECT_UNAUTHORIZED !== undefined;
  let ca: string | undefined;
  if (env.PORTICO_REDIS_TLS_CA_FILE !== undefined) {
    try {
      ca = readFileSync(env.PORTICO_REDIS_TLS_CA_FILE, 'utf8');
    } catch (error) {
      throw new Error(`PORTICO_REDIS_TLS_CA_FILE: cannot read ${env.PORTICO_REDIS_TLS_CA_FILE}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return {
    url: env.REDIS_URL,
    keyPrefix: env.PORTICO_REDIS_KEY_PREFIX ?? '',
    cluster: env.PORTICO_REDIS_CLUSTER === true,
    tls: tlsWanted
      ? { ca, servername: env.PORTICO_REDIS_TLS_SERVERNAME, rejectUnauthorized: env.PORTICO_REDIS_TLS_REJECT_UNAUTHORIZED !== false }
      : undefined,
  };
}

/** A key or channel name in this installation's namespace. */
export function redisName(settings: Pick<RedisSettings, 'keyPrefix'>, name: string): string {
  return settings.keyPrefix + name;
}
