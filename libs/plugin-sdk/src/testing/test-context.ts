import type { AuthorizeContext, CreateContext, HttpRequestOptions, HttpResponse, PluginCache, PluginHttpClient, PluginLogger } from '../context.js';

/**
 * One line a plugin logged during a test.
 * @example
 * expect(t.logs).toContainEqual({ level: 'warn', message: 'JWKS fetch failed', fields: expect.anything() });
 */
export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields?: Readonly<Record<string, unknown>>;
}

/**
 * A response for {@link staticHttpClient}.
 * @example
 * staticHttpClient({ 'https://idp.example/.well-known/openid-configuration': { status: 200, body: { jwks_uri: 'https://idp.example/keys' } } });
 */
export interface StaticResponse {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A string is sent as is; anything else as JSON. */
  readonly body?: unknown;
}

function response(status: number, headers: Readonly<Record<string, string>>, body: string): HttpResponse {
  return {
    status,
    headers,
    text: async () => body,
    json: async () => JSON.parse(body) as unknown,
  };
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

/**
 * An HTTP client that answers from a table keyed by URL (404 for anything else) and honours `signal`.
 *
 * @example
 * const http = staticHttpClient({ 'https://idp.example/keys': { body: { keys: [] } } });
 */
export function staticHttpClient(responses: Readonly<Record<string, StaticResponse>>): PluginHttpClient {
  return {
    async request(url: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
      if (options.signal?.aborted) throw abortError(options.signal);
      const entry = responses[url];
      if (!entry) return response(404, {}, '');
      const body = typeof entry.body === 'string' ? entry.body : JSON.stringify(entry.body ?? null);
      return response(entry.status ?? 200, { 'content-type': 'application/json', ...entry.headers }, body);
    },
  };
}

/**
 * An HTTP client whose requests never answer: they reject only when their `signal` aborts. The conformance
 * suite uses it to prove that a plugin hands `ctx.signal` to what it awaits.
 * @example
 * const decision = await instance.authorize(request, t.authorize({ timeoutMs: 50, http: hangingHttpClient() }));
 * // settles shortly after 50 ms if the plugin passes ctx.signal to ctx.http.request
 */
export function hangingHttpClient(): PluginHttpClient {
  return {
    request(_url: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
      return new Promise((_resolve, reject) => {
        const signal = options.signal;
        if (!signal) return;
        if (signal.aborted) return reject(abortError(signal));
        signal.addEventListener('abort', () => reject(abortError(signal)), { once: true });
      });
    },
  };
}

/** A plain expiring map, enough for tests (hosts bound theirs). */
function memoryCache(now: () => number): PluginCache {
  const entries = new Map<string, { value: unknown; expires: number }>();
  return {
    get<T>(key: string): T | undefined {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expires <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value as T;
    },
    set<T>(key: string, value: T, ttlMs: number): void {
      entries.set(key, { value, expires: now() + ttlMs });
    },
    delete(key: string): void {
      entries.delete(key);
    },
  };
}

/**
 * Options of {@link createTestContext}.
 * @example
 * createTestContext({ now: Date.parse('2030-01-01T00:00:00Z'), http: staticHttpClient({}) });
 */
export interface TestContextOptions {
  /** Start time in epoch milliseconds (default: the real clock at creation). */
  readonly now?: number;
  /** Outbound HTTP (default: every request rejects, so that a test never reaches the network by accident). */
  readonly http?: PluginHttpClient;
}

/**
 * Contexts for `create` and `authorize`, a movable clock and the captured logs.
 * @example
 * const t = createTestContext({ now: NOW });
 * t.advance(61_000); // tokens that expired a minute later are now expired
 * afterEach(() => t.dispose());
 */
export interface TestContext {
  readonly create: CreateContext;
  /** A fresh authorize context; the signal aborts `timeoutMs` after the call (default 1000). */
  authorize(options?: { readonly timeoutMs?: number; readonly http?: PluginHttpClient; readonly requestId?: string }): AuthorizeContext;
  readonly logs: LogEntry[];
  /** Moves the clock forward (expires tokens and cache entries without waiting). */
  advance(ms: number): void;
  now(): number;
  /** Clears pending deadline timers; call it in afterEach/afterAll. */
  dispose(): void;
}

/**
 * Builds the capabilities a host would give a plugin, with a clock the test controls.
 *
 * @example
 * const t = createTestContext({ now: Date.parse('2030-01-01T00:00:00Z') });
 * const instance = await plugin.create(config, t.create);
 * const decision = await instance.authorize(buildTokenRequest('Bearer x'), t.authorize());
 * t.dispose();
 */
export function createTestContext(options: TestContextOptions = {}): TestContext {
  let current = options.now ?? Date.now();
  const now = (): number => current;
  const logs: LogEntry[] = [];
  const log =
    (level: LogEntry['level']) =>
    (message: string, fields?: Readonly<Record<string, unknown>>): void => {
      logs.push(fields === undefined ? { level, message } : { level, message, fields });
    };
  const logger: PluginLogger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const http: PluginHttpClient = options.http ?? {
    request: async (url: string) => {
      throw new Error(`no HTTP in this test context (requested ${url}); pass options.http`);
    },
  };
  const cache = memoryCache(now);
  const retired = new AbortController();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let sequence = 0;
  return {
    create: { logger, cache, http, clock: { now }, signal: retired.signal },
    authorize(authorizeOptions = {}) {
      const timeoutMs = authorizeOptions.timeoutMs ?? 1000;
      const controller = new AbortController();
      if (timeoutMs <= 0) controller.abort(new Error('deadline passed'));
      else {
        const timer = setTimeout(() => {
          timers.delete(timer);
          controller.abort(new Error('deadline passed'));
        }, timeoutMs);
        timers.add(timer);
      }
      sequence += 1;
      return {
        logger,
        cache,
        http: authorizeOptions.http ?? http,
        clock: { now },
        signal: controller.signal,
        deadline: current + timeoutMs,
        requestId: authorizeOptions.requestId ?? `test-request-${sequence}`,
      };
    },
    logs,
    advance(ms: number) {
      current += ms;
    },
    now,
    dispose() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      retired.abort(new Error('test context disposed'));
    },
  };
}
