import type { IntegrationOutcome } from '@portico/engine-integrations';
import type { InvokeResult } from '@portico/engine-lambda';

/**
 * A function that did not answer (spec §2.9): the integration timeout is 504 "Endpoint request timed out"; a
 * function that cannot be invoked is 500 when the configuration is at fault (no such function, no permission),
 * else 502.
 */
export function invokeFailure(result: InvokeResult & { kind: 'timeout' | 'failed' }, integrationLatencyMs: number): IntegrationOutcome {
  if (result.kind === 'timeout') {
    return { kind: 'failed', responseType: 'INTEGRATION_TIMEOUT', statusCode: 504, error: result.message, integrationLatencyMs };
  }
  return {
    kind: 'failed',
    responseType: result.status === 500 ? 'API_CONFIGURATION_ERROR' : 'INTEGRATION_FAILURE',
    statusCode: result.status,
    error: result.message,
    integrationLatencyMs,
  };
}
