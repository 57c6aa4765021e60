/** Structured logging, provided by the host (fields are merged into the gateway's log line). */
export interface PluginLogger {
  debug(message: string, fields?: Readonly<Record<string, unknown>>): void;
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

/** Time, provided by the host so that tests can move it. */
export interface PluginClock {
  /** Epoch milliseconds. */
  now(): number;
}

/**
 * An in-process cache private to one plugin instance (one authorizer config). Entries expire after their TTL;
 * the host bounds the size and evicts the oldest entries first.
 */
export interface PluginCache {
  get<T>(key: string): T | undefined;
  set<T>(key: string, value: T, ttlMs: number): void;
  delete(key: string): void;
}

/** Options of one outbound HTTP request. */
export interface HttpRequestOptions {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  /** Aborts the request; pass `ctx.signal` so that the request ends at the deadline. */
  readonly signal?: AbortSignal;
  /** Upper bound for this request; the host applies its own default when unset. */
  readonly timeoutMs?: number;
}

/** A buffered HTTP response. */
export interface HttpResponse {
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  text(): Promise<string>;
  json(): Promise<unknown>;
}

/** Outbound HTTP, provided by the host (connection pooling, timeouts). Rejects on network errors and aborts. */
export interface PluginHttpClient {
  request(url: string, options?: HttpRequestOptions): Promise<HttpResponse>;
}

/** Capabilities a plugin gets when an instance is created, once per config revision. */
export interface CreateContext {
  readonly logger: PluginLogger;
  readonly cache: PluginCache;
  readonly http: PluginHttpClient;
  readonly clock: PluginClock;
  /** Aborted when the instance is retired (a newer config replaced it); stop background work then. */
  readonly signal: AbortSignal;
}

/** Capabilities a plugin gets for one authorization. */
export interface AuthorizeContext {
  readonly logger: PluginLogger;
  readonly cache: PluginCache;
  readonly http: PluginHttpClient;
  readonly clock: PluginClock;
  /** Aborted at the deadline (or when the client goes away); hand it to every awaited call. */
  readonly signal: AbortSignal;
  /** Epoch milliseconds by which a decision is due; the host answers 500 after it. */
  readonly deadline: number;
  readonly requestId: string;
}
