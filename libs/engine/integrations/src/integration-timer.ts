import { INTEGRATION_TIMEOUT_CODE } from './integration-errors.js';

/**
 * undici's own header/body timeouts run on coarse timers (about one second of resolution), which is fine for
 * API Gateway's default 29 s but not for a `timeoutInMillis` of 100. Below this threshold the integration runs
 * a precise timer of its own, paying for an AbortController only on methods that need the precision.
 */
export const PRECISE_TIMEOUT_BELOW_MS = 5_000;

export interface IntegrationTimer {
  readonly signal: AbortSignal;
  clear(): void;
}

function fire(controller: AbortController, timeoutMs: number): void {
  controller.abort(Object.assign(new Error(`integration timed out after ${timeoutMs} ms`), { code: INTEGRATION_TIMEOUT_CODE }));
}

export function startIntegrationTimer(timeoutMs: number): IntegrationTimer | undefined {
  if (timeoutMs >= PRECISE_TIMEOUT_BELOW_MS) return undefined;
  const controller = new AbortController();
  const timer = setTimeout(fire, timeoutMs, controller, timeoutMs);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}
