import type { DeploymentSnapshot, MethodSnapshot, StageConfig } from '@portico/contracts';
import {
  compileAuthorizer,
  type AuthorizerCacheFlushes,
  PluginRegistry,
  type AuthorizationInput,
  type AuthorizationOutcome,
  type CompiledAuthorizer,
  type SharedDecisionStore,
} from '@portico/engine-authorizers';
import { functionUriInvoker, type FunctionRunner } from '@portico/engine-lambda';
import { compilePolicy, conditionContext, methodArn, parsePolicy, timeKeys, type CompiledPolicy, type ExecuteApiScope } from '@portico/engine-policy';
import type { TrailStep } from '@portico/gateway-core';
import type { PluginHttpClient, PluginLogger } from '@portico/plugin-sdk';
import type { AuthorizerResult } from './authorizer-result.js';
import type { Invocation } from './invocation.js';
import { refusal, type Refusal } from './refusal.js';

/** Authorizer capabilities the app hands the pipeline; shared by every config revision. */
export interface AuthorizerOptions {
  /** Built-ins plus the plugins loaded from PORTICO_PLUGINS (default: built-ins only). */
  readonly registry?: PluginRegistry;
  /** Redis-backed result cache shared by replicas (REDIS_URL); in-process only without it. */
  readonly sharedStore?: SharedDecisionStore;
  /** PORTICO_COGNITO_IDP_ENDPOINT. */
  readonly cognitoEndpoint?: string;
  /** Outbound HTTP for plugins (JWKS); default fetch. */
  readonly http?: PluginHttpClient;
  readonly logger?: PluginLogger;
  /** Authorizer deadline (default 10 s). */
  readonly timeoutMs?: number;
  /** Where FlushStageAuthorizersCache signals arrive (Redis); stages register their caches on it. */
  readonly flushes?: AuthorizerCacheFlushes;
}

/** A method's authorization step: the compiled authorizer (or why it cannot run) and the method's scopes. */
export interface AuthorizationStep {
  readonly authorizer: CompiledAuthorizer | undefined;
  /** Set when the authorizer did not compile: requests answer 500 AUTHORIZER_CONFIGURATION_ERROR. */
  readonly broken: string | undefined;
  /** The method names no authorizer of the deployment (reported once per config). */
  readonly missing?: boolean;
  readonly scopes: readonly string[];
  /** The stage's method ARN for a request (`arn:aws:execute-api:…:{apiId}/{stage}/{VERB}/{path}`), as the access step builds it. */
  readonly methodArn: (httpMethod: string, path: string) => string;
}

/**
 * The authorizers of one stage, compiled once per config revision (plugin instances created, key sets warming).
 * A method references one by id; CUSTOM and COGNITO_USER_POOLS methods get a step, others none.
 */
export class StageAuthorizers {
  private unregister: (() => void) | undefined;

  private constructor(
    private readonly compiled: ReadonlyMap<string, { authorizer?: CompiledAuthorizer; reason?: string }>,
    private readonly methodArn: (httpMethod: string, path: string) => string,
  ) {}

  static compile(
    snapshot: DeploymentSnapshot,
    stage: StageConfig,
    options: AuthorizerOptions & { readonly runner: FunctionRunner; readonly now?: () => number; readonly region: string; readonly accountId: string },
    warnings: string[],
  ): StageAuthorizers {
    const compiled = new Map<string, { authorizer?: CompiledAuthorizer; reason?: string }>();
    const host = {
      registry: options.registry ?? new PluginRegistry(),
      invokeFunction: functionUriInvoker(options.runner),
      sharedStore: options.sharedStore,
      cognitoEndpoint: options.cognitoEndpoint,
      http: options.http,
      logger: options.logger,
      now: options.now,
      timeoutMs: options.timeoutMs,
    };
    for (const snapshotAuthorizer of snapshot.authorizers) {
      const result = compileAuthorizer(snapshotAuthorizer, { apiId: stage.restApiId, stageName: stage.stageName, variables: stage.variables }, host);
      if (result.ok) compiled.set(snapshotAuthorizer.id, { authorizer: result.authorizer });
      else {
        compiled.set(snapshotAuthorizer.id, { reason: result.reason });
        warnings.push(`${stage.restApiId}/${stage.stageName} authorizer ${snapshotAuthorizer.id}: ${result.reason}; its methods answer 500 AUTHORIZER_CONFIGURATION_ERROR`);
      }
    }
    const scope: ExecuteApiScope = { region: options.region, accountId: options.accountId, apiId: stage.restApiId };
    const authorizers = new StageAuthorizers(compiled, (httpMethod, path) => methodArn(scope, stage.stageName, httpMethod, path));
    authorizers.unregister = options.flushes?.on(stage.restApiId, stage.stageName, () => {
      for (const entry of compiled.values()) entry.authorizer?.flush();
    });
    return authorizers;
  }

