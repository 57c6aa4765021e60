import { createHash } from 'node:crypto';
import type { AuthorizerSnapshot } from '@portico/contracts';
import { compilePolicy, conditionContext, parsePolicy, timeKeys, type CompiledPolicy } from '@portico/engine-policy';
import {
  decisionProblem,
  validateConfig,
  type AllowDecision,
  type AuthorizeContext,
  type AuthorizerDecision,
  type AuthorizerInstance,
  type AuthorizerPlugin,
  type AuthorizerRequest,
  type AuthorizerRequestContext,
  type ContextValue,
  type PluginHttpClient,
  type PluginLogger,
  type PolicyDocument,
} from '@portico/plugin-sdk';
import type { ClaimsAllowDecision } from '../jwt/cognito-authorizer.js';
import { createLambdaAuthorizer, type FunctionInvoker } from '../lambda/lambda-authorizer.js';
import { fetchHttpClient, pluginCache, scopedLogger, silentLogger } from './capabilities.js';
import { DecisionCache, type SharedDecisionStore } from './decision-cache.js';
import { parseIdentitySource, type IdentitySource } from './identity-source.js';
import { parsePluginUri, pluginConfigFromSettings } from './plugin-uri.js';
import type { PluginRegistry } from './plugin-registry.js';

/** What the host gives every authorizer of a config revision. */
export interface AuthorizerHost {
  readonly registry: PluginRegistry;
  /** Runs Lambda authorizers (the Lambda runner); without it, Lambda authorizers are refused at compile time. */
  readonly invokeFunction?: FunctionInvoker;
  /** Cross-replica result cache (Redis); in-process only without it. */
  readonly sharedStore?: SharedDecisionStore;
  readonly http?: PluginHttpClient;
  readonly logger?: PluginLogger;
  /** Epoch milliseconds. */
  readonly now?: () => number;
  /** PORTICO_COGNITO_IDP_ENDPOINT: where Cognito user pool ARNs resolve (a Cognito-compatible IdP); AWS when unset. */
  readonly cognitoEndpoint?: string;
  /** How long an authorizer may take (default 10 s, AWS's documented authorizer timeout). */
  readonly timeoutMs?: number;
}

/** The stage an authorizer is compiled for (stage variables may appear in `authorizerUri`). */
export interface AuthorizerStage {
  readonly apiId: string;
  readonly stageName: string;
  readonly variables: Readonly<Record<string, string>>;
}

/** The request as the pipeline sees it; the plugin's read-only view is built from it only on a cache miss. */
export interface AuthorizationInput {
  readonly methodArn: string;
  readonly httpMethod: string;
  readonly resource: string;
  readonly path: string;
  /** Node's `IncomingHttpHeaders` (lower-case names). */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly rawHeaders: readonly string[];
  query(name: string): readonly string[] | undefined;
  multiValueQuery(): Readonly<Record<string, readonly string[]>>;
  readonly pathParameters: Readonly<Record<string, string>>;
  /** `$context.<name>`, for `context.X` identity sources. */
  contextValue(name: string): string | undefined;
  readonly requestContext: AuthorizerRequestContext;
  /** The method's `authorizationScopes`. */
  readonly authorizationScopes: readonly string[];
}

/**
 * What the pipeline does next (spec §3.4 outcome table):
 * - `allow`: continue; `principalId`, `context` (and Cognito `claims`) go to the integration.
 * - `unauthorized`: 401 UNAUTHORIZED `{"message":"Unauthorized"}`.
 * - `denied`: 403 ACCESS_DENIED, with or without "with an explicit deny".
 * - `error`: 500 AUTHORIZER_CONFIGURATION_ERROR (the authorizer is broken; the reason is for logs only).
 */
