/**
 * Structured logging, provided by the host (fields are merged into the gateway's log line).
 * @example
 * ctx.logger.warn('key server slow', { ms: 812 });
 */
export interface PluginLogger {
  debug(message: string, fields?: Readonly<Record<string, unknown>>): void;
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

/**
 * Time, provided by the host so that tests can move it.
 * @example
 * const expired = claims.exp * 1000 <= ctx.clock.now();
 */
export interface PluginClock {
  /** Epoch milliseconds. */
  now(): number;
}

/**
 * An in-process cache private to one plugin instance (one authorizer config). Entries expire after their TTL;
 * the host bounds the size and evicts the oldest entries first.
 * @example
 * const hit = ctx.cache.get<Claims>(token);
 * if (!hit) ctx.cache.set(token, await introspect(token), 60_000);
 */
export interface PluginCache {
  get<T>(key: string): T | undefined;
  set<T>(key: string, value: T, ttlMs: number): void;
  delete(key: string): void;
}

/**
 * Options of one outbound HTTP request.
 * @example
 * await ctx.http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: ctx.signal, timeoutMs: 500 });
 */
export interface HttpRequestOptions {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  /** Aborts the request; pass `ctx.signal` so that the request ends at the deadline. */
  readonly signal?: AbortSignal;
  /** Upper bound for this request; the host applies its own default when unset. */
  readonly timeoutMs?: number;
}

/**
 * A buffered HTTP response.
 * @example
 * const response = await ctx.http.request(jwksUrl, { signal: ctx.signal });
 * if (response.status !== 200) return fail(`JWKS answered ${response.status}`);
 * const { keys } = (await response.json()) as { keys: unknown[] };
 */
export interface HttpResponse {
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  text(): Promise<string>;
  json(): Promise<unknown>;
}

/**
 * Outbound HTTP, provided by the host (connection pooling, timeouts). Rejects on network errors and aborts.
 * @example
 * const answer = await ctx.http.request('https://opa.internal/v1/data/authz', { method: 'POST', body: JSON.stringify({ input }), signal: ctx.signal });
 */
export interface PluginHttpClient {
  request(url: string, options?: HttpRequestOptions): Promise<HttpResponse>;
}

/**
 * Capabilities a plugin gets when an instance is created, once per config revision.
 * @example
 * create(config, ctx) {
 *   const timer = setInterval(() => void refresh(ctx.http), 60_000);
 *   ctx.signal.addEventListener('abort', () => clearInterval(timer));
 *   return { authorize };
 * }
 */
export interface CreateContext {
  readonly logger: PluginLogger;
  readonly cache: PluginCache;
  readonly http: PluginHttpClient;
  readonly clock: PluginClock;
  /** Aborted when the instance is retired (a newer config replaced it); stop background work then. */
  readonly signal: AbortSignal;
}

/**
 * Capabilities a plugin gets for one authorization.
 * @example
 * async authorize(request, ctx) {
 *   const response = await ctx.http.request(introspectionUrl, { signal: ctx.signal }); // ends at ctx.deadline
 *   ctx.logger.debug('introspected', { requestId: ctx.requestId });
 *   return response.status === 200 ? allow({ principalId: 'x' }) : deny(401);
 * }
 */
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
