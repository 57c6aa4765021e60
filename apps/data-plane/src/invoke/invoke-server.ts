import { createServer, ServerResponse, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { answerClientError, BAD_REQUEST, noteResponse, refuseConnect, writeEdgeError } from './client-errors.js';
import { rawHeader, type GatewayHolder } from '@portico/gateway-core';

/** How long a client may take to send its request; bounds slow clients (a header line every few seconds). */
export interface InvokeTimeouts {
  /** From a request's first byte to the end of its headers (`PORTICO_HEADERS_TIMEOUT_MS`, 10 s). */
  headersTimeoutMs: number;
  /** From a request's first byte to the end of its body (`PORTICO_REQUEST_TIMEOUT_MS`, 60 s). */
  requestTimeoutMs: number;
}

const REFUSED = Symbol('portico.refusedConnection');
type RefusingSocket = IncomingMessage['socket'] & { [REFUSED]?: boolean };

export const DEFAULT_INVOKE_TIMEOUTS: InvokeTimeouts = { headersTimeoutMs: 10_000, requestTimeoutMs: 60_000 };

/**
 * The invoke listener: a bare node:http server, no framework on the request path (notes/performance.md: a
 * general-purpose framework alone costs ~40% of throughput). Every request goes to the holder's current gateway.
 */
export class InvokeServer {
  private readonly server: Server;
  private draining = false;

  constructor(
    private readonly holder: GatewayHolder,
    timeouts: InvokeTimeouts = DEFAULT_INVOKE_TIMEOUTS,
  ) {
    this.server = createServer(
      {
        // Idle keep-alive connections outlive a load balancer's 60 s idle timeout, so the balancer closes them
        // first (never a request racing our close). Node's header and request timers run only while a request is
        // being received, so short ones do not cut idle keep-alive connections.
        keepAliveTimeout: 65_000,
        headersTimeout: timeouts.headersTimeoutMs,
        requestTimeout: timeouts.requestTimeoutMs,
        // Node checks the two timers above this often (default 30 s, which would let a slow client overstay).
        connectionsCheckingInterval: Math.min(1000, timeouts.headersTimeoutMs),
        // Checked in onRequest, so that the refusal is AWS-shaped (node's own answer is a bare 400).
        requireHostHeader: false,
      },
      (req, res) => this.onRequest(req, res),
    );
    // Parser-level errors (malformed request line or headers, framing conflicts, headers over 16 KB, the two
    // timeouts above) never reach a gateway: they are answered here, AWS-shaped, and the connection closes.
    this.server.on('clientError', answerClientError);
    this.server.on('connect', refuseConnect);
    // `Expect: 100-continue`: node would send the interim 100 before any check, so a request refused here would get
    // two answers. The 100 goes out only to a request that is handed on.
    this.server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
      if (!lacksHost(req)) res.writeContinue();
      this.onRequest(req, res);
    });
  }

  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  /**
   * WebSocket handshakes (`Upgrade: websocket`) of the invoke port go to `handler` instead of a gateway. Node hands
   * every upgrade request to an `upgrade` listener once there is one, so any other upgrade (`h2c` from
   * `curl --http2`) is served as the plain request it also is, as before, on a connection closed after the answer.
   */
  onUpgrade(handler: (req: IncomingMessage, socket: Duplex, head: Buffer) => void): void {
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if ((req.headers.upgrade ?? '').toLowerCase() === 'websocket') return handler(req, socket, head);
      // The parser stopped at the headers and Node does not feed a body to an upgrade request: only bodiless ones
      // (what `curl --http2` sends for GET) are served; one with a body is refused rather than served without it.
      const res = new ServerResponse(req);
      res.shouldKeepAlive = false;
      res.assignSocket(socket as Socket);
      res.once('finish', () => socket.end());
      if (Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined) return writeEdgeError(res, BAD_REQUEST);
      req.push(null);
      this.onRequest(req, res);
    });
  }

  get listening(): boolean {
    return this.server.listening;
  }

  /**
   * Graceful stop: refuse new connections, let in-flight requests finish (their connections close after the
   * response), then resolve. After `timeoutMs` the remaining connections are cut.
   */
  async close(timeoutMs: number): Promise<{ drained: boolean }> {
    if (!this.server.listening && !this.draining) return { drained: true };
    this.draining = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Keep-alive connections that go idle during the drain are closed as they go idle.
    const sweep = setInterval(() => this.server.closeIdleConnections(), 50);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), timeoutMs);
    });
    const expired = await Promise.race([closed.then(() => false), timedOut]);
    clearInterval(sweep);
    clearTimeout(timer);
    if (expired) {
      this.server.closeAllConnections();
      await closed;
    }
    return { drained: !expired };
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const socket = req.socket as RefusingSocket;
    // A request pipelined behind a refused one on the same connection: the connection closes after the refusal,
    // so this one would be executed with nobody to read its answer. It is never handed to a gateway.
    if (socket[REFUSED]) return;
    noteResponse(socket, res);
    // HTTP/1.1 requires Host (RFC 9112 §3.2); without one there is nothing to route a custom domain by.
    if (lacksHost(req)) {
      socket[REFUSED] = true;
      req.resume();
      writeEdgeError(res, BAD_REQUEST);
      return;
    }
    if (this.draining) res.setHeader('connection', 'close');
    if (!this.holder.handle(req, res)) {
      const body = JSON.stringify({ message: 'No configuration loaded yet' });
      res.writeHead(503, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'x-amzn-ErrorType': 'ServiceUnavailableException',
      });
      res.end(body);
    }
  }
}

/** An HTTP/1.1 request without Host (RFC 9112 §3.2): refused before any gateway sees it. */
function lacksHost(req: IncomingMessage): boolean {
  return req.httpVersionMinor === 1 && req.httpVersionMajor === 1 && rawHeader(req.rawHeaders, 'host') === undefined;
}
