import type { OutgoingHttpHeaders } from 'node:http';
import type { CompiledIntegrationResponse } from './integration-responses.js';
import type { IntegrationResponseView } from './parameter-source.js';
import type { MethodRequest } from './types.js';

/** Headers of a non-proxy method response: the chosen integration response's mappings over the defaults. */
export function integrationResponseHeaders(
  chosen: CompiledIntegrationResponse,
  request: MethodRequest,
  view: IntegrationResponseView | undefined,
): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = { 'content-type': chosen.body?.contentType ?? 'application/json' };
  for (const [name, source] of chosen.headers) {
    const value = source(request, view);
    if (value !== undefined) out[name] = typeof value === 'string' ? value : [...value];
  }
  out['x-amzn-RequestId'] = request.requestId;
  out['x-amz-apigw-id'] = request.extendedRequestId;
  return out;
}
