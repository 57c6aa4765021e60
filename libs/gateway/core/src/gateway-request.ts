import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { lastExtendedRequestId, newRequestId } from './request-ids.js';
import { ResponseSink } from './response-sink.js';

/**
 * The protocol-neutral view of one request while a gateway serves it: ids, timing, the client's headers and
 * address, the body stream, and the response sink. Each API type's binding extends it with its own state (REST:
 * the route, `$context`, the authorizer's answer). Everything that costs something is computed when read.
 */
export class GatewayRequest {
  readonly requestId = newRequestId();
  /** `x-amz-apigw-id`: base64 of the request id's first 11 bytes (AWS's shape: 16 characters ending in `=`). */
  readonly extendedRequestId = lastExtendedRequestId();
  readonly startedAt: number;
  readonly startedPerf = performance.now();
  readonly rawHeaders: readonly string[];
  readonly sourceIp: string;
  readonly protocol: string;
  readonly port: number;
  /** Where the response goes (integrations and gateway responses write it, decorators see it first). */
  readonly response: ResponseSink;
  httpMethod: string;
  body: Readable | undefined;
  contentLength: number | undefined;
  /** The status answered (0 until then) and the body length, for records and logs. */
  status = 0;
  responseLength: number | undefined;

  constructor(
    readonly req: IncomingMessage,
    res: ServerResponse,
    now: () => number,
  ) {
    this.startedAt = now();
    this.rawHeaders = req.rawHeaders;
    this.httpMethod = req.method ?? 'GET';
    this.response = new ResponseSink(res);
    const socket = req.socket;
    const remote = socket.remoteAddress ?? '';
    this.sourceIp = remote.startsWith('::ffff:') ? remote.slice(7) : remote;
    this.protocol = (socket as TLSSocket).encrypted ? 'https' : 'http';
    this.port = socket.localPort ?? 0;
  }

  /**
   * node's header object, built by node on first read (a pass-through request never reads it: routing and
   * forwarding work on `rawHeaders`, see rawHeader()).
   */
  get headers(): IncomingHttpHeaders {
    return this.req.headers;
  }
}