export type AuthorizationOutcome =
  | {
      readonly kind: 'allow';
      readonly principalId: string;
      readonly context: Readonly<Record<string, ContextValue>>;
      readonly claims?: Readonly<Record<string, string>>;
      readonly scopes?: readonly string[];
      readonly usageIdentifierKey?: string;
      /** The policy the authorizer returned (Lambda authorizers), for test-invoke and logs. */
      readonly policy?: PolicyDocument;
      /** Time spent in the authorizer (0 on a cache hit): `requestContext.authorizer.integrationLatency`. */
      readonly latencyMs: number;
    }
  | { readonly kind: 'unauthorized'; readonly reason: string }
  | {
      readonly kind: 'denied';
      readonly explicit: boolean;
      readonly reason: string;
      readonly policy?: PolicyDocument;
      /**
       * The authorizer allowed the caller but its policy says nothing about this method: with a resource policy that
       * explicitly allows the request, API Gateway lets it through (spec §3.3 table A). What it would carry then.
       */
      readonly silent?: Omit<Extract<AuthorizationOutcome, { kind: 'allow' }>, 'kind'>;
    }
  | { readonly kind: 'error'; readonly reason: string };

export interface CompiledAuthorizer {
  readonly id: string;
  readonly type: AuthorizerSnapshot['type'];
  /** Never throws nor rejects; answers synchronously when the result is cached. */
  authorize(input: AuthorizationInput, requestId: string): AuthorizationOutcome | Promise<AuthorizationOutcome>;
  /** Drops this replica's cached results (FlushStageAuthorizersCache; the shared store is flushed by the control plane). */
  flush(): void;
  /** Retires the plugin instance (config replaced). */
  close(): Promise<void>;
}

export type CompileAuthorizerResult = { readonly ok: true; readonly authorizer: CompiledAuthorizer } | { readonly ok: false; readonly reason: string };

const DEFAULT_TIMEOUT_MS = 10_000;
const NO_CONTEXT = conditionContext(undefined);
const STAGE_VARIABLE = /\$\{stageVariables\.([A-Za-z0-9_]+)\}/g;
const substitute = (text: string, variables: Readonly<Record<string, string>>): string =>
  text.replace(STAGE_VARIABLE, (_all, name: string) => variables[name] ?? '');

/** How a snapshot maps onto a plugin, its config and where the token comes from. */
interface Binding {
  readonly plugin: AuthorizerPlugin;
  readonly config: unknown;
  readonly sources: readonly IdentitySource[];
  /** The authorizer's `authorizerResultTtlInSeconds` (Lambda and plugins; 0: every request asks the plugin). */
  readonly ttlSeconds: number;
  /** Cognito: results are cached until the token expires (at most the TTL), per token and method scopes, in process only. */
  readonly perToken?: boolean;
  readonly tokenValidation?: RegExp;
}

/** Resolves what runs an authorizer and with which config; a value, never a throw. */
export function bindAuthorizer(
  snapshot: AuthorizerSnapshot,
  variables: Readonly<Record<string, string>>,
  host: Pick<AuthorizerHost, 'registry' | 'invokeFunction' | 'cognitoEndpoint'>,
): { ok: true; binding: Binding } | { ok: false; reason: string } {
  const parsedSources = parseIdentitySource(snapshot.identitySource);
  if (!parsedSources.ok) return parsedSources;
  const sources = parsedSources.sources;

  if (snapshot.type === 'COGNITO_USER_POOLS') {
    const plugin = host.registry.get('cognito-user-pools');
    if (!plugin) return { ok: false, reason: 'the cognito-user-pools authorizer is not available' };
    const header = sources.length === 1 && sources[0].kind === 'header' ? sources : [{ kind: 'header', name: 'authorization' } as const];
    const config = {
      providers: snapshot.providerARNs,
      ...(host.cognitoEndpoint ? { cognitoEndpoint: host.cognitoEndpoint } : {}),
      ...(snapshot.identityValidationExpression ? { identityValidationExpression: snapshot.identityValidationExpression } : {}),
    };
    return { ok: true, binding: { plugin, config, sources: header, ttlSeconds: snapshot.authorizerResultTtlInSeconds, perToken: true } };
  }

  if (snapshot.type === 'TOKEN' && (sources.length !== 1 || sources[0].kind !== 'header')) {
    return { ok: false, reason: 'a TOKEN authorizer needs identitySource method.request.header.<name>' };
  }
  let tokenValidation: RegExp | undefined;
  if (snapshot.type === 'TOKEN' && snapshot.identityValidationExpression) {
    try {
      tokenValidation = new RegExp(snapshot.identityValidationExpression);
    } catch {
      return { ok: false, reason: 'identityValidationExpression is not a valid regular expression' };
    }
  }
  if (snapshot.type === 'REQUEST' && sources.length === 0 && snapshot.authorizerResultTtlInSeconds > 0) {
    return { ok: false, reason: 'a REQUEST authorizer with caching needs at least one identity source' };
  }

  const pluginUri = parsePluginUri(snapshot.authorizerUri);
  if (pluginUri) {
    const plugin = host.registry.get(pluginUri.name);
    if (!plugin) return { ok: false, reason: `no authorizer plugin named ${pluginUri.name} is loaded (PORTICO_PLUGINS)` };
    const settings = new URLSearchParams();
    for (const [name, value] of pluginUri.settings) settings.append(name, substitute(value, variables));
    const config = pluginConfigFromSettings(plugin.configSchema, settings);
    return { ok: true, binding: { plugin, config, sources, ttlSeconds: snapshot.authorizerResultTtlInSeconds, tokenValidation } };
  }

  if (!snapshot.authorizerUri) return { ok: false, reason: 'the authorizer has no authorizerUri' };
  if (!host.invokeFunction) return { ok: false, reason: 'Lambda authorizers need the Lambda runner, which this data plane has not configured' };
  const plugin = createLambdaAuthorizer(host.invokeFunction) as unknown as AuthorizerPlugin;
  const config = { functionUri: substitute(snapshot.authorizerUri, variables) };
  return { ok: true, binding: { plugin, config, sources, ttlSeconds: snapshot.authorizerResultTtlInSeconds, tokenValidation } };
}

