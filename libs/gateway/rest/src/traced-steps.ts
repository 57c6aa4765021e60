import { SpanStatusCode, type Span } from '@opentelemetry/api';
import type { CompiledIntegration, IntegrationOutcome } from '@portico/engine-integrations';
import type { Invocation } from './invocation.js';
import type { RestStep, StepAnswer } from './rest-step.js';

/**
 * Tracing on: each step of a method's plan is compiled wrapped in one of these, which opens the step's span from
 * `invocation.trace` and closes it with the step's verdict. With tracing off the plan holds the bare steps, so the
 * request path has neither these closures nor a branch per step.
 */

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

const refusedType = (answer: StepAnswer | undefined): string | undefined => (answer?.kind === 'refused' ? answer.type : undefined);

/** Resource policy, private-API network and SigV4 checks (iam/access-guard.ts) in an `authorization` span. */
export function traceAccess(step: RestStep, authorizationType: string): RestStep {
  const attributes = { 'apigateway.authorization.type': authorizationType, 'apigateway.authorization.step': 'access' };
  return (invocation) =>
    within(invocation.trace!.step('authorization', invocation, attributes), () => step(invocation), (span, answer) => {
      span.setAttribute('apigateway.authorization.outcome', refusedType(answer) ?? 'allowed');
    });
}

/** The method's authorizer (authorization-step.ts) in an `authorization` span. */
export function traceAuthorization(step: RestStep): RestStep {
  const attributes = { 'apigateway.authorization.step': 'authorizer' };
  return (invocation) =>
    within(invocation.trace!.step('authorization', invocation, attributes), () => step(invocation), (span, answer) => {
      span.setAttribute('apigateway.authorization.outcome', refusedType(answer) ?? 'allowed');
      if (invocation.authorizer) span.setAttribute('apigateway.authorizer.principal_id', invocation.authorizer.principalId);
    });
}

/** API key, throttling and quota (usage-plan-guard.ts) in a `throttle` span. */
export function traceUsage(step: RestStep): RestStep {
  return (invocation) =>
    within(invocation.trace!.step('throttle', invocation), () => step(invocation), (span, answer) => {
      span.setAttribute('apigateway.usage_plan.outcome', refusedType(answer) ?? 'allowed');
      if (invocation.apiKeyId !== undefined) span.setAttribute('apigateway.api_key_id', invocation.apiKeyId);
    });
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
