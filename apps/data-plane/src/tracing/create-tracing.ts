import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { RequestTracer } from '@portico/gateway-rest';

/** The data plane's OpenTelemetry tracing, when configured (`DataPlaneConfig.tracing`). */
export interface Tracing {
  readonly tracer: RequestTracer;
  /** Exports the spans still queued, then stops the exporter (at shutdown, after the last request). */
  close(): Promise<void>;
}

const SERVICE_NAME = 'portico-data-plane';

/**
 * Tracing over OTLP/HTTP (JSON). The OpenTelemetry SDK reads its own standard variables (OTEL_EXPORTER_OTLP_*
 * endpoint, headers, timeout and compression; OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES; OTEL_TRACES_SAMPLER[_ARG];
 * OTEL_BSP_*): config.ts only decides whether tracing is on, and the SDK is the one place that parses the rest, as
 * every OpenTelemetry deployment expects. The provider is not registered globally: the gateway gets its tracer
 * explicitly, so nothing else in the process starts spans by accident.
 */
export function createTracing(): Tracing {
  // Later resources win: the service name defaults to the data plane's, OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES override it.
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': SERVICE_NAME }))
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new BasicTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())] });
  return {
    tracer: new RequestTracer(provider.getTracer(SERVICE_NAME)),
    close: () => provider.shutdown(),
  };
}
