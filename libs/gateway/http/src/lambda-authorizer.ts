import { parseAuthorizerOutput } from '@portico/engine-authorizers';
import type { InvokeOptions, InvokeResult } from '@portico/engine-lambda';
import { compilePolicy, conditionContext, EMPTY_CONTEXT, parsePolicy, timeKeys, type CompiledPolicy } from '@portico/engine-policy';
import type { RequestAuthorizerSnapshot } from '@portico/contracts';
import type { HttpRequest } from './http-request.js';
import { compileValue, type MappingScope } from './parameter-mapping.js';
import { buildEventV1 } from './payload-v1.js';
import { eventCookies, eventHeaders, eventQueryParameters, requestContextV2, type EventContext } from './payload-v2.js';

/** Invokes the function an `authorizerUri` names; never rejects (engine-lambda `functionUriInvoker`). */
export type UriInvoker = (uri: string, payload: string, options: InvokeOptions) => Promise<InvokeResult>;

/** AWS's Lambda authorizer response timeout (spec §0). */
const AUTHORIZER_TIMEOUT_MS = 10_000;

export type LambdaAuthorization =
  | { readonly ok: true; readonly principalId: string | undefined; readonly context: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly status: 401 | 403 | 500; readonly reason: string };

/** A decision as cached: a simple answer, or an IAM policy re-evaluated against each route ARN. */
type Decision =
  | { readonly kind: 'simple'; readonly authorized: boolean; readonly context: Record<string, unknown> }
  | { readonly kind: 'policy'; readonly principalId: string; readonly policy: CompiledPolicy; readonly context: Record<string, unknown> }
  | { readonly kind: 'error'; readonly reason: string }
  | { readonly kind: 'unauthorized' };

/** Lambda authorizer results by authorizer and identity-source values, for `authorizerResultTtlInSeconds`. */
export class AuthorizerResultCache {
  private readonly entries = new Map<string, { readonly decision: Decision; readonly expiresAt: number }>();

  constructor(private readonly maxEntries = 10_000) {}

