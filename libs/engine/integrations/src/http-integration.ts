import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { Dispatcher, Pool } from 'undici';
import type { IntegrationSnapshot } from '@portico/contracts';
import { limitBody } from './body-limit.js';
import type { IntegrationCompileContext } from './compile-context.js';
import { httpRequestHeaders } from './forwarded-headers.js';
import { classifyIntegrationError } from './integration-errors.js';
import { startIntegrationTimer } from './integration-timer.js';
import { integrationResponseHeaders } from './integration-response-headers.js';
import { compileIntegrationResponses, type IntegrationResponseSelector } from './integration-responses.js';
import { compileIntegrationUri } from './integration-uri.js';
import { compileRequestParameters, type CompiledRequestParameters } from './request-parameters.js';
import { compileRequestTarget, type RequestTargetBuilder } from './request-target.js';
import type { CompileIntegrationResult, CompiledIntegration, IntegrationOutcome, MethodRequest } from './types.js';

/**
 * HTTP (non-proxy): mapped parameters only, the body passed through (mapping templates are not supported yet,
 * so passthrough is the only behaviour; NEVER therefore always answers 415), and the method response chosen
 * among the integration responses by the backend's status code.
 */
class HttpIntegration implements CompiledIntegration {
  readonly type = 'HTTP';

  constructor(
    private readonly target: RequestTargetBuilder,
    private readonly mapped: CompiledRequestParameters,
    private readonly responses: IntegrationResponseSelector,
    private readonly pool: Pool,
    private readonly method: string | undefined,
    private readonly timeoutMs: number,
    private readonly apiId: string,
    private readonly maxBodyBytes: number,
    private readonly rejectEveryContentType: boolean,
  ) {}

  async invoke(request: MethodRequest, res: ServerResponse): Promise<IntegrationOutcome> {
    if (this.rejectEveryContentType) {
      return { kind: 'failed', responseType: 'UNSUPPORTED_MEDIA_TYPE', error: 'passthroughBehavior NEVER and no request template matches' };
    }
    const startedAt = performance.now();
    let integrationStatus: number | undefined;
    let headersAt = 0;
    const timer = startIntegrationTimer(this.timeoutMs);
    try {
      let body: Readable | undefined = request.body;
      if (body && request.contentLength === undefined) body = limitBody(body, this.maxBodyBytes);
      const options: Dispatcher.RequestOptions = {
        path: this.target(request),
        method: (this.method ?? request.httpMethod) as Dispatcher.HttpMethod,
        headers: httpRequestHeaders(request, this.mapped, this.apiId, request.contentLength),
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
      const text = chosen.needsBody || chosen.body ? await response.body.text() : undefined;
      const headers = integrationResponseHeaders(chosen, request, { headers: response.headers, body: text });
      if (chosen.body) {
        res.writeHead(chosen.statusCode, headers);
        res.end(chosen.body.text);
      } else if (text !== undefined) {
        res.writeHead(chosen.statusCode, headers);
        res.end(text);
      } else {
        const length = response.headers['content-length'];
        if (typeof length === 'string') headers['content-length'] = length;
        res.writeHead(chosen.statusCode, headers);
        await pipeline(response.body, res);
      }
      return { kind: 'responded', status: chosen.statusCode, integrationStatus, integrationLatencyMs: headersAt - startedAt };
    } catch (error) {
      timer?.clear();
      if (res.headersSent) res.destroy();
      const rule = classifyIntegrationError(error);
      return {
        kind: 'failed',
        responseType: rule.responseType,
        statusCode: rule.statusCode,
        error: `${rule.code ?? 'error'}: ${error instanceof Error ? error.message : String(error)}`,
        integrationStatus,
        integrationLatencyMs: (headersAt || performance.now()) - startedAt,
      };
    }
  }
}

export function compileHttpIntegration(integration: IntegrationSnapshot, context: IntegrationCompileContext): CompileIntegrationResult {
  if (!integration.uri) return { ok: false, reason: 'HTTP integration has no uri' };
  if (Object.keys(integration.requestTemplates).length > 0) {
    return { ok: false, reason: 'request mapping templates are not supported yet for HTTP integrations' };
  }
  const uri = compileIntegrationUri(integration.uri, context.stageVariables);
  if (!uri.ok) return uri;
  const mapped = compileRequestParameters(integration.requestParameters, context.stageVariables);
  if (!mapped.ok) return mapped;
  const responses = compileIntegrationResponses(integration.integrationResponses, context.stageVariables);
  if (!responses.ok) return responses;
  const verb = integration.httpMethod?.toUpperCase();
  const pool = context.lease.pool(uri.value.origin, integration.tlsConfig?.insecureSkipVerification === true);
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
      // With no templates at all, WHEN_NO_MATCH and WHEN_NO_TEMPLATES pass the body through; NEVER rejects.
      integration.passthroughBehavior === 'NEVER',
    ),
  };
}
