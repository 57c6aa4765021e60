import type { ResponseSink } from '@portico/gateway-core';
import type { IntegrationSnapshot } from '@portico/contracts';
import { compileRequestTemplates, type RequestTemplates } from '@portico/engine-mapping';
import type { IntegrationCompileContext } from './compile-context.js';
import { integrationResponseHeaders } from './integration-response-headers.js';
import { compileIntegrationResponses, type IntegrationResponseSelector } from './integration-responses.js';
import { parseMockStatusCode } from './mock-status.js';
import { readRequestBody } from './request-text.js';
import { applyResponseBody, renderResponseBody } from './response-body.js';
import { convertResponseText, requestPayloadText } from './content-handling.js';
import { requestTemplateFailure } from './template-outcomes.js';
import { templateInput } from './template-input.js';
import type { CompileIntegrationResult, CompiledIntegration, IntegrationOutcome, MethodRequest } from './types.js';

/**
 * MOCK: no backend. The request template (chosen by the request's Content-Type, default application/json; VTL or
 * static) must yield a JSON object with an integer `statusCode`; that status selects the integration response,
 * whose mappings and template make the answer (`$input` is the empty payload there). Without templates: 200.
 */
class MockIntegration implements CompiledIntegration {
  readonly type = 'MOCK';

  constructor(
    private readonly templates: RequestTemplates,
    private readonly responses: IntegrationResponseSelector,
    private readonly stageVariables: Readonly<Record<string, string>>,
    private readonly maxBodyBytes: number,
    /** CONVERT_TO_TEXT: a binary request body (per binaryMediaTypes) reaches the template base64-encoded. */
    private readonly binaryToText: { matches(contentType: string | undefined): boolean } | undefined,
  ) {}

  async invoke(request: MethodRequest, res: ResponseSink): Promise<IntegrationOutcome> {
    let status: number | undefined = 200;
    if (!this.templates.empty) {
      const choice = this.templates.choose(request.headers['content-type']);
      if (choice.kind === 'unsupported-media-type') {
        return { kind: 'failed', responseType: 'UNSUPPORTED_MEDIA_TYPE', error: `no request template for ${choice.contentType}` };
      }
      const bytes = await readRequestBody(request.body, this.maxBodyBytes);
      if (bytes === undefined) return { kind: 'failed', responseType: 'REQUEST_TOO_LARGE', error: 'request body too large' };
      const payload = requestPayloadText(bytes, request.headers['content-type'], this.binaryToText);
      let output = payload;
      if (choice.kind === 'template') {
        const rendered = choice.template.render(templateInput(request, payload, this.stageVariables));
        if (!rendered.ok) return requestTemplateFailure(rendered);
        output = rendered.output;
      }
      status = parseMockStatusCode(output);
    }
    if (status === undefined) {
      return { kind: 'failed', responseType: 'API_CONFIGURATION_ERROR', error: 'MOCK request template output has no valid statusCode' };
    }
    const chosen = this.responses.select(String(status));
    if (!chosen) {
      return { kind: 'failed', responseType: 'API_CONFIGURATION_ERROR', error: `no integration response matches status ${status}` };
    }
    const body = renderResponseBody(chosen, request, '');
    if (!body.ok) return { kind: 'failed', responseType: 'API_CONFIGURATION_ERROR', error: body.message };
    const text = chosen.templates || chosen.body ? body.text : '';
    const headers = integrationResponseHeaders(chosen, request, { headers: {} });
    if (chosen.templates) applyResponseBody(headers, body);
    const answered = body.status ?? chosen.statusCode;
    const converted = convertResponseText(text, chosen.contentHandling);
    if (converted === undefined) return { kind: 'failed', responseType: 'API_CONFIGURATION_ERROR', error: 'CONVERT_TO_BINARY: the response is not base64' };
    if (typeof converted !== 'string') headers['content-length'] = converted.length;
    res.send(answered, headers, converted);
    return { kind: 'responded', status: answered, responseLength: typeof converted === 'string' ? Buffer.byteLength(converted) : converted.length };
  }
}

/** MOCK has no integration response to read from. */
function unmappableResponseParameter(integration: IntegrationSnapshot): string | undefined {
  for (const response of Object.values(integration.integrationResponses)) {
    for (const expression of Object.values(response.responseParameters)) {
      if (expression.trim().startsWith('integration.response.')) return `MOCK integration responses cannot map ${expression}`;
    }
  }
  return undefined;
}

export function compileMockIntegration(integration: IntegrationSnapshot, context: IntegrationCompileContext): CompileIntegrationResult {
  const templates = compileRequestTemplates(integration.requestTemplates, integration.passthroughBehavior);
  if (!templates.ok) return { ok: false, reason: `request ${templates.reason}` };
  const responses = compileIntegrationResponses(integration.integrationResponses, context.stageVariables);
  if (!responses.ok) return responses;
  const refusal = unmappableResponseParameter(integration);
  if (refusal) return { ok: false, reason: refusal };
  const binaryToText = integration.contentHandling === 'CONVERT_TO_TEXT' ? context.binaryMediaTypes : undefined;
  return { ok: true, integration: new MockIntegration(templates.value, responses.value, context.stageVariables, context.maxBodyBytes, binaryToText) };
}

