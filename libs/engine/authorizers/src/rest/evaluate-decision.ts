import { compilePolicy, conditionContext, parsePolicy, timeKeys, type CompiledPolicy } from '@portico/engine-policy';
import type { AllowDecision, AuthorizerDecision } from '@portico/plugin-sdk';
import type { ClaimsAllowDecision } from '../jwt/cognito-authorizer.js';
import type { AuthorizationInput, AuthorizationOutcome } from './types.js';

type AllowOutcome = Extract<AuthorizationOutcome, { kind: 'allow' }>;

const NO_CONTEXT = conditionContext(undefined);

/**
 * What a plugin's decision means for a REST method (spec §3.4 outcome table): deny 401 → unauthorized, deny 403 →
 * denied, fail → error; an allow with a `policyDocument` is decided by the policy against the method ARN — on
 * every request, cache hits included, so that a policy scoped to one method denies the others as on AWS. One
 * evaluator per compiled authorizer: it keeps the compiled policies and the cached allows of its decisions.
 */
export function decisionEvaluator(now: () => number): (decision: AuthorizerDecision, input: AuthorizationInput, latencyMs: number, cached?: boolean) => AuthorizationOutcome {
  const policies = new WeakMap<object, CompiledPolicy | string>();

  const allowed = (decision: AllowDecision, latencyMs: number): Omit<AllowOutcome, 'kind'> => {
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

  // A cached allow answers every hit with the same outcome (latency 0): built once per decision, not per request.
  const cachedAllows = new WeakMap<AllowDecision, AllowOutcome>();
  const allowOutcome = (decision: AllowDecision, latencyMs: number, cached: boolean): AllowOutcome => {
    if (!cached) return { kind: 'allow', ...allowed(decision, latencyMs), cached };
    let outcome = cachedAllows.get(decision);
    if (!outcome) cachedAllows.set(decision, (outcome = { kind: 'allow', ...allowed(decision, 0), cached }));
    return outcome;
  };

  return (decision, input, latencyMs, cached = false) => {
    if (decision.effect === 'fail') return { kind: 'error', reason: decision.reason, cached };
    if (decision.effect === 'deny') {
      return decision.status === 401
        ? { kind: 'unauthorized', reason: decision.reason ?? 'denied by the authorizer', cached }
        : { kind: 'denied', explicit: false, reason: decision.reason ?? 'denied by the authorizer', cached };
    }
    if (decision.policyDocument) {
      // The policy is cached with the decision and re-evaluated against every method ARN (spec §3.4).
      let compiled = policies.get(decision);
      if (compiled === undefined) {
        const parsed = parsePolicy(decision.policyDocument as never, 'identity');
        compiled = parsed.ok ? compilePolicy(parsed.policy) : parsed.message;
        policies.set(decision, compiled);
      }
      if (typeof compiled === 'string') return { kind: 'error', reason: `authorizer policy is malformed: ${compiled}`, cached };
      const effect = compiled.evaluate({
        caller: undefined,
        action: 'execute-api:Invoke',
        resource: input.methodArn,
        // Only policies with conditions or variables read the request context: the others skip building it.
        context: compiled.usesContext ? conditionContext(undefined, { ...timeKeys(now()), 'aws:SourceIp': input.requestContext.identity.sourceIp }) : NO_CONTEXT,
      });
      const policy = decision.policyDocument;
      if (effect === 'Deny') return { kind: 'denied', explicit: true, reason: 'the authorizer policy denies this method', policy, cached };
      if (effect !== 'Allow') {
        return { kind: 'denied', explicit: false, reason: 'the authorizer policy does not allow this method', policy, silent: allowed(decision, latencyMs), cached };
      }
    }
    return allowOutcome(decision, latencyMs, cached);
  };
}