  /** The step for a method; undefined when the method needs no authorizer. */
  step(method: MethodSnapshot): AuthorizationStep | undefined {
    if (method.authorizationType !== 'CUSTOM' && method.authorizationType !== 'COGNITO_USER_POOLS') return undefined;
    const entry = method.authorizerId === undefined ? undefined : this.compiled.get(method.authorizerId);
    if (!entry) {
      return { authorizer: undefined, broken: `authorizer ${method.authorizerId ?? '(none)'} is not in the deployment`, missing: true, scopes: [], methodArn: this.methodArn };
    }
    return { authorizer: entry.authorizer, broken: entry.reason, scopes: method.authorizationScopes, methodArn: this.methodArn };
  }

  async close(): Promise<void> {
    this.unregister?.();
    await Promise.all([...this.compiled.values()].map((entry) => entry.authorizer?.close()));
  }
}

/**
 * The authorizer's view of an invocation. A class rather than an object literal: every authorized request builds
 * one (cache hits included), and its methods live on the prototype instead of being fresh closures each time.
 */
class InvocationAuthorizationInput implements AuthorizationInput {
  readonly httpMethod: string;
  readonly resource: string;
  readonly headers: Invocation['headers'];
  readonly rawHeaders: readonly string[];
  readonly pathParameters: Readonly<Record<string, string>>;
  private built: AuthorizationInput['requestContext'] | undefined;

  constructor(
    private readonly invocation: Invocation,
    readonly methodArn: string,
    readonly path: string,
    readonly authorizationScopes: readonly string[],
  ) {
    this.httpMethod = invocation.httpMethod;
    this.resource = invocation.resourcePath ?? path;
    this.headers = invocation.headers;
    this.rawHeaders = invocation.rawHeaders;
    this.pathParameters = invocation.pathParameters;
  }

  query(name: string): readonly string[] | undefined {
    return this.invocation.queryValues(name);
  }

  multiValueQuery(): Record<string, string[]> {
    return this.invocation.multiValueQuery();
  }

  contextValue(name: string): string | undefined {
    return this.invocation.contextValue(name);
  }

  /** Built when read (a cache miss, a policy condition), not on every authorized request. */
  get requestContext(): AuthorizationInput['requestContext'] {
    const invocation = this.invocation;
    return (this.built ??= {
      accountId: invocation.contextValue('accountId') ?? '',
      apiId: invocation.apiId ?? '',
      stage: invocation.stage?.stageName ?? '',
      requestId: invocation.requestId,
      resourceId: invocation.resourceId ?? '',
      resourcePath: this.resource,
      httpMethod: invocation.httpMethod,
      path: invocation.contextPath,
      domainName: invocation.headers.host,
      requestTimeEpoch: invocation.startedAt,
      identity: { sourceIp: invocation.sourceIp, userAgent: invocation.headers['user-agent'] },
    });
  }
}

type AllowOutcome = Extract<AuthorizationOutcome, { kind: 'allow' }>;

// 403 texts of a Lambda authorizer's policy (spec §3.4): an explicit Deny says so.
const NOT_AUTHORIZED = refusal('ACCESS_DENIED', { message: 'User is not authorized to access this resource' });
const EXPLICIT_DENY = refusal('ACCESS_DENIED', { message: 'User is not authorized to access this resource with an explicit deny' });
const UNAUTHORIZED = refusal('UNAUTHORIZED');
const AUTHORIZER_CONFIGURATION_ERROR = refusal('AUTHORIZER_CONFIGURATION_ERROR');

/**
 * Runs a method's authorizer. On allow, records the result on the invocation and continues (undefined); else the
 * refusal the stage renders (401 UNAUTHORIZED, 403 ACCESS_DENIED, 500 AUTHORIZER_CONFIGURATION_ERROR). The method
 * ARN names the request path below the stage (`invocation.stagePath`), as the access step builds it.
 */
export function runAuthorization(step: AuthorizationStep, invocation: Invocation): Refusal | undefined | Promise<Refusal | undefined> {
  if (!step.authorizer) return conclude({ kind: 'error', reason: step.broken ?? 'authorizer unavailable' }, invocation, step);
  const path = invocation.stagePath;
  const input = new InvocationAuthorizationInput(invocation, step.methodArn(invocation.httpMethod, path), path, step.scopes);
  // For the decision trail: which authorizer answered (an id, never what it was given).
  invocation.authorizerId = step.authorizer.id;
  invocation.authorizerType = step.authorizer.type;
  const outcome = step.authorizer.authorize(input, invocation.requestId);
  // A cached result comes back synchronously and is applied without a promise.
  return outcome instanceof Promise ? outcome.then((o) => conclude(o, invocation, step)) : conclude(outcome, invocation, step);
}

// Cache hits share one outcome object per cached decision (engine-authorizers), so they share the result too.
const results = new WeakMap<AllowOutcome, AuthorizerResult>();

