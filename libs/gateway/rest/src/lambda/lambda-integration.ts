import type { IntegrationSnapshot } from '@portico/contracts';
import type { ResponseSink } from '@portico/gateway-core';
import {
  applyResponseBody,
  compileIntegrationResponses,
  integrationResponseHeaders,
  readRequestBody,
  renderResponseBody,
  templateInput,
  type CompileIntegrationResult,
  type CompiledIntegration,
  type IntegrationOutcome,
  type IntegrationResponseSelector,
  type MethodRequest,
} from '@portico/engine-integrations';
import { compileRequestTemplates, type RequestTemplates } from '@portico/engine-mapping';
import { parseLambdaUri, type BinaryMediaTypes, type FunctionRunner, type FunctionTarget } from '@portico/engine-lambda';
import { invokeFailure } from './invoke-failure.js';
import type { LambdaCompileContext } from './lambda-compile-context.js';

/**
 * AWS (non-proxy) with a Lambda function (spec §2.7): the request template (or the passthrough payload) is the
 * event; the integration response is chosen by `selectionPattern` against the function's `errorMessage` (the
 * empty string when it succeeded, so a `.*` pattern also catches successes, as in AWS); its template renders the
 * result (or the error payload) into the method response. contentHandling applies as AWS applies it to a text
 * integration: CONVERT_TO_TEXT base64-encodes binary request bodies, CONVERT_TO_BINARY decodes the response.
 */
const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

/**
 * The method response body. A Lambda result is text: CONVERT_TO_BINARY decodes it from base64 (not base64 → 500
 * API_CONFIGURATION_ERROR, spec §2.7); CONVERT_TO_TEXT leaves text as it is.
 */
function responseBytes(text: string, contentHandling: 'CONVERT_TO_BINARY' | 'CONVERT_TO_TEXT' | undefined): Buffer | undefined {
  if (contentHandling !== 'CONVERT_TO_BINARY') return Buffer.from(text, 'utf8');
  return BASE64.test(text) ? Buffer.from(text, 'base64') : undefined;
}

class LambdaIntegration implements CompiledIntegration {
  readonly type = 'AWS';

  constructor(
    private readonly target: FunctionTarget,
    private readonly runner: FunctionRunner,
    private readonly templates: RequestTemplates,
    private readonly responses: IntegrationResponseSelector,
    private readonly stageVariables: Readonly<Record<string, string>>,
    private readonly timeoutMs: number,
    private readonly maxBodyBytes: number,
    /** CONVERT_TO_TEXT: a binary request body (per binaryMediaTypes) reaches the template base64-encoded. */
    private readonly binaryToText: BinaryMediaTypes | undefined,
  ) {}

  async invoke(request: MethodRequest, res: ResponseSink): Promise<IntegrationOutcome> {
    const choice = this.templates.choose(request.headers['content-type']);
    if (choice.kind === 'unsupported-media-type') {
      return { kind: 'failed', responseType: 'UNSUPPORTED_MEDIA_TYPE', error: `no request template for ${choice.contentType}` };
    }
    const body = await readRequestBody(request.body, this.maxBodyBytes);
    if (!body) return { kind: 'failed', responseType: 'REQUEST_TOO_LARGE', error: 'request body too large' };
    let payload = this.binaryToText?.matches(request.headers['content-type']) ? body.toString('base64') : body.toString('utf8');
    if (choice.kind === 'template') {
      const rendered = choice.template.render(templateInput(request, payload, this.stageVariables));
      if (!rendered.ok) {
        if (rendered.kind === 'invalid-json') {
          return {
            kind: 'failed',
            responseType: 'BAD_REQUEST_BODY',
            message: `Could not parse request body into json: ${rendered.message}`,
            error: rendered.message,
          };
        }
        return { kind: 'failed', responseType: 'API_CONFIGURATION_ERROR', error: rendered.message };
      }
      payload = rendered.output;
    }
    // Lambda takes a JSON document; an empty payload is the empty event.
    if (payload.trim() === '') payload = '{}';

    const startedAt = performance.now();
    const result = await this.runner.invoke(this.target, payload, { deadline: Date.now() + this.timeoutMs, requestId: request.requestId });
    const integrationLatencyMs = performance.now() - startedAt;
    if (result.kind === 'timeout' || result.kind === 'failed') return invokeFailure(result, integrationLatencyMs);

    const errorMessage = result.kind === 'function-error' ? (result.error.errorMessage ?? '') : '';
    const chosen = this.responses.select(errorMessage);
    if (!chosen) {
      return {
        kind: 'failed',
        responseType: 'API_CONFIGURATION_ERROR',
        error: `no integration response matches ${result.kind === 'function-error' ? `the Lambda error ${JSON.stringify(errorMessage)}` : 'the Lambda result'} and there is no default`,
        integrationStatus: 200,
        integrationLatencyMs,
      };
    }
    const rendered = renderResponseBody(chosen, request, result.payload);
    if (!rendered.ok) {
      return { kind: 'failed', responseType: 'API_CONFIGURATION_ERROR', error: rendered.message, integrationStatus: 200, integrationLatencyMs };
    }
    const headers = applyResponseBody(integrationResponseHeaders(chosen, request, { headers: {}, body: result.payload }), rendered);
    const status = rendered.status ?? chosen.statusCode;
    const text = responseBytes(rendered.text, chosen.contentHandling);
    if (!text) {
      return { kind: 'failed', responseType: 'API_CONFIGURATION_ERROR', error: 'CONVERT_TO_BINARY: the response is not base64', integrationStatus: 200, integrationLatencyMs };
    }
    headers['content-length'] = text.length;
    headers['X-Amzn-Trace-Id'] = request.traceId;
    res.send(status, headers, text);
    return { kind: 'responded', status, integrationStatus: 200, integrationLatencyMs, responseLength: text.length };
  }
}

export function compileLambdaIntegration(integration: IntegrationSnapshot, context: LambdaCompileContext): CompileIntegrationResult {
  if (!integration.uri) return { ok: false, reason: 'AWS integration has no uri' };
  if (!/^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:lambda:path\//.test(integration.uri)) {
    return { ok: false, reason: `AWS integrations are supported for Lambda functions only, not ${integration.uri}` };
  }
  const target = parseLambdaUri(integration.uri, context.stageVariables);
  if (!target.ok) return target;
  const templates = compileRequestTemplates(integration.requestTemplates, integration.passthroughBehavior);
  if (!templates.ok) return { ok: false, reason: `request ${templates.reason}` };
  const responses = compileIntegrationResponses(integration.integrationResponses, context.stageVariables);
  if (!responses.ok) return responses;
  return {
    ok: true,
    integration: new LambdaIntegration(
      target.target,
      context.runner,
      templates.value,
      responses.value,
      context.stageVariables,
      integration.timeoutInMillis,
      context.maxBodyBytes,
      integration.contentHandling === 'CONVERT_TO_TEXT' ? context.binaryMediaTypes : undefined,
    ),
  };
}
