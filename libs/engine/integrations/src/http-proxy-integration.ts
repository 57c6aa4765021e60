import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { ResponseCloseHook, ResponseSink } from '@portico/gateway-core';
import type { IntegrationSnapshot } from '@portico/contracts';
import { limitBody } from './body-limit.js';
import { proxyRequestHeaders, proxyResponseHeaders } from './forwarded-headers.js';
import { integrationErrorOutcome, INTEGRATION_TIMEOUT_CODE } from './integration-errors.js';
import { PRECISE_TIMEOUT_BELOW_MS } from './integration-timer.js';
import { compileIntegrationUri } from './integration-uri.js';
import { compileRequestParameters, type CompiledRequestParameters } from './request-parameters.js';
import { compileRequestTarget, type RequestTargetBuilder } from './request-target.js';
import type { CompileIntegrationResult, CompiledIntegration, IntegrationOutcome, MethodRequest } from './types.js';
import type { IntegrationCompileContext } from './compile-context.js';
import { integrationDispatcher } from './vpc-link.js';

/** Error code of a client that went away before its answer was complete (the backend request is aborted). */
export const CLIENT_CLOSED_CODE = 'PORTICO_CLIENT_CLOSED';

/**
 * One request forwarded to the backend: undici's dispatch handler, writing the client response as the
 * backend's answer arrives — status and headers as raw arrays into `writeHead`, each body chunk into
 * `res.write` — with no intermediate stream, promise or header object (notes/performance.md: undici's `stream`
 * and `request` APIs cost up to twice the CPU of this). Back-pressure: a chunk the client cannot take yet
 * pauses the backend socket until the response drains. A client that goes away aborts the backend request.
 * Timeouts: below PRECISE_TIMEOUT_BELOW_MS a timer of its own until the headers arrive (undici's timers are
 * coarse), else undici's headers/body timeouts; either is a 504.
 */
class ProxyExchange implements Dispatcher.DispatchHandler, ResponseCloseHook {
  status = 0;
  headersAt = 0;
  responseLength: number | undefined = undefined;
  /** The outcome's promise resolver; cleared once the outcome is given. */
  private settle: ((outcome: IntegrationOutcome) => void) | undefined;
  private abortBackend: ((reason: Error) => void) | undefined;
  /** Why the backend request must stop, when that was decided before undici handed over `abort`. */
  private abortReason: Error | undefined;
  private resumeBackend: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly request: MethodRequest,
    /** The sink's head hook runs once, on the answer's head; the body chunks go straight into node's response. */
    private readonly sink: ResponseSink,
    private readonly startedAt: number,
  ) {
    this.res = sink.res;
  }

  private readonly res: ServerResponse;

  // `new Promise` runs its executor synchronously: a static slot hands it the exchange, so that no closure is
  // made per request.
  private static capturing: ProxyExchange | undefined;
  private static capture(resolve: (outcome: IntegrationOutcome) => void): void {
    ProxyExchange.capturing!.settle = resolve;
    ProxyExchange.capturing = undefined;
  }

  /** The promise of this exchange's outcome (it never rejects). */
  outcome(): Promise<IntegrationOutcome> {
    ProxyExchange.capturing = this;
    return new Promise(ProxyExchange.capture);
  }

  start(timeoutMs: number): void {
    if (timeoutMs < PRECISE_TIMEOUT_BELOW_MS) this.timer = setTimeout(timeOut, timeoutMs, this, timeoutMs);
    // Told on the response's one 'close' listener (the gateway holder's), not a listener of its own.
    this.sink.onClose(this);
  }

  /** The client closed before its answer was complete: the backend request is aborted. */
  onResponseClose(): void {
    this.fail(Object.assign(new Error('the client closed the connection before the response was complete'), { code: CLIENT_CLOSED_CODE }));
  }

  onConnect(abort: (reason?: Error) => void): void {
    if (this.abortReason) abort(this.abortReason);
    else this.abortBackend = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    if (this.timer) clearTimeout(this.timer);
    this.status = statusCode;
    this.headersAt = performance.now();
    this.resumeBackend = resume;
    // A header node refuses throws here; undici turns it into onError (a 502, since nothing was sent yet).
    this.sink.writeHead(statusCode, proxyResponseHeaders(rawHeaders, this.request, this));
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.res.write(chunk)) return true;
    // The client is slower than the backend: hold the backend socket until the response drains (a response
    // that closed instead aborts the exchange, see onResponseClose).
    if (this.resumeBackend) this.res.once('drain', this.resumeBackend);
    return false;
  }

  onComplete(): void {
    this.res.end();
    this.finish({
      kind: 'responded',
      status: this.status,
      integrationStatus: this.status,
      integrationLatencyMs: this.headersAt - this.startedAt,
      responseLength: this.responseLength,
    });
  }

  onError(error: Error): void {
    this.fail(error);
  }

  /**
   * Ends the exchange with `error` now: the backend request is aborted (at once, or as soon as undici connects
   * it) and the pipeline answers the gateway response for it (or cuts a response already started).
   */
  fail(error: Error): void {
    if (!this.settle) return;
    // Settled first: aborting calls onError (and so `fail`) again, synchronously.
    this.finish(integrationErrorOutcome(error, this.status || undefined, (this.headersAt || performance.now()) - this.startedAt));
    if (this.timer) clearTimeout(this.timer);
    if (this.abortBackend) this.abortBackend(error);
    else this.abortReason = error;
  }

  private finish(outcome: IntegrationOutcome): void {
    const settle = this.settle;
    if (!settle) return;
    this.settle = undefined;
    this.sink.onClose(undefined);
    settle(outcome);
  }
}