function headerValue(headers: AuthorizationInput['headers'], name: string): string | undefined {
  const value = headers[name];
  return value === undefined ? undefined : typeof value === 'string' ? value : value.join(', ');
}

/** One identity source's value for a request; undefined when absent. */
function identityValue(source: IdentitySource, input: AuthorizationInput, stageVariables: Readonly<Record<string, string>>): string | undefined {
  switch (source.kind) {
    case 'header':
      return headerValue(input.headers, source.name);
    case 'querystring': {
      const list = input.query(source.name);
      return list === undefined ? undefined : list[list.length - 1];
    }
    case 'stageVariable':
      return stageVariables[source.name];
    case 'context':
      return input.contextValue(source.name);
  }
}

/** The plugin's read-only view, built on a cache miss only; header and query maps only when a plugin reads them. */
function requestView(
  type: 'TOKEN' | 'REQUEST',
  input: AuthorizationInput,
  stageVariables: Readonly<Record<string, string>>,
  identity: readonly string[],
): AuthorizerRequest {
  let headerMaps: { single: Record<string, string>; multi: Record<string, string[]> } | undefined;
  const headersOf = () => {
    if (headerMaps) return headerMaps;
    const single: Record<string, string> = Object.create(null);
    const multi: Record<string, string[]> = Object.create(null);
    const raw = input.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2) (multi[raw[i].toLowerCase()] ??= []).push(raw[i + 1]);
    for (const [name, values] of Object.entries(multi)) single[name] = values.join(', ');
    return (headerMaps = { single, multi });
  };
  let queryMaps: { single: Record<string, string>; multi: Readonly<Record<string, readonly string[]>> } | undefined;
  const queryOf = () => {
    if (queryMaps) return queryMaps;
    const multi = input.multiValueQuery();
    const single: Record<string, string> = Object.create(null);
    for (const [name, values] of Object.entries(multi)) single[name] = values[values.length - 1] ?? '';
    return (queryMaps = { single, multi });
  };
  return {
    type,
    methodArn: input.methodArn,
    httpMethod: input.httpMethod,
    resource: input.resource,
    path: input.path,
    get headers() {
      return headersOf().single;
    },
    get multiValueHeaders() {
      return headersOf().multi;
    },
    rawHeaders: input.rawHeaders,
    get queryStringParameters() {
      return queryOf().single;
    },
    get multiValueQueryStringParameters() {
      return queryOf().multi;
    },
    pathParameters: input.pathParameters,
    stageVariables,
    ...(type === 'TOKEN' ? { authorizationToken: identity[0] } : {}),
    authorizationScopes: input.authorizationScopes,
    identitySource: identity,
    get requestContext() {
      return input.requestContext;
    },
  };
}

/**
 * Compiles one authorizer for one stage, once per config revision: identity sources parsed, validation regex
 * compiled, plugin config validated, plugin instance created (its warm-up starts now, off the request path).
 * A result `ok: false` means methods using it answer 500 AUTHORIZER_CONFIGURATION_ERROR.
 */
