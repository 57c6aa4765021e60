import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { GatewayResponseType } from '@portico/contracts';
import type { ResponseSink } from '@portico/gateway-core';

/**
 * The method request as integrations see it: the client's request after routing. The data-plane pipeline
 * implements it over node's IncomingMessage; everything that costs something (query parsing, `$context`
 * values) is computed on demand.
 */
export interface MethodRequest {
  /** The verb the client used (after X-HTTP-Method-Override). */
  readonly httpMethod: string;
  /** Raw query string without `?`; `''` when there is none. */
  readonly rawQuery: string;
  /** node's parsed headers (lower-case names; duplicates joined as node joins them). */
  readonly headers: IncomingHttpHeaders;
  /** node's raw header list: `[name, value, name, value, …]` as received. */
  readonly rawHeaders: readonly string[];
  /** Raw (not url-decoded) path parameters of the matched resource. */
  readonly pathParameters: Readonly<Record<string, string>>;
  /** The request body, streamed; undefined when the request carries none. */
  readonly body: Readable | undefined;
  /** Declared Content-Length, when the client sent one. */
  readonly contentLength: number | undefined;
  readonly sourceIp: string;
  /** `http` or `https`, as the client reached the gateway. */
  readonly protocol: string;
  /** The port the client connected to. */
  readonly port: number;
  readonly requestId: string;
  /** `$context.extendedRequestId`, sent as `x-amz-apigw-id`. */
  readonly extendedRequestId: string;
  /** `X-Amzn-Trace-Id` to send to the backend. */
  readonly traceId: string;
  /**
   * W3C trace context (`traceparent`, then `tracestate` when there is one) naming the integration's span, set only
   * when the data plane traces; HTTP backends get it instead of the client's. Undefined with tracing off.
   */
  readonly traceHeaders?: readonly string[];
  /**
   * False: an HTTP_PROXY answer gets no `x-amzn-RequestId` / `x-amz-apigw-id` (REST's request ids; HTTP APIs send
   * their own `apigw-requestid` instead). Default true.
   */
  readonly restRequestIds?: boolean;
  /** Decoded query string values by name (multi-value preserved); parsed once, on first use. */
  queryValues(name: string): readonly string[] | undefined;
  /** `$context.<name>` for the current request (`requestId`, `identity.sourceIp`, …); undefined when unset. */
  contextValue(name: string): string | undefined;
  /** `requestContext.authorizer` of a Lambda proxy event, when an authorizer allowed the request (spec §3.4–3.5). */
  authorizerEventContext?(): Readonly<Record<string, unknown>> | undefined;
}

export type IntegrationOutcome =
  /** The integration wrote the response (status and headers at least) into the sink. */
  | {
      readonly kind: 'responded';
      readonly status: number;
      readonly integrationStatus?: number;
      readonly integrationLatencyMs?: number;
      readonly responseLength?: number;
    }
  /**
   * The gateway must answer with a gateway response of `responseType`. `statusCode` is the status AWS uses in
   * this situation when the API has not customised the type (e.g. 502 for a reset connection although
   * INTEGRATION_FAILURE's catalog default is 504). If the response had already started when the failure
   * happened, the integration has destroyed it and the caller only records the failure.
   */
  | {
      readonly kind: 'failed';
      readonly responseType: GatewayResponseType;
      readonly statusCode?: number;
      /** For logs and `$context.integrationErrorMessage`; never sent to the client. */
      readonly error: string;
      /** A message for the client instead of the type's own (`$context.error.message`), e.g. a body parse error. */
      readonly message?: string;
      readonly integrationStatus?: number;
      readonly integrationLatencyMs?: number;
    };

export interface CompiledIntegration {
  readonly type: string;
  /**
   * Writes the response into `res` (the gateway's response sink: decorators see the head before it is written).
   * Never rejects: every failure is a `failed` outcome.
   */
  invoke(request: MethodRequest, res: ResponseSink): Promise<IntegrationOutcome>;
}

/** What compiling one method's integration gives: an integration, or why this method cannot be served. */
export type CompileIntegrationResult =
  | { readonly ok: true; readonly integration: CompiledIntegration }
  | { readonly ok: false; readonly reason: string };