function authorizerResult(outcome: AllowOutcome): AuthorizerResult {
  let result = results.get(outcome);
  if (!result) {
    result = {
      principalId: outcome.principalId,
      context: outcome.context,
      ...(outcome.claims ? { claims: outcome.claims } : {}),
      ...(outcome.scopes ? { scopes: outcome.scopes } : {}),
      integrationLatency: Math.round(outcome.latencyMs),
      ...(outcome.usageIdentifierKey === undefined ? {} : { usageIdentifierKey: outcome.usageIdentifierKey }),
    };
    results.set(outcome, result);
  }
  return result;
}

/** Applies an authorization outcome: records the allow on the invocation, or gives the refusal. */
function conclude(outcome: AuthorizationOutcome, invocation: Invocation, step: AuthorizationStep): Refusal | undefined {
  invocation.authorizerCached = outcome.cached;
  // Table A (spec §3.3): the authorizer allowed the caller but its policy is silent on this method, and the API's
  // resource policy explicitly allows the request (the access step recorded its verdict): the request proceeds.
  if (outcome.kind === 'denied' && !outcome.explicit && outcome.silent && invocation.resourcePolicyEffect === 'Allow') {
    outcome = { kind: 'allow', ...outcome.silent };
  }
  switch (outcome.kind) {
    case 'allow':
      invocation.authorizer = authorizerResult(outcome);
      invocation.usageIdentifierKey = outcome.usageIdentifierKey;
      return undefined;
    case 'unauthorized':
      invocation.authorizerError = outcome.reason;
      return withTrail(UNAUTHORIZED, authorizerTrail(outcome, invocation, 'AUTHORIZER_UNAUTHORIZED'));
    case 'denied': {
      invocation.authorizerError = outcome.reason;
      const code = outcome.explicit ? 'AUTHORIZER_POLICY_DENY' : outcome.policy ? 'AUTHORIZER_POLICY_NO_ALLOW' : 'AUTHORIZER_DENY';
      const trail = authorizerTrail(outcome, invocation, code);
      return withTrail(outcome.explicit ? EXPLICIT_DENY : NOT_AUTHORIZED, outcome.explicit ? { ...trail, ...policyStatement(outcome.policy, invocation, step) } : trail);
    }
    case 'error':
      invocation.authorizerError = outcome.reason;
      return withTrail(AUTHORIZER_CONFIGURATION_ERROR, authorizerTrail(outcome, invocation, 'AUTHORIZER_ERROR'));
  }
}

const withTrail = (base: Refusal, trail: TrailStep): Refusal => ({ ...base, trail });

/**
 * Reasons Portico itself writes: only these reach the trail. A plugin's or function's own reason might echo what
 * it was given (a token), so it is left out (security).
 */
const PORTICO_REASONS = new Set([
  'identity source missing or empty',
  'token fails identityValidationExpression',
  'the authorizer policy denies this method',
  'the authorizer policy does not allow this method',
]);

function authorizerTrail(outcome: Exclude<AuthorizationOutcome, { kind: 'allow' }>, invocation: Invocation, decision: string): TrailStep {
  return {
    step: 'authorizer',
    outcome: outcome.kind === 'error' ? 'failed' : 'refused',
    decision,
    ...(invocation.authorizerId === undefined ? {} : { authorizerId: invocation.authorizerId }),
    ...(invocation.authorizerType === undefined ? {} : { authorizerType: invocation.authorizerType }),
    ...(outcome.cached === undefined ? {} : { cached: outcome.cached }),
    ...(PORTICO_REASONS.has(outcome.reason) ? { reason: outcome.reason } : {}),
    ...(outcome.kind === 'denied' && outcome.policy ? { policy: 'authorizer' as const } : {}),
  };
}

// The authorizer's policy, compiled again only to name the statement that denied (refusals only; a cached
// decision keeps its policy object, so this is once per decision).
const compiledPolicies = new WeakMap<object, CompiledPolicy | null>();

function policyStatement(policy: object | undefined, invocation: Invocation, step: AuthorizationStep): Partial<TrailStep> {
  if (!policy) return {};
  let compiled = compiledPolicies.get(policy);
  if (compiled === undefined) {
    const parsed = parsePolicy(policy as never, 'identity');
    compiled = parsed.ok ? compilePolicy(parsed.policy) : null;
    compiledPolicies.set(policy, compiled);
  }
  if (!compiled) return {};
  const statement = compiled.matchingStatement(
    {
      caller: undefined,
      action: 'execute-api:Invoke',
      resource: step.methodArn(invocation.httpMethod, invocation.stagePath),
      context: conditionContext(undefined, { ...timeKeys(Date.now()), 'aws:SourceIp': invocation.sourceIp }),
    },
    'Deny',
  );
  if (!statement) return {};
  return statement.sid === undefined ? { statementIndex: statement.index } : { statementIndex: statement.index, statementSid: statement.sid };
}
