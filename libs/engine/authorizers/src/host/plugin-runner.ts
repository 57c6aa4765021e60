import {
  decisionProblem,
  validateConfig,
  type AuthorizeContext,
  type AuthorizerDecision,
  type AuthorizerInstance,
  type AuthorizerPlugin,
  type AuthorizerRequest,
  type PluginHttpClient,
  type PluginLogger,
} from '@portico/plugin-sdk';
import { fetchHttpClient, pluginCache, scopedLogger, silentLogger } from './capabilities.js';

/** What running any plugin needs from the host, whatever API type it authorizes for. */
export interface PluginRunnerOptions {
  readonly http?: PluginHttpClient;
  readonly logger?: PluginLogger;
  /** Epoch milliseconds. */
  readonly now?: () => number;
  /** How long one decision may take (default 10 s, AWS's documented authorizer timeout). */
  readonly timeoutMs?: number;
  /** Fields every log line of this plugin instance carries (authorizer id, API, stage, …). */
  readonly logFields?: Readonly<Record<string, string>>;
}

/**
 * One plugin instance, as the host runs it: created once (per config revision and authorizer), asked for
 * decisions within a deadline, retired with its config. Protocol-neutral: the request view is built by the API
 * type's binding (libs/engine/authorizers/src/rest for REST APIs), and what a decision means is the binding's too.
 */
export interface PluginRunner {
  readonly plugin: AuthorizerPlugin;
  /** Never rejects: a throw, a malformed decision, a missed deadline or a failed create is a `fail` decision. */
  decide(request: AuthorizerRequest, requestId: string): Promise<AuthorizerDecision>;
  /** Aborts the instance's `create` signal and calls its `close`. */
  close(): Promise<void>;
}

export type PreparedPlugin = { readonly ok: true; readonly config: unknown } | { readonly ok: false; readonly reason: string };

const DEFAULT_TIMEOUT_MS = 10_000;

/** Validates a plugin's config against its schema (defaults applied); the reason names every issue. */
export function preparePluginConfig(plugin: AuthorizerPlugin, config: unknown): PreparedPlugin {
  const validation = validateConfig(plugin.configSchema, config);
  if (!validation.ok) {
    return { ok: false, reason: `invalid ${plugin.name} config: ${validation.issues.map((i) => `${i.path || '(root)'} ${i.message}`).join('; ')}` };
  }
  return { ok: true, config: validation.config };
}

/**
 * Starts a plugin instance (its `create` runs now, off the request path; a failure is logged and every decision
 * then fails) and returns the runner. `config` has passed `preparePluginConfig`.
 */
export function startPlugin(plugin: AuthorizerPlugin, config: unknown, options: PluginRunnerOptions): PluginRunner {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const logger = scopedLogger(options.logger ?? silentLogger, { ...options.logFields, plugin: plugin.name });
  const http = options.http ?? fetchHttpClient();
  const cache = pluginCache(now);
  const retired = new AbortController();

  let instance: Promise<AuthorizerInstance | Error> = Promise.resolve()
    .then(() => plugin.create(config as never, { logger, cache, http, clock: { now }, signal: retired.signal }))
    .catch((error: unknown) => {
      const failure = error instanceof Error ? error : new Error(String(error));
      logger.error('authorizer plugin create failed', { error: failure.message });
      return failure;
    });

  return {
    plugin,
    async decide(request, requestId) {
      const created = await instance;
      if (created instanceof Error) return { effect: 'fail', reason: `create failed: ${created.message}` };
      const controller = new AbortController();
      const deadline = now() + timeoutMs;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const expired = new Promise<AuthorizerDecision>((resolve) => {
        timer = setTimeout(() => {
          controller.abort(new Error('authorizer deadline passed'));
          resolve({ effect: 'fail', reason: `authorizer did not answer within ${timeoutMs} ms` });
        }, timeoutMs);
      });
      const ctx: AuthorizeContext = { logger, cache, http, clock: { now }, signal: controller.signal, deadline, requestId };
      try {
        const decided = Promise.resolve()
          .then(() => created.authorize(request, ctx))
          .then(
            (decision) => {
              const problem = decisionProblem(decision);
              return problem ? ({ effect: 'fail', reason: `malformed decision: ${problem}` } as const) : decision;
            },
            (error: unknown) => ({ effect: 'fail', reason: `authorize threw: ${error instanceof Error ? error.message : String(error)}` }) as const,
          );
        return await Promise.race([decided, expired]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      retired.abort(new Error('config revision retired'));
      const created = await instance;
      instance = Promise.resolve(new Error('closed'));
      if (!(created instanceof Error)) await created.close?.();
    },
  };
}
