import { randomFillSync } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { formatRequestTime, type CustomDomains } from '@portico/gateway-core';
import type { ConnectIamCheck, WebSocketConnection, WebSocketGateway, WebSocketStage } from '@portico/gateway-websocket';
import { WebSocket, WebSocketServer } from 'ws';
import { renderEdgeError } from '../invoke/client-errors.js';
import { errorMessage, type Logger } from '../logger.js';
import type { ConnectionRegistry, ConnectionView, PostResult } from './connection-registry.js';
import { enforceFrameLimits } from './frame-limits.js';
import type { StageCounters, WebSocketMetrics } from './websocket-metrics.js';

/** AWS's connection limits (spec §0), each configurable (`PORTICO_WEBSOCKET_*`). */
export interface WebSocketLimits {
  /** A data frame larger than this closes the connection with 1009 (32 KB). */
  readonly maxFrameBytes: number;
  /** A message (all its frames) larger than this closes the connection with 1009 (128 KB). */
  readonly maxMessageBytes: number;
  /** No message for this long closes the connection with 1001 (10 min). */
  readonly idleTimeoutMs: number;
  /** A connection older than this is closed with 1001 (2 h). */
  readonly maxDurationMs: number;
}

export const DEFAULT_WEBSOCKET_LIMITS: WebSocketLimits = { maxFrameBytes: 32 * 1024, maxMessageBytes: 128 * 1024, idleTimeoutMs: 10 * 60_000, maxDurationMs: 2 * 3_600_000 };

/** One config revision's WebSocket side: its compiled stages and the SigV4/IAM check of AWS_IAM `$connect`. */
export interface WebSocketServing {
  readonly gateway: WebSocketGateway;
  /** Builds the AWS_IAM check of one upgrade request (the revision's IAM principals). */
  readonly connectIam: (req: IncomingMessage, sourceIp: string) => ConnectIamCheck;
  /** The revision's custom domains: a handshake to one reaches the WebSocket API stage its mapping names. */
  readonly domains?: CustomDomains;
}

/** One access-log line's `$context` (spec §9), read by name. */
export type WebSocketLogRecord = { readonly apiId: string; readonly stage: string; readonly accessLogFormat: string; contextValue(name: string): unknown; readonly context: Record<string, unknown> };

interface Live {
  readonly ws: WebSocket;
  readonly connection: WebSocketConnection;
  readonly counters: StageCounters;
  lastActiveAt: number;
  /** The close code the server sent (idle, duration, DELETE, shutdown), reported as `disconnectStatusCode`. */
  closedBy?: { code: number; reason: string };
}

const POOL_BYTES = 11 * 512;
const pool = Buffer.alloc(POOL_BYTES);
let poolOffset = POOL_BYTES;

