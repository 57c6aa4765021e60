import type { RenderResult } from '@portico/engine-mapping';
import type { IntegrationOutcome } from './types.js';

/**
 * A request template that failed to render: a payload the template reads as JSON but is not JSON is the
 * client's fault (400 BAD_REQUEST_BODY with AWS's "Could not parse request body into json" text); any other
 * failure is the API's (500).
 */
export function requestTemplateFailure(result: RenderResult & { ok: false }): IntegrationOutcome {
  if (result.kind === 'invalid-json') {
    return { kind: 'failed', responseType: 'BAD_REQUEST_BODY', message: `Could not parse request body into json: ${result.message}`, error: result.message };
  }
  return { kind: 'failed', responseType: 'API_CONFIGURATION_ERROR', error: result.message };
}
