import type { ResponseSink } from '@portico/gateway-core';
import type { OutgoingHttpHeaders } from 'node:http';
import { unescape as unescapeQuery } from 'node:querystring';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { IntegrationSnapshot } from '@portico/contracts';
import { compileRequestTemplates, type RequestTemplates } from '@portico/engine-mapping';
import { limitBody } from './body-limit.js';
import type { IntegrationCompileContext } from './compile-context.js';
import { httpRequestHeaders } from './forwarded-headers.js';
import { integrationErrorOutcome } from './integration-errors.js';
import { startIntegrationTimer } from './integration-timer.js';
import { integrationResponseHeaders } from './integration-response-headers.js';
import { compileIntegrationResponses, type IntegrationResponseSelector } from './integration-responses.js';
import { compileIntegrationUri } from './integration-uri.js';
import { compileRequestParameters, type CompiledRequestParameters } from './request-parameters.js';
import { compileRequestTarget, type RequestTargetBuilder } from './request-target.js';
import { readRequestBody } from './request-text.js';
import { convertResponseText, payloadText, requestPayloadText } from './content-handling.js';
import { applyResponseBody, renderResponseBody } from './response-body.js';
import { requestTemplateFailure } from './template-outcomes.js';
import { templateInput } from './template-input.js';
import type { CompileIntegrationResult, CompiledIntegration, IntegrationOutcome, MethodRequest } from './types.js';
import { integrationDispatcher } from './vpc-link.js';

/**
 * HTTP (non-proxy): mapped parameters only, the body rendered by the request template chosen by Content-Type (or
 * passed through, per passthroughBehavior), and the method response chosen among the integration responses by
 * the backend's status code, its body rendered by that response's template.
 */
