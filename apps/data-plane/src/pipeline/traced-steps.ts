import type { ServerResponse } from 'node:http';
import { SpanStatusCode, type Span } from '@opentelemetry/api';
import type { CompiledIntegration, IntegrationOutcome } from '@portico/engine-integrations';
import { runAuthorization, type AuthorizationStep } from './authorization-step.js';
import type { GatewayResponses } from './gateway-responses.js';
import type { AccessDenial, AccessStep } from './iam/access-guard.js';
import type { Invocation } from './invocation.js';
import type { GuardedRequest, UsageDenial } from './usage-plan-guard.js';

/**
 * Tracing on: each step of a method's plan is compiled wrapped in one of these, which opens the step's span from
 * `invocation.trace` and closes it with the step's verdict. With tracing off the plan holds the bare steps, so the
 * request path has neither these closures nor a branch per step.
 */

/** A usage-plan guard as the gateway calls it (MethodGuard, or a traced wrapper of it). */
export interface UsageGuard {
  check(request: GuardedRequest): UsageDenial | undefined | Promise<UsageDenial | undefined>;
}

/** How the gateway runs a method's authorizer: `runAuthorization`, or `tracedAuthorization` when tracing. */
export type RunAuthorization = typeof runAuthorization;

function failed(span: Span, error: unknown): never {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
  throw error;
}

/** Runs `step` inside `span`, sync or async as the step answers, and closes the span with `conclude`. */
function within<T>(span: Span, run: () => T | Promise<T>, conclude: (span: Span, value: T) => void): T | Promise<T> {
  let value: T | Promise<T>;
  try {
    value = run();
  } catch (error) {
    failed(span, error);
  }
  if (value instanceof Promise) {
    return value.then(
      (settled) => {
        conclude(span, settled);
        span.end();
        return settled;
      },
      (error: unknown) => failed(span, error),
    );
  }
  conclude(span, value);
  span.end();
  return value;
}

function accessVerdict(span: Span, denial: AccessDenial | undefined): void {
  span.setAttribute('apigateway.authorization.outcome', denial ? denial.type : 'allowed');
}

/** Resource policy, private-API network and SigV4 checks (iam/access-guard.ts) in an `authorization` span. */
export function traceAccess(step: AccessStep, authorizationType: string): AccessStep {
  return (invocation, req, path) =>
    within(
      invocation.trace!.step('authorization', invocation, { 'apigateway.authorization.type': authorizationType, 'apigateway.authorization.step': 'access' }),
      () => step(invocation, req, path),
      accessVerdict,
    );
}

/** The method's authorizer (authorization-step.ts) in an `authorization` span. */
export const tracedAuthorization: RunAuthorization = (step: AuthorizationStep, invocation: Invocation, path: string, responses: GatewayResponses, res: ServerResponse) =>
  within(
    invocation.trace!.step('authorization', invocation, { 'apigateway.authorization.step': 'authorizer' }),
    () => runAuthorization(step, invocation, path, responses, res),
    (span, allowed) => {
      span.setAttribute('apigateway.authorization.outcome', allowed ? 'allowed' : (invocation.errorType ?? 'denied'));
      if (invocation.authorizer) span.setAttribute('apigateway.authorizer.principal_id', invocation.authorizer.principalId);
    },
  );

/** API key, throttling and quota (usage-plan-guard.ts) in a `throttle` span. */
export function traceGuard(guard: UsageGuard): UsageGuard {
  return {
    check: (request) => {
      const invocation = request as Invocation;
      return within(
        invocation.trace!.step('throttle', invocation),
        () => guard.check(request),
        (span, denial) => {
          span.setAttribute('apigateway.usage_plan.outcome', denial ?? 'allowed');
          if (invocation.apiKeyId !== undefined) span.setAttribute('apigateway.api_key_id', invocation.apiKeyId);
        },
      );
    },
  };
}

/**
 * The integration in an `integration` span (CLIENT) whose context the backend receives as `traceparent`, beside
 * X-Amzn-Trace-Id (engine-integrations' forwarded headers read `traceHeaders`).
 */
export function traceIntegration(integration: CompiledIntegration): CompiledIntegration {
  const attributes = { 'apigateway.integration.type': integration.type };
  return {
    type: integration.type,
    invoke(request, res) {
      const invocation = request as Invocation;
      const trace = invocation.trace!;
      const span = trace.step('integration', invocation, attributes);
      invocation.traceHeaders = trace.headers(span);
      return within(span, () => integration.invoke(request, res), integrationVerdict) as Promise<IntegrationOutcome>;
    },
  };
}

function integrationVerdict(span: Span, outcome: IntegrationOutcome): void {
  if (outcome.integrationStatus !== undefined) span.setAttribute('http.response.status_code', outcome.integrationStatus);
  if (outcome.kind === 'failed') {
    span.setAttribute('error.type', outcome.responseType);
    span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.error });
  }
}