  get(key: string, now: number): Decision | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.decision;
  }

  set(key: string, decision: Decision, expiresAt: number): void {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { decision, expiresAt });
  }

  /** ResetAuthorizersCache: drop every entry of the API's stage (keys start with it). */
  flush(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A Lambda REQUEST authorizer of an HTTP API (spec §8.2). Identity sources are resolved first: one missing or
 * empty answers 401 without invoking the function. The event is payload 1.0 (REST's REQUEST event plus
 * `version`, comma-joined `identitySource`) or 2.0; the answer an IAM policy (evaluated by engine-policy against the
 * route ARN, also on cache hits) or, with `enableSimpleResponses`, `{isAuthorized, context}`. Results are cached
 * by identity-source values for `authorizerResultTtlInSeconds` — one entry serves every route of the
 * authorizer, as on AWS. A function error, timeout or malformed answer is 500 and never cached; a function
 * error `Unauthorized` is 401.
 */
export class LambdaRequestAuthorizer {
  private readonly sources: Array<(scope: MappingScope) => string | undefined>;
  private readonly ttlMs: number;

  constructor(
    private readonly config: RequestAuthorizerSnapshot,
    private readonly invoke: UriInvoker,
    private readonly cache: AuthorizerResultCache,
    /** `{apiId}/{stage}/`: cache entries of one stage, flushed together. */
    private readonly cachePrefix: string,
    private readonly now: () => number = Date.now,
  ) {
    this.sources = config.identitySource.map((source) => {
      const compiled = compileValue(source);
      if (!compiled.ok) throw new Error(`authorizer ${config.authorizerId}: identity source ${source}: ${compiled.reason}`);
      return compiled.value.value;
    });
    this.ttlMs = this.sources.length > 0 ? config.authorizerResultTtlInSeconds * 1000 : 0;
  }

  async authorize(request: HttpRequest, scope: MappingScope, context: EventContext, routeArn: string): Promise<LambdaAuthorization> {
    const identity: string[] = [];
    for (const source of this.sources) {
      const value = source(scope);
      // Security: a missing identity source is a 401 before any function runs (spec §8.2).
      if (value === undefined || value === '') return { ok: false, status: 401, reason: 'identity source missing' };
      identity.push(value);
    }
    const key = this.ttlMs > 0 ? `${this.cachePrefix}${this.config.authorizerId}\n${identity.join('\n')}` : undefined;
    let decision = key === undefined ? undefined : this.cache.get(key, this.now());
    if (!decision) {
      decision = await this.ask(request, context, identity, routeArn);
      if (key !== undefined && (decision.kind === 'simple' || decision.kind === 'policy')) this.cache.set(key, decision, this.now() + this.ttlMs);
    }
    return this.evaluate(decision, routeArn, request.sourceIp);
  }

  private async ask(request: HttpRequest, context: EventContext, identity: string[], routeArn: string): Promise<Decision> {
    const event = this.config.authorizerPayloadFormatVersion === '1.0' ? this.eventV1(request, context, identity, routeArn) : this.eventV2(request, context, identity, routeArn);
    const result = await this.invoke(this.config.authorizerUri ?? '', JSON.stringify(event), {
      deadline: Date.now() + AUTHORIZER_TIMEOUT_MS,
      requestId: request.requestId,
    });
    if (result.kind === 'function-error') {
      return result.error.errorMessage === 'Unauthorized' ? { kind: 'unauthorized' } : { kind: 'error', reason: `authorizer error: ${result.error.errorMessage ?? 'unknown'}` };
    }
    if (result.kind !== 'success') return { kind: 'error', reason: `authorizer ${result.kind}: ${result.message}` };
    return this.read(result.payload);
  }

  private read(payload: string): Decision {
    if (this.config.authorizerPayloadFormatVersion !== '1.0' && this.config.enableSimpleResponses) {
      let output: unknown;
      try {
        output = JSON.parse(payload);
      } catch {
        return { kind: 'error', reason: 'authorizer output is not JSON' };
      }
      if (!isRecord(output) || typeof output.isAuthorized !== 'boolean') return { kind: 'error', reason: 'authorizer output has no boolean isAuthorized' };
      if (output.context !== undefined && output.context !== null && !isRecord(output.context)) return { kind: 'error', reason: 'authorizer context is not an object' };
      // Simple responses may carry strings, numbers, booleans, arrays and maps (spec §8.2).
      return { kind: 'simple', authorized: output.isAuthorized, context: (output.context as Record<string, unknown> | undefined) ?? {} };
    }
    const decision = parseAuthorizerOutput(payload);
    if (decision.effect === 'fail') return { kind: 'error', reason: decision.reason };
    if (decision.effect === 'deny') return { kind: 'unauthorized' };
    if (decision.context && 'claims' in decision.context) return { kind: 'error', reason: 'claims is a reserved authorizer context key' };
    const parsed = parsePolicy(decision.policyDocument as never, 'identity');
    if (!parsed.ok) return { kind: 'error', reason: `authorizer policy is malformed: ${parsed.message}` };
    return { kind: 'policy', principalId: decision.principalId, policy: compilePolicy(parsed.policy), context: { ...(decision.context ?? {}) } };
  }

  private evaluate(decision: Decision, routeArn: string, sourceIp: string): LambdaAuthorization {
    switch (decision.kind) {
      case 'error':
        return { ok: false, status: 500, reason: decision.reason };
      case 'unauthorized':
        return { ok: false, status: 401, reason: 'authorizer answered Unauthorized' };
      case 'simple':
        return decision.authorized ? { ok: true, principalId: undefined, context: decision.context } : { ok: false, status: 403, reason: 'isAuthorized false' };
      case 'policy': {
        // Re-evaluated for every request, cached or not: a policy for one route denies the others.
        const effect = decision.policy.evaluate({
          caller: undefined,
          action: 'execute-api:Invoke',
          resource: routeArn,
          context: decision.policy.usesContext ? conditionContext(undefined, { ...timeKeys(this.now()), 'aws:SourceIp': sourceIp }) : EMPTY_CONTEXT,
        });
        if (effect !== 'Allow') return { ok: false, status: 403, reason: 'the authorizer policy does not allow this route' };
        return { ok: true, principalId: decision.principalId, context: { principalId: decision.principalId, ...decision.context } };
      }
    }
  }

  private eventV2(request: HttpRequest, context: EventContext, identity: string[], routeArn: string): Record<string, unknown> {
    const event: Record<string, unknown> = {
      version: '2.0',
      type: 'REQUEST',
      routeArn,
      identitySource: identity,
      routeKey: context.routeKey,
      rawPath: request.rawPath,
      rawQueryString: request.rawQueryString,
    };
    const cookies = eventCookies(request);
    if (cookies) event.cookies = cookies;
    event.headers = eventHeaders(request);
    const query = eventQueryParameters(request.rawQueryString);
    if (query) event.queryStringParameters = query;
    event.requestContext = requestContextV2(request, context);
    event.pathParameters = { ...context.pathParameters };
    event.stageVariables = { ...context.stageVariables };
    return event;
  }

  private eventV1(request: HttpRequest, context: EventContext, identity: string[], routeArn: string): Record<string, unknown> {
    const { body: _body, isBase64Encoded: _b64, multiValueHeaders: _mh, multiValueQueryStringParameters: _mq, version: _v, ...rest } = buildEventV1(request, context, 0);
    const joined = identity.join(',');
    return { version: '1.0', type: 'REQUEST', methodArn: routeArn, identitySource: joined, authorizationToken: joined, ...rest, pathParameters: rest.pathParameters ?? {} };
  }
}
