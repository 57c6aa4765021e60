import { createHash } from 'node:crypto';
import type { AuthorizerSnapshot } from '@portico/contracts';
import type { AuthorizerDecision } from '@portico/plugin-sdk';
import type { ClaimsAllowDecision } from '../jwt/cognito-authorizer.js';
import { DecisionCache } from '../host/decision-cache.js';
import { preparePluginConfig, startPlugin } from '../host/plugin-runner.js';
import { bindAuthorizer } from './bind-authorizer.js';
import { decisionEvaluator } from './evaluate-decision.js';
import { identityValue, requestView } from './request-view.js';
import type { AuthorizationOutcome, AuthorizerHost, AuthorizerStage, CompileAuthorizerResult, CompiledAuthorizer } from './types.js';

/**
 * Compiles one authorizer for one stage, once per config revision: the REST binding resolved (identity sources
 * parsed, validation regex compiled), the plugin config validated, and the plugin started through the generic
 * runner (its warm-up starts now, off the request path). Per request: identity sources, the result cache, the
 * plugin on a miss, the decision evaluated for the method. A result `ok: false` means methods using it answer 500
 * AUTHORIZER_CONFIGURATION_ERROR.
 */
export function compileAuthorizer(snapshot: AuthorizerSnapshot, stage: AuthorizerStage, host: AuthorizerHost): CompileAuthorizerResult {
  const bound = bindAuthorizer(snapshot, stage.variables, host);
  if (!bound.ok) return bound;
  const { plugin, sources, ttlSeconds, tokenValidation, perToken } = bound.binding;
  const prepared = preparePluginConfig(plugin, bound.binding.config);
  if (!prepared.ok) return prepared;

  const now = host.now ?? Date.now;
  const runner = startPlugin(plugin, prepared.config, {
    http: host.http,
    logger: host.logger,
    now,
    timeoutMs: host.timeoutMs,
    logFields: { authorizerId: snapshot.id, apiId: stage.apiId, stage: stage.stageName },
  });
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
  const evaluate = decisionEvaluator(now);

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
          return runner.decide(requestView(type, input, stage.variables, sources, identity), requestId).then((decision) => evaluate(decision, input, performance.now() - started), hostError);
        }
        // The method's scopes decide a Cognito result too (ID vs access token): they are part of its key.
        const key = perToken && input.authorizationScopes.length > 0 ? [...identity, input.authorizationScopes.join(' ')] : identity;
        // Hot path: a cached result is answered synchronously (no promise, no microtask, no clock read).
        const hit = decisions.peek(key);
        if (hit) return evaluate(hit, input, 0, true);
        const started = performance.now();
        const ask = (): Promise<AuthorizerDecision> => runner.decide(requestView(type, input, stage.variables, sources, identity), requestId);
        return decisions.get(scope, key, ttlFor, ask).then(({ decision, cached }) => evaluate(decision, input, cached ? 0 : performance.now() - started, cached), hostError);
      } catch (error) {
        return hostError(error);
      }
    },
    flush() {
      decisions.clear();
    },
    async close() {
      await runner.close();
      decisions.clear();
    },
  };
  return { ok: true, authorizer };
}

export type { AuthorizationInput, AuthorizationOutcome, AuthorizerHost, AuthorizerStage, CompileAuthorizerResult, CompiledAuthorizer } from './types.js';