/** AWS's connection, request and message ids: 11 random bytes in base64 (`R1kmxc2VNjMCFIA=`), cut from a pooled buffer. */
export function newWebSocketId(): string {
  if (poolOffset === POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const id = pool.toString('base64', poolOffset, poolOffset + 11);
  poolOffset += 11;
  return `${id.slice(0, 15)}=`;
}

const EXECUTE_API = '.execute-api.';

function apiIdOf(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const lower = host.toLowerCase();
  const at = lower.indexOf(EXECUTE_API);
  return at > 0 ? lower.slice(0, at) : undefined;
}

function withoutPort(host: string): string {
  const colon = host.lastIndexOf(':');
  return colon > 0 && !host.endsWith(']') ? host.slice(0, colon) : host;
}

function sourceIpOf(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** The `x-amzn-ErrorType` of a refused upgrade, by status (as the invoke listener's other answers carry one). */
const ERROR_TYPES: Record<number, string> = {
  400: 'BadRequestException',
  401: 'UnauthorizedException',
  403: 'ForbiddenException',
  404: 'NotFoundException',
  413: 'RequestEntityTooLargeException',
  429: 'TooManyRequestsException',
  502: 'BadGatewayException',
  503: 'ServiceUnavailableException',
  504: 'GatewayTimeoutException',
};

/**
 * An HTTP answer on an upgrade request that is refused: the socket never becomes a WebSocket (spec §7.1). Rendered
 * as every answer the invoke listener writes to a raw socket (client-errors.ts): a request id (`extra` carries the
 * connection's own when it has one), an error type and the JSON message.
 */
function refuseUpgrade(socket: Duplex, status: number, message: string, extra: Record<string, string> = {}): void {
  if (socket.destroyed) return;
  const errorType = ERROR_TYPES[status] ?? (status >= 500 ? 'InternalServerErrorException' : 'BadRequestException');
  socket.end(renderEdgeError({ status, reason: STATUS_CODES[status] ?? 'Error', errorType, message }, extra));
  socket.once('finish', () => socket.destroy());
}

/**
 * The WebSocket side of one data plane, process-wide: connections outlive config revisions (each message is routed
 * by the newest revision's stage). It answers `upgrade` events of the invoke listener, runs `$connect` before the
 * handshake completes, routes messages, enforces the limits, runs `$disconnect` after a close, delivers
 * `@connections` operations for the registry, and closes everything with 1001 at shutdown.
 */
export class WebSocketRuntime {
  private serving: WebSocketServing | undefined;
  private readonly live = new Map<string, Live>();
  private readonly disconnects = new Set<Promise<void>>();
  private readonly pendingHeaders = new WeakMap<IncomingMessage, Readonly<Record<string, string>>>();
  private readonly wss: WebSocketServer;
  private readonly sweep: NodeJS.Timeout;
  private closing = false;

  constructor(
    private readonly limits: WebSocketLimits,
    readonly registry: ConnectionRegistry,
    private readonly metrics: WebSocketMetrics,
    private readonly log: Logger,
    private readonly accessLog: (record: WebSocketLogRecord) => void,
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: limits.maxMessageBytes,
      // The subprotocol is the one the `$connect` integration returned in `Sec-WebSocket-Protocol` (spec §5).
      handleProtocols: (protocols, req) => {
        const chosen = this.headerOf(this.pendingHeaders.get(req), 'sec-websocket-protocol');
        return chosen !== undefined && protocols.has(chosen) ? chosen : false;
      },
    });
    this.wss.on('headers', (headers, req) => {
      for (const [name, value] of Object.entries(this.pendingHeaders.get(req) ?? {})) {
        if (/^(sec-websocket-|connection$|upgrade$|content-length$)/i.test(name)) continue;
        headers.push(`${name}: ${value.replace(/[\r\n]/g, ' ')}`);
      }
    });
    // One timer for every connection: at 10,000 connections a timer each would cost more than this scan.
    const every = Math.max(50, Math.min(30_000, Math.floor(Math.min(limits.idleTimeoutMs, limits.maxDurationMs) / 4)));
    this.sweep = setInterval(() => this.closeExpired(), every);
    this.sweep.unref();
  }

  get size(): number {
    return this.live.size;
  }

  async start(): Promise<void> {
    await this.registry.start({
      post: (id, data) => this.postLocal(id, data),
      get: (id) => this.getLocal(id),
      delete: (id) => this.deleteLocal(id),
    });
  }

  /** The newest revision; connections whose stage it no longer has are closed (1001 Going away). */
  serve(serving: WebSocketServing | undefined): void {
    this.serving = serving;
    for (const live of this.live.values()) {
      if (!serving?.gateway.stage(live.connection.apiId, live.connection.stage)) this.closeLive(live, 1001, 'Going away');
    }
  }

  /** True when the upgrade's Host names a WebSocket API of the current revision (else the caller answers). */
  has(apiId: string): boolean {
    return this.serving?.gateway.has(apiId) ?? false;
  }

  private headerOf(headers: Readonly<Record<string, string>> | undefined, name: string): string | undefined {
    if (!headers) return undefined;
    for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
    return undefined;
  }

  /** The invoke listener's `upgrade` event. Never throws: every refusal is an HTTP answer on the socket. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    void this.onUpgrade(req, socket, head).catch((error: unknown) => {
      this.log.log('error', 'WebSocket upgrade failed inside the gateway (answered 500)', { error: errorMessage(error) });
      refuseUpgrade(socket, 500, 'Internal server error');
    });
  }

  private async onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const host = req.headers.host ?? '';
    const serving = this.serving;
    // A custom domain's mapping names the API and the stage; the execute-api host names the API, the path the stage.
    const mapped = serving?.domains?.resolve(host, req.url ?? '/');
    const apiId = mapped ? mapped.apiId : apiIdOf(host);
    if (this.closing) return refuseUpgrade(socket, 503, 'Service Unavailable');
    if (apiId === undefined || !serving?.gateway.has(apiId)) return refuseUpgrade(socket, 403, 'Forbidden');
    const url = new URL(req.url ?? '/', 'http://gateway');
    const segments = url.pathname.split('/').filter((s) => s !== '');
    // Through a custom domain the handshake is at the mapping itself (`wss://chat.example.com/{mappingKey}`).
    const stageName = mapped ? (mapped.path === '' || mapped.path === '/' ? mapped.stage : undefined) : segments.length === 1 ? decodeURIComponent(segments[0]) : undefined;
    const stage = stageName === undefined ? undefined : serving.gateway.stage(apiId, stageName);
    // A stage that did not compile (logged when the document arrived) answers as a broken `$connect` does on AWS.
    if (!stage && stageName !== undefined && serving.gateway.refused(apiId, stageName)) return refuseUpgrade(socket, 500, 'Internal server error');
    // disableExecuteApiEndpoint closes the execute-api URL only: custom domains keep serving, as on AWS.
    if (!stage || (stage.disableExecuteApiEndpoint && !mapped)) return refuseUpgrade(socket, 403, 'Forbidden');
    if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket' || req.headers['sec-websocket-key'] === undefined) return refuseUpgrade(socket, 400, 'Bad Request');

    const connection = this.connectionOf(req, apiId, stage.stageName, host, url);
    const requestId = newWebSocketId();
    const facts = { requestId, requestTimeEpoch: connection.connectedAt, routeKey: '$connect' };
    const counters = this.metrics.stage(apiId, stage.stageName);
    let gone = false;
    socket.once('close', () => (gone = true));
    const outcome = await stage.connect(connection, facts, serving.connectIam(req, connection.sourceIp));
    if (outcome.integrationLatencyMs !== undefined) counters.integrationLatency(outcome.integrationLatencyMs);
    const logConnect = (status: number, error?: string) =>
      this.logEvent(stage, connection, { ...facts, eventType: 'CONNECT', status, integrationLatencyMs: outcome.integrationLatencyMs, error });
    if (!outcome.ok) {
      if (outcome.errorKind === 'client') counters.clientError();
      else if (outcome.errorKind === 'execution') counters.executionError();
      else counters.integrationError();
      if (outcome.errorKind !== 'client') this.log.log('warn', 'WebSocket $connect refused', { apiId, stage: stage.stageName, status: outcome.status, reason: outcome.reason });
      logConnect(outcome.status, outcome.message);
      return refuseUpgrade(socket, outcome.status, outcome.message, { 'x-amzn-RequestId': requestId });
    }
    if (gone || this.closing) return;
    this.pendingHeaders.set(req, outcome.headers);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.pendingHeaders.delete(req);
      this.opened(ws, connection, counters, stage);
      logConnect(200);
    });
  }

  private connectionOf(req: IncomingMessage, apiId: string, stage: string, host: string, url: URL): WebSocketConnection {
    const headers: Record<string, string> = {};
    const multiValueHeaders: Record<string, string[]> = {};
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i];
      const value = req.rawHeaders[i + 1];
      headers[name] = value;
      (multiValueHeaders[name] ??= []).push(value);
    }
    const queryStringParameters: Record<string, string> = {};
    const multiValueQueryStringParameters: Record<string, string[]> = {};
    for (const [name, value] of url.searchParams) {
      queryStringParameters[name] = value;
      (multiValueQueryStringParameters[name] ??= []).push(value);
    }
    return {
      connectionId: newWebSocketId(),
      apiId,
      stage,
      domainName: withoutPort(host),
      connectedAt: Date.now(),
      sourceIp: sourceIpOf(req),
      userAgent: req.headers['user-agent'] ?? '',
      headers,
      multiValueHeaders,
      queryStringParameters,
      multiValueQueryStringParameters,
      ...(req.headers['x-api-key'] === undefined ? {} : { headerApiKey: String(req.headers['x-api-key']) }),
    };
  }

  private opened(ws: WebSocket, connection: WebSocketConnection, counters: StageCounters, stage: WebSocketStage): void {
    enforceFrameLimits(ws, this.limits.maxFrameBytes);
    const live: Live = { ws, connection, counters, lastActiveAt: Date.now() };
    this.live.set(connection.connectionId, live);
    this.registry.add(connection.connectionId);
    counters.connect();
    const touch = () => (live.lastActiveAt = Date.now());
    ws.on('ping', touch);
    ws.on('pong', touch);
    ws.on('message', (data, isBinary) => {
      touch();
      counters.message();
      // Binary frames are refused by the frame hook already; this covers a ws without it (spec §7.2: 1003).
      if (isBinary) return this.closeLive(live, 1003, 'Binary frames are not supported');
      void this.onMessage(live, (data as Buffer).toString('utf8'));
    });
    ws.on('error', (error) => this.log.log('debug', 'WebSocket connection error', { connectionId: connection.connectionId, error: errorMessage(error) }));
    ws.once('close', (code, reason) => {
      this.live.delete(connection.connectionId);
      this.registry.remove(connection.connectionId);
      const closedBy = live.closedBy;
      // The client's close code, or the one the server closed with; 1005 when the client sent none (spec §7.3 [I]).
      this.runDisconnect(live, closedBy?.code ?? code, closedBy?.reason ?? reason.toString('utf8'), stage);
    });
  }

  private async onMessage(live: Live, text: string): Promise<void> {
    const { connection, counters } = live;
    const stage = this.serving?.gateway.stage(connection.apiId, connection.stage);
    if (!stage) return this.closeLive(live, 1001, 'Going away');
    const requestId = newWebSocketId();
    const facts = { requestId, requestTimeEpoch: Date.now(), messageId: newWebSocketId() };
    let outcome: Awaited<ReturnType<WebSocketStage['message']>>;
    try {
      outcome = await stage.message(connection, text, facts);
    } catch (error) {
      this.log.log('error', 'WebSocket message failed inside the gateway', { connectionId: connection.connectionId, error: errorMessage(error) });
      outcome = { routeKey: undefined, status: 500, errorKind: 'execution', frame: `{"message": "Internal server error", "connectionId":"${connection.connectionId}", "requestId":"${requestId}"}` };
    }
    if (outcome.integrationLatencyMs !== undefined) counters.integrationLatency(outcome.integrationLatencyMs);
    if (outcome.errorKind === 'client') counters.clientError();
    else if (outcome.errorKind === 'execution') counters.executionError();
    else if (outcome.errorKind === 'integration') counters.integrationError();
    if (outcome.errorKind === 'execution') this.log.log('warn', 'WebSocket integration failed', { apiId: connection.apiId, stage: connection.stage, routeKey: outcome.routeKey, reason: outcome.reason });
    if (outcome.frame !== undefined && live.ws.readyState === WebSocket.OPEN) {
      live.ws.send(outcome.frame);
      counters.message();
    }
    this.logEvent(stage, connection, {
      ...facts,
      routeKey: outcome.routeKey ?? '',
      eventType: 'MESSAGE',
      status: outcome.status,
      integrationLatencyMs: outcome.integrationLatencyMs,
      error: outcome.errorKind ? outcome.reason : undefined,
    });
  }

  private runDisconnect(live: Live, code: number, reason: string, connectStage: WebSocketStage): void {
    const { connection } = live;
    const stage = this.serving?.gateway.stage(connection.apiId, connection.stage) ?? connectStage;
    const requestId = newWebSocketId();
    const facts = { requestId, requestTimeEpoch: Date.now() };
    const run = (async () => {
      try {
        const result = await stage.disconnect(connection, facts, code, reason);
        if (result?.kind === 'error') {
          live.counters.executionError();
          this.log.log('warn', 'WebSocket $disconnect integration failed (best-effort, nothing to answer)', { connectionId: connection.connectionId, reason: result.reason });
        }
        this.logEvent(stage, connection, { ...facts, routeKey: '$disconnect', eventType: 'DISCONNECT', status: result?.kind === 'error' ? 500 : 200, integrationLatencyMs: result?.latencyMs });
      } catch (error) {
        this.log.log('warn', 'WebSocket $disconnect failed', { connectionId: connection.connectionId, error: errorMessage(error) });
      }
    })();
    this.disconnects.add(run);
    void run.finally(() => this.disconnects.delete(run));
  }

  private logEvent(
    stage: WebSocketStage,
    connection: WebSocketConnection,
    event: { requestId: string; requestTimeEpoch: number; routeKey: string; eventType: string; status: number; messageId?: string; integrationLatencyMs?: number; error?: string },
  ): void {
    const format = stage.accessLogFormat;
    if (!format) return;
    const values: Record<string, unknown> = {
      apiId: connection.apiId,
      connectedAt: connection.connectedAt,
      connectionId: connection.connectionId,
      domainName: connection.domainName,
      eventType: event.eventType,
      extendedRequestId: event.requestId,
      requestId: event.requestId,
      messageId: event.messageId,
      requestTime: formatRequestTime(event.requestTimeEpoch),
      requestTimeEpoch: event.requestTimeEpoch,
      routeKey: event.routeKey,
      stage: connection.stage,
      status: event.status,
      integrationLatency: event.integrationLatencyMs === undefined ? undefined : Math.round(event.integrationLatencyMs),
      'integration.latency': event.integrationLatencyMs === undefined ? undefined : Math.round(event.integrationLatencyMs),
      'identity.sourceIp': connection.sourceIp,
      'identity.userAgent': connection.userAgent,
      'identity.apiKey': connection.apiKey,
      'identity.apiKeyId': connection.apiKeyId,
      'error.message': event.error,
      'error.messageString': event.error === undefined ? undefined : JSON.stringify(event.error),
      'authorizer.principalId': connection.authorizer?.principalId,
    };
    for (const [key, value] of Object.entries(connection.authorizer ?? {})) values[`authorizer.${key}`] ??= value;
    this.accessLog({ apiId: connection.apiId, stage: connection.stage, accessLogFormat: format, context: values, contextValue: (name) => values[name] });
  }

  private closeLive(live: Live, code: number, reason: string): void {
    live.closedBy ??= { code, reason };
    if (live.ws.readyState === WebSocket.OPEN || live.ws.readyState === WebSocket.CONNECTING) live.ws.close(code, reason);
  }

  private closeExpired(): void {
    const now = Date.now();
    for (const live of this.live.values()) {
      if (live.closedBy) continue;
      if (now - live.lastActiveAt >= this.limits.idleTimeoutMs || now - live.connection.connectedAt >= this.limits.maxDurationMs) this.closeLive(live, 1001, 'Going away');
    }
  }

  private postLocal(connectionId: string, data: Buffer): PostResult {
    const live = this.live.get(connectionId);
    if (!live || live.closedBy || live.ws.readyState !== WebSocket.OPEN) return 'gone';
    // AWS's LimitExceededException also covers "the WebSocket client side buffer is full" (spec §8).
    if (live.ws.bufferedAmount > 4 * this.limits.maxMessageBytes) return 'limit';
    live.ws.send(data, { binary: !isUtf8(data) });
    live.counters.message();
    return 'ok';
  }

  private getLocal(connectionId: string): ConnectionView | undefined {
    const live = this.live.get(connectionId);
    if (!live || live.closedBy) return undefined;
    return {
      connectedAt: new Date(live.connection.connectedAt).toISOString(),
      identity: { sourceIp: live.connection.sourceIp, userAgent: live.connection.userAgent },
      lastActiveAt: new Date(live.lastActiveAt).toISOString(),
    };
  }

  private deleteLocal(connectionId: string): boolean {
    const live = this.live.get(connectionId);
    if (!live || live.closedBy) return false;
    this.closeLive(live, 1000, 'Connection closed by the server');
    return true;
  }

  /**
   * Shutdown: no new connections; every connection is closed with 1001 and its `$disconnect` runs, all within
   * `timeoutMs` (`PORTICO_SHUTDOWN_TIMEOUT_MS`); what is still open then is cut.
   */
  async close(timeoutMs: number): Promise<{ drained: boolean }> {
    this.closing = true;
    clearInterval(this.sweep);
    for (const live of this.live.values()) this.closeLive(live, 1001, 'Going away');
    const deadline = Date.now() + timeoutMs;
    while ((this.live.size > 0 || this.disconnects.size > 0) && Date.now() < deadline) {
      if (this.live.size === 0) await Promise.race([Promise.all([...this.disconnects]), new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())))]);
      else await new Promise((r) => setTimeout(r, 20));
    }
    const drained = this.live.size === 0 && this.disconnects.size === 0;
    for (const live of this.live.values()) live.ws.terminate();
    await this.registry.close().catch(() => undefined);
    this.wss.close();
    return { drained };
  }
}