function timeOut(exchange: ProxyExchange, timeoutMs: number): void {
  exchange.fail(Object.assign(new Error(`integration timed out after ${timeoutMs} ms`), { code: INTEGRATION_TIMEOUT_CODE }));
}

class HttpProxyIntegration implements CompiledIntegration {
  readonly type = 'HTTP_PROXY';

  constructor(
    private readonly target: RequestTargetBuilder,
    private readonly mapped: CompiledRequestParameters,
    /** The origin's pool, or a VPC link's dispatcher over its targets' pools. */
    private readonly pool: Dispatcher,
    /** Undefined: the client's verb (integration httpMethod ANY). */
    private readonly method: string | undefined,
    private readonly timeoutMs: number,
    private readonly apiId: string,
    private readonly maxBodyBytes: number,
  ) {}

  invoke(request: MethodRequest, res: ResponseSink): Promise<IntegrationOutcome> {
    const exchange = new ProxyExchange(request, res, performance.now());
    const outcome = exchange.outcome();
    try {
      let body: Readable | null = request.body ?? null;
      if (body && request.contentLength === undefined) body = limitBody(body, this.maxBodyBytes);
      const options: Dispatcher.DispatchOptions = {
        path: this.target(request),
        method: (this.method ?? request.httpMethod) as Dispatcher.HttpMethod,
        headers: proxyRequestHeaders(request, this.mapped, this.apiId, request.contentLength),
        body,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      };
      exchange.start(this.timeoutMs);
      this.pool.dispatch(options, exchange);
    } catch (error) {
      // Building the request failed (a mapping, undici refusing a header): nothing was sent.
      exchange.fail(error instanceof Error ? error : new Error(String(error)));
    }
    return outcome;
  }
}

export function compileHttpProxyIntegration(integration: IntegrationSnapshot, context: IntegrationCompileContext): CompileIntegrationResult {
  if (!integration.uri) return { ok: false, reason: 'HTTP_PROXY integration has no uri' };
  const uri = compileIntegrationUri(integration.uri, context.stageVariables);
  if (!uri.ok) return uri;
  const mapped = compileRequestParameters(integration.requestParameters, context.stageVariables);
  if (!mapped.ok) return mapped;
  const verb = integration.httpMethod?.toUpperCase();
  const upstream = integrationDispatcher(integration, uri.value, context);
  if (!upstream.ok) return upstream;
  const pool = upstream.dispatcher;
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