export function compileAuthorizer(snapshot: AuthorizerSnapshot, stage: AuthorizerStage, host: AuthorizerHost): CompileAuthorizerResult {
  const bound = bindAuthorizer(snapshot, stage.variables, host);
  if (!bound.ok) return bound;
  const { plugin, sources, ttlSeconds, tokenValidation, perToken } = bound.binding;
  const validation = validateConfig(plugin.configSchema, bound.binding.config);
  if (!validation.ok) {
    return { ok: false, reason: `invalid ${plugin.name} config: ${validation.issues.map((i) => `${i.path || '(root)'} ${i.message}`).join('; ')}` };
  }

  const now = host.now ?? Date.now;
  const timeoutMs = host.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const logger = scopedLogger(host.logger ?? silentLogger, { authorizerId: snapshot.id, plugin: plugin.name, apiId: stage.apiId, stage: stage.stageName });
  const http = host.http ?? fetchHttpClient();
  const cache = pluginCache(now);
  const retired = new AbortController();
  const type: 'TOKEN' | 'REQUEST' = snapshot.type === 'REQUEST' ? 'REQUEST' : 'TOKEN';
  // Verifying a JWT locally is cheaper than a Redis round trip: Cognito results stay in process.
  const decisions = new DecisionCache(now, perToken ? undefined : host.sharedStore);
  const ttlMs = ttlSeconds * 1000;
  // Cognito: an allow lives until the token's exp (never longer than the TTL); a deny is not cached, since a token
  // refused for an unknown kid may verify after the key set refreshes.
  const ttlFor = (decision: AuthorizerDecision): number => {
    if (!perToken) return ttlMs;
    if (decision.effect !== 'allow') return 0;
    const exp = Number((decision as Partial<ClaimsAllowDecision>).claims?.exp);
    return Number.isFinite(exp) ? Math.min(ttlMs, exp * 1000 - now()) : 0;
  };
  // The shared-cache scope changes whenever the authorizer or the stage values it reads change (a redeploy with
  // a new authorizer config must not serve the old config's decisions).
  const configHash = createHash('sha256').update(JSON.stringify([snapshot, bound.binding.config])).digest('base64url').slice(0, 16);
  const scope = `${stage.apiId}:${stage.stageName}:${snapshot.id}:${configHash}`;
  const policies = new WeakMap<object, CompiledPolicy | string>();

  let instance: Promise<AuthorizerInstance | Error> = Promise.resolve()
    .then(() => plugin.create(validation.config as never, { logger, cache, http, clock: { now }, signal: retired.signal }))
    .catch((error: unknown) => {
      const failure = error instanceof Error ? error : new Error(String(error));
      logger.error('authorizer plugin create failed', { error: failure.message });
      return failure;
    });

  const invoke = async (request: AuthorizerRequest, requestId: string): Promise<AuthorizerDecision> => {
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
  };

  const evaluate = (decision: AuthorizerDecision, input: AuthorizationInput, latencyMs: number): AuthorizationOutcome => {
    if (decision.effect === 'fail') return { kind: 'error', reason: decision.reason };
    if (decision.effect === 'deny') {
      return decision.status === 401
        ? { kind: 'unauthorized', reason: decision.reason ?? 'denied by the authorizer' }
        : { kind: 'denied', explicit: false, reason: decision.reason ?? 'denied by the authorizer' };
    }
    if (decision.policyDocument) {
      // The policy is cached with the decision and re-evaluated against every method ARN (spec §3.4): a policy
      // scoped to one method denies the others on cache hits, as on AWS.
      let compiled = policies.get(decision);
      if (compiled === undefined) {
        const parsed = parsePolicy(decision.policyDocument as never, 'identity');
        compiled = parsed.ok ? compilePolicy(parsed.policy) : parsed.message;
        policies.set(decision, compiled);
      }
      if (typeof compiled === 'string') return { kind: 'error', reason: `authorizer policy is malformed: ${compiled}` };
      const effect = compiled.evaluate({
        caller: undefined,
        action: 'execute-api:Invoke',
        resource: input.methodArn,
        // Only policies with conditions or variables read the request context: the others skip building it.
        context: compiled.usesContext ? conditionContext(undefined, { ...timeKeys(now()), 'aws:SourceIp': input.requestContext.identity.sourceIp }) : NO_CONTEXT,
      });
      const policy = decision.policyDocument;
      if (effect === 'Deny') return { kind: 'denied', explicit: true, reason: 'the authorizer policy denies this method', policy };
      if (effect !== 'Allow') {
        return { kind: 'denied', explicit: false, reason: 'the authorizer policy does not allow this method', policy, silent: allowed(decision, latencyMs) };
      }
    }
    return allowOutcome(decision, latencyMs);
  };

  // A cached allow answers every hit with the same outcome (latency 0): built once per decision, not per request.
  const cachedAllows = new WeakMap<AllowDecision, Extract<AuthorizationOutcome, { kind: 'allow' }>>();
  const allowOutcome = (decision: AllowDecision, latencyMs: number): Extract<AuthorizationOutcome, { kind: 'allow' }> => {
    if (latencyMs !== 0) return { kind: 'allow', ...allowed(decision, latencyMs) };
    let outcome = cachedAllows.get(decision);
    if (!outcome) cachedAllows.set(decision, (outcome = { kind: 'allow', ...allowed(decision, 0) }));
    return outcome;
  };

  const allowed = (decision: AllowDecision, latencyMs: number): Omit<Extract<AuthorizationOutcome, { kind: 'allow' }>, 'kind'> => {
    const claimsDecision = decision as Partial<ClaimsAllowDecision>;
    return {
      principalId: decision.principalId,
      context: decision.context ?? {},
      ...(claimsDecision.claims ? { claims: claimsDecision.claims } : {}),
      ...(claimsDecision.scopes ? { scopes: claimsDecision.scopes } : {}),
      ...(decision.usageIdentifierKey === undefined ? {} : { usageIdentifierKey: decision.usageIdentifierKey }),
      ...(decision.policyDocument ? { policy: decision.policyDocument } : {}),
      latencyMs,
    };
  };

  const mustBePresent = type === 'TOKEN' || ttlSeconds > 0 || perToken === true;
  const hostError = (error: unknown): AuthorizationOutcome => ({
    kind: 'error',
    reason: `authorizer host error: ${error instanceof Error ? error.message : String(error)}`,
  });

  const authorizer: CompiledAuthorizer = {
    id: snapshot.id,
    type: snapshot.type,
    authorize(input, requestId) {
      try {
        // Identity sources are checked before anything runs: a missing or empty one is 401 without invoking
        // (TOKEN and Cognito always; REQUEST when results are cached, since the values are the cache key).
        const identity: string[] = [];
        for (const source of sources) {
          const value = identityValue(source, input, stage.variables);
          if (mustBePresent && (value === undefined || value.trim() === '')) return { kind: 'unauthorized', reason: 'identity source missing or empty' };
          identity.push(value ?? '');
        }
        if (tokenValidation && !tokenValidation.test(identity[0])) return { kind: 'unauthorized', reason: 'token fails identityValidationExpression' };

        if (ttlSeconds <= 0) {
          const started = performance.now();
          return invoke(requestView(type, input, stage.variables, identity), requestId).then((decision) => evaluate(decision, input, performance.now() - started), hostError);
        }
        // The method's scopes decide a Cognito result too (ID vs access token): they are part of its key.
        const key = perToken && input.authorizationScopes.length > 0 ? [...identity, input.authorizationScopes.join(' ')] : identity;
        // Hot path: a cached result is answered synchronously (no promise, no microtask, no closure, no clock read).
        const hit = decisions.peek(key);
        if (hit) return evaluate(hit, input, 0);
        const started = performance.now();
        const ask = (): Promise<AuthorizerDecision> => invoke(requestView(type, input, stage.variables, identity), requestId);
        return decisions.get(scope, key, ttlFor, ask).then(({ decision, cached }) => evaluate(decision, input, cached ? 0 : performance.now() - started), hostError);
      } catch (error) {
        return hostError(error);
      }
    },
    flush() {
      decisions.clear();
    },
    async close() {
      retired.abort(new Error('config revision retired'));
      const created = await instance;
      instance = Promise.resolve(new Error('closed'));
      decisions.clear();
      if (!(created instanceof Error)) await created.close?.();
    },
  };
  return { ok: true, authorizer };
}
