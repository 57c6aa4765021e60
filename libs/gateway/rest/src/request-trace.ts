import type { IncomingHttpHeaders } from 'node:http';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type TextMapGetter, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { GatewayRequest } from '@portico/gateway-core';

/** What the spans read of a request (an `Invocation`; named here so that the invocation can hold its trace). */
export interface TracedRequest extends Pick<GatewayRequest, 'headers' | 'httpMethod' | 'req' | 'protocol' | 'sourceIp' | 'requestId' | 'status'> {
  readonly apiId: string | undefined;
  readonly stage: { readonly stageName: string; readonly deploymentId: string } | undefined;
  readonly resourceId: string | undefined;
  readonly resourcePath: string | undefined;
  readonly errorType: string | undefined;
}

/** The request path's child spans, named for the pipeline's steps. */
export type TracedStep = 'authorization' | 'throttle' | 'integration';

const propagator = new W3CTraceContextPropagator();

const headerGetter: TextMapGetter<IncomingHttpHeaders> = {
  keys: (headers) => Object.keys(headers),
  get: (headers, key) => headers[key],
};

const headerSetter = {
  set(carrier: string[], key: string, value: string): void {
    carrier.push(key, value);
  },
};

/**
 * One request's spans (tracing on only): a SERVER span for the request, continuing the client's `traceparent`
 * when it sent a valid one, and below it `route` then one span per step that ran. Built by `RequestTracer` when
 * the gateway was compiled with a tracer; with tracing off no request ever has one.
 */
export class RequestTrace {
  private readonly parent: Context;
  private route: Span | undefined;

  constructor(
    private readonly tracer: Tracer,
    readonly span: Span,
    parent: Context,
  ) {
    this.parent = trace.setSpan(parent, span);
    // Routing (resolving the API and stage, the payload limit, matching the resource) runs from the request's start
    // to the first step; it has no await, so its span is closed by whichever comes first: a step or the answer.
    this.route = tracer.startSpan('route', { kind: SpanKind.INTERNAL }, this.parent);
  }

  /** Opens a step's span (closing the route span first: the steps run after routing). */
  step(name: TracedStep, invocation: TracedRequest, attributes?: Attributes): Span {
    if (this.route) this.endRoute(invocation);
    return this.tracer.startSpan(name, { kind: name === 'integration' ? SpanKind.CLIENT : SpanKind.INTERNAL, attributes }, this.parent);
  }

  /** `traceparent` (and `tracestate`) naming `span`, as raw header pairs for the backend. */
  headers(span: Span): string[] {
    const out: string[] = [];
    propagator.inject(trace.setSpan(this.parent, span), out, headerSetter);
    return out;
  }

  /** Closes the request span with what the request turned out to be (route, stage, status). */
  end(invocation: TracedRequest): void {
    if (this.route) this.endRoute(invocation);
    const span = this.span;
    const attributes: Attributes = { 'http.response.status_code': invocation.status };
    if (invocation.apiId !== undefined) attributes['apigateway.api_id'] = invocation.apiId;
    if (invocation.stage) {
      attributes['apigateway.stage'] = invocation.stage.stageName;
      attributes['apigateway.deployment_id'] = invocation.stage.deploymentId;
    }
    if (invocation.resourcePath !== undefined) {
      attributes['http.route'] = invocation.resourcePath;
      attributes['apigateway.resource_id'] = invocation.resourceId;
      span.updateName(`${invocation.httpMethod} ${invocation.resourcePath}`);
    }
    if (invocation.errorType !== undefined) attributes['error.type'] = invocation.errorType;
    span.setAttributes(attributes);
    // OpenTelemetry's HTTP conventions: a server span is an error for 5xx only (4xx are the client's).
    if (invocation.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  }

  private endRoute(invocation: TracedRequest): void {
    const route = this.route;
    if (!route) return;
    this.route = undefined;
    if (invocation.resourcePath !== undefined) route.setAttributes({ 'http.route': invocation.resourcePath, 'apigateway.resource_id': invocation.resourceId });
    route.end();
  }
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** Starts request traces from the data plane's tracer (one per process, from `OTEL_*` settings). */
export class RequestTracer {
  constructor(private readonly tracer: Tracer) {}

  start(invocation: TracedRequest): RequestTrace {
    // An invalid or absent traceparent leaves the root context: the request starts a new trace.
    const parent = propagator.extract(ROOT_CONTEXT, invocation.headers, headerGetter);
    const span = this.tracer.startSpan(
      invocation.httpMethod,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': invocation.httpMethod,
          'url.path': pathOf(invocation.req.url ?? '/'),
          'url.scheme': invocation.protocol,
          'client.address': invocation.sourceIp,
          'apigateway.request_id': invocation.requestId,
        },
      },
      parent,
    );
    return new RequestTrace(this.tracer, span, parent);
  }
}
