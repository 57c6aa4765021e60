import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Readable, Writable } from 'node:stream';
import type { Dispatcher, Pool } from 'undici';
import type { IntegrationSnapshot } from '@portico/contracts';
import { limitBody } from './body-limit.js';
import { proxyRequestHeaders, proxyResponseHeaders } from './forwarded-headers.js';
import { integrationErrorOutcome } from './integration-errors.js';
import { compileIntegrationUri } from './integration-uri.js';
import { compileRequestParameters, type CompiledRequestParameters } from './request-parameters.js';
import { compileRequestTarget, type RequestTargetBuilder } from './request-target.js';
import type { CompileIntegrationResult, CompiledIntegration, IntegrationOutcome, MethodRequest } from './types.js';
import type { IntegrationCompileContext } from './compile-context.js';
import { startIntegrationTimer, type IntegrationTimer } from './integration-timer.js';

/** Per-request state handed to undici as `opaque`, so the response factory below is one shared function. */
interface ProxyExchange {
  readonly request: MethodRequest;
  readonly res: ServerResponse;
  readonly startedAt: number;
  status: number;
  headersAt: number;
  timer: IntegrationTimer | undefined;
  responseLength: number | undefined;
}

function writeProxyHead(data: { statusCode: number; headers: IncomingHttpHeaders; opaque: ProxyExchange }): Writable {
  const exchange = data.opaque;
  exchange.status = data.statusCode;
  exchange.headersAt = performance.now();
  exchange.timer?.clear();
  const length = data.headers['content-length'];
  if (typeof length === 'string') exchange.responseLength = Number(length);
  exchange.res.writeHead(data.statusCode, proxyResponseHeaders(data.headers, exchange.request));
  return exchange.res;
}

class HttpProxyIntegration implements CompiledIntegration {
  readonly type = 'HTTP_PROXY';

  constructor(
    private readonly target: RequestTargetBuilder,
    private readonly mapped: CompiledRequestParameters,
    private readonly pool: Pool,
    /** Undefined: the client's verb (integration httpMethod ANY). */
    private readonly method: string | undefined,
    private readonly timeoutMs: number,
    private readonly apiId: string,
    private readonly maxBodyBytes: number,
  ) {}

  async invoke(request: MethodRequest, res: ServerResponse): Promise<IntegrationOutcome> {
    const exchange: ProxyExchange = { request, res, startedAt: performance.now(), status: 0, headersAt: 0, responseLength: undefined, timer: startIntegrationTimer(this.timeoutMs) };
    try {
      let body: Readable | undefined = request.body;
      if (body && request.contentLength === undefined) body = limitBody(body, this.maxBodyBytes);
      const options: Dispatcher.RequestOptions<ProxyExchange> = {
        path: this.target(request),
        method: (this.method ?? request.httpMethod) as Dispatcher.HttpMethod,
        headers: proxyRequestHeaders(request, this.mapped, this.apiId, request.contentLength),
        body,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        opaque: exchange,
        signal: exchange.timer?.signal,
      };
      await this.pool.stream(options, writeProxyHead);
      return {
        kind: 'responded',
        status: exchange.status,
        integrationStatus: exchange.status,
        integrationLatencyMs: exchange.headersAt - exchange.startedAt,
        responseLength: exchange.responseLength,
      };
    } catch (error) {
      exchange.timer?.clear();
      return integrationErrorOutcome(error, exchange.status || undefined, (exchange.headersAt || performance.now()) - exchange.startedAt);
    }
  }
}

export function compileHttpProxyIntegration(integration: IntegrationSnapshot, context: IntegrationCompileContext): CompileIntegrationResult {
  if (!integration.uri) return { ok: false, reason: 'HTTP_PROXY integration has no uri' };
  const uri = compileIntegrationUri(integration.uri, context.stageVariables);
  if (!uri.ok) return uri;
  const mapped = compileRequestParameters(integration.requestParameters, context.stageVariables);
  if (!mapped.ok) return mapped;
  const verb = integration.httpMethod?.toUpperCase();
  const pool = context.lease.pool(uri.value.origin, integration.tlsConfig?.insecureSkipVerification === true);
  return {
    ok: true,
    integration: new HttpProxyIntegration(
      compileRequestTarget(uri.value, mapped.value, true),
      mapped.value,
      pool,
      verb === undefined || verb === 'ANY' ? undefined : verb,
      integration.timeoutInMillis,
      context.apiId,
      context.maxBodyBytes,
    ),
  };
}
