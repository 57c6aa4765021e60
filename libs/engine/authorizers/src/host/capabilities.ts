import type { HttpRequestOptions, HttpResponse, PluginCache, PluginHttpClient, PluginLogger } from '@portico/plugin-sdk';

/** An expiring, size-bounded map (insertion order evicts the oldest first). */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(
    private readonly now: () => number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V, ttlMs: number): void {
    if (ttlMs <= 0) return;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expires: this.now() + ttlMs });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** A plugin instance's private cache. */
export function pluginCache(now: () => number, maxEntries = 10_000): PluginCache {
  const cache = new TtlCache<unknown>(now, maxEntries);
  return {
    get: <T>(key: string) => cache.get(key) as T | undefined,
    set: <T>(key: string, value: T, ttlMs: number) => cache.set(key, value, ttlMs),
    delete: (key: string) => cache.delete(key),
  };
}

const DEFAULT_HTTP_TIMEOUT_MS = 5000;

/** Outbound HTTP for plugins over the runtime's fetch (undici), bounded by a timeout and the caller's signal. */
export function fetchHttpClient(defaultTimeoutMs = DEFAULT_HTTP_TIMEOUT_MS): PluginHttpClient {
  return {
    async request(url: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
      const timeout = AbortSignal.timeout(options.timeoutMs ?? defaultTimeoutMs);
      const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
      const response = await fetch(url, { method: options.method ?? 'GET', headers: options.headers, body: options.body, signal, redirect: 'follow' });
      const body = await response.text();
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      return { status: response.status, headers, text: async () => body, json: async () => JSON.parse(body) as unknown };
    },
  };
}

/** A logger that drops everything (hosts that do not pass one). */
export const silentLogger: PluginLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** Prefixes every line with the authorizer it comes from. */
export function scopedLogger(logger: PluginLogger, scope: Readonly<Record<string, unknown>>): PluginLogger {
  return {
    debug: (message, fields) => logger.debug(message, { ...scope, ...fields }),
    info: (message, fields) => logger.info(message, { ...scope, ...fields }),
    warn: (message, fields) => logger.warn(message, { ...scope, ...fields }),
    error: (message, fields) => logger.error(message, { ...scope, ...fields }),
  };
}