/** `$context.requestOverride.querystring.x` replaces query parameter x of the integration request. */
function withQueryOverrides(target: string, overrides: Readonly<Record<string, string>>): string {
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const pairs = q < 0 ? [] : target.slice(q + 1).split('&');
  const kept = pairs.filter((pair) => {
    const eq = pair.indexOf('=');
    const name = unescapeQuery((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
    return pair !== '' && !Object.prototype.hasOwnProperty.call(overrides, name);
  });
  for (const [name, value] of Object.entries(overrides)) kept.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  return kept.length === 0 ? path : `${path}?${kept.join('&')}`;
}

/** `$context.requestOverride.header.X` replaces header X of the integration request. */
function withOverrides(headers: string[], overrides: Readonly<Record<string, string>>): string[] {
  const names = new Set(Object.keys(overrides).map((n) => n.toLowerCase()));
  const out: string[] = [];
  for (let i = 0; i < headers.length; i += 2) if (!names.has(headers[i].toLowerCase())) out.push(headers[i], headers[i + 1]);
  for (const [name, value] of Object.entries(overrides)) out.push(name, value);
  return out;
}

class HttpIntegration implements CompiledIntegration {
  readonly type = 'HTTP';

  constructor(
    private readonly target: RequestTargetBuilder,
    private readonly mapped: CompiledRequestParameters,
    private readonly responses: IntegrationResponseSelector,
    /** The origin's pool, or a VPC link's dispatcher over its targets' pools. */
    private readonly pool: Dispatcher,
    private readonly method: string | undefined,
    private readonly timeoutMs: number,
    private readonly apiId: string,
    private readonly maxBodyBytes: number,
    private readonly templates: RequestTemplates,
    private readonly stageVariables: Readonly<Record<string, string>>,
    /** CONVERT_TO_TEXT: a binary request body (per binaryMediaTypes) reaches the template base64-encoded. */
    private readonly binaryToText: { matches(contentType: string | undefined): boolean } | undefined,
  ) {}

  async invoke(request: MethodRequest, res: ResponseSink): Promise<IntegrationOutcome> {
    const choice = this.templates.choose(request.headers['content-type']);
    if (choice.kind === 'unsupported-media-type') {
      return { kind: 'failed', responseType: 'UNSUPPORTED_MEDIA_TYPE', error: `no request template for ${choice.contentType}` };
    }
    let rendered: string | undefined;
    let overrideHeaders: Readonly<Record<string, string>> | undefined;
    let overrideQuery: Readonly<Record<string, string>> | undefined;
    if (choice.kind === 'template') {
      const bytes = await readRequestBody(request.body, this.maxBodyBytes);
      if (bytes === undefined) return { kind: 'failed', responseType: 'REQUEST_TOO_LARGE', error: 'request body too large' };
      const payload = requestPayloadText(bytes, request.headers['content-type'], this.binaryToText);
      const result = choice.template.render(templateInput(request, payload, this.stageVariables));
      if (!result.ok) return requestTemplateFailure(result);
      rendered = result.output;
      overrideHeaders = result.overrides?.requestHeaders;
      overrideQuery = result.overrides?.requestQuerystring;
    }
    const startedAt = performance.now();
    let integrationStatus: number | undefined;
    let headersAt = 0;
    const timer = startIntegrationTimer(this.timeoutMs);
    try {
      let body: Readable | string | undefined = request.body;
      let contentLength = request.contentLength;
      if (rendered !== undefined) {
        body = rendered;
        contentLength = Buffer.byteLength(rendered);
      } else if (body && contentLength === undefined) {
        body = limitBody(body, this.maxBodyBytes);
      }
      let requestHeaders = httpRequestHeaders(request, this.mapped, this.apiId, contentLength);
      if (overrideHeaders) requestHeaders = withOverrides(requestHeaders, overrideHeaders);
      const options: Dispatcher.RequestOptions = {
        path: overrideQuery && Object.keys(overrideQuery).length > 0 ? withQueryOverrides(this.target(request), overrideQuery) : this.target(request),
        method: (this.method ?? request.httpMethod) as Dispatcher.HttpMethod,
        headers: requestHeaders,
        body,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        signal: timer?.signal,
      };
      const response = await this.pool.request(options);
      headersAt = performance.now();
      timer?.clear();
      integrationStatus = response.statusCode;
      const chosen = this.responses.select(String(response.statusCode));
      if (!chosen) {
        await response.body.dump();
        return {
          kind: 'failed',
          responseType: 'API_CONFIGURATION_ERROR',
          error: `no integration response matches backend status ${response.statusCode} and there is no default`,
          integrationStatus,
          integrationLatencyMs: headersAt - startedAt,
        };
      }
      // contentHandling reads the payload whole: CONVERT_TO_TEXT base64-encodes it, CONVERT_TO_BINARY decodes the answer.
      const handling = chosen.contentHandling;
      const text =
        chosen.needsBody || chosen.body || handling ? payloadText(Buffer.from(await response.body.arrayBuffer()), handling) : undefined;
      const headers = integrationResponseHeaders(chosen, request, { headers: response.headers, body: text });
      if (chosen.templates) {
        const out = renderResponseBody(chosen, request, text ?? '');
        if (!out.ok) {
          return { kind: 'failed', responseType: 'API_CONFIGURATION_ERROR', error: out.message, integrationStatus, integrationLatencyMs: headersAt - startedAt };
        }
        const status = out.status ?? chosen.statusCode;
        const converted = convertResponseText(out.text, handling);
        if (converted === undefined) return notBase64(integrationStatus, headersAt - startedAt);
        res.send(status, withLength(applyResponseBody(headers, out), converted), converted);
        return { kind: 'responded', status, integrationStatus, integrationLatencyMs: headersAt - startedAt };
      }
      const whole = chosen.body ? chosen.body.text : text;
      if (whole !== undefined) {
        const converted = convertResponseText(whole, handling);
        if (converted === undefined) return notBase64(integrationStatus, headersAt - startedAt);
        res.send(chosen.statusCode, withLength(headers, converted), converted);
      } else {
        const length = response.headers['content-length'];
        if (typeof length === 'string') headers['content-length'] = length;
        // Streamed: decorators see the head; the body goes straight into node's response. A client already gone
        // gets nothing, and the backend's body is dumped (since Node 24 piping into a destroyed response throws
        // without touching the source, which would hold the backend connection until its body timeout; undici's
        // `destroy()` of a body would emit an unhandled error).
        const out = res.writeHead(chosen.statusCode, headers);
        if (out.destroyed) await response.body.dump();
        else await pipeline(response.body, out);
      }
      return { kind: 'responded', status: chosen.statusCode, integrationStatus, integrationLatencyMs: headersAt - startedAt };
    } catch (error) {
      timer?.clear();
      if (res.headersSent) res.destroy();
      return integrationErrorOutcome(error, integrationStatus, (headersAt || performance.now()) - startedAt);
    }
  }
}

function notBase64(integrationStatus: number | undefined, integrationLatencyMs: number): IntegrationOutcome {
  return { kind: 'failed', responseType: 'API_CONFIGURATION_ERROR', error: 'CONVERT_TO_BINARY: the response is not base64', integrationStatus, integrationLatencyMs };
}

/** A converted (binary) body gets its own length; text keeps what node computes. */
function withLength(headers: OutgoingHttpHeaders, body: string | Buffer): OutgoingHttpHeaders {
  if (typeof body !== 'string') headers['content-length'] = body.length;
  return headers;
}

export function compileHttpIntegration(integration: IntegrationSnapshot, context: IntegrationCompileContext): CompileIntegrationResult {
  if (!integration.uri) return { ok: false, reason: 'HTTP integration has no uri' };
  const templates = compileRequestTemplates(integration.requestTemplates, integration.passthroughBehavior);
  if (!templates.ok) return { ok: false, reason: `request ${templates.reason}` };
  const uri = compileIntegrationUri(integration.uri, context.stageVariables);
  if (!uri.ok) return uri;
  const mapped = compileRequestParameters(integration.requestParameters, context.stageVariables);
  if (!mapped.ok) return mapped;
  const responses = compileIntegrationResponses(integration.integrationResponses, context.stageVariables);
  if (!responses.ok) return responses;
  const verb = integration.httpMethod?.toUpperCase();
  const upstream = integrationDispatcher(integration, uri.value, context);
  if (!upstream.ok) return upstream;
  const pool = upstream.dispatcher;
  return {
    ok: true,
    integration: new HttpIntegration(
      compileRequestTarget(uri.value, mapped.value, false),
      mapped.value,
      responses.value,
      pool,
      verb === undefined || verb === 'ANY' ? undefined : verb,
      integration.timeoutInMillis,
      context.apiId,
      context.maxBodyBytes,
      templates.value,
      context.stageVariables,
      integration.contentHandling === 'CONVERT_TO_TEXT' ? context.binaryMediaTypes : undefined,
    ),
  };
}
