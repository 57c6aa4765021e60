import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/** What the invoke listener answers for a request it refuses before any gateway sees it. */
export interface EdgeError {
  readonly status: number;
  readonly reason: string;
  readonly errorType: string;
  readonly message: string;
}

// Texts and ErrorTypes for refusals at the HTTP layer. AWS documents none of these (its edge answers them before
// API Gateway), so they follow the gateway's own shape: `x-amzn-ErrorType`, `x-amzn-RequestId` and a JSON
// `{"message": …}` body. Kept as data so that a recorded AWS answer can correct them in one place.
export const BAD_REQUEST: EdgeError = { status: 400, reason: 'Bad Request', errorType: 'BadRequestException', message: 'Bad Request' };
export const HEADERS_TOO_LARGE: EdgeError = {
  status: 431,
  reason: 'Request Header Fields Too Large',
  errorType: 'RequestHeaderFieldsTooLargeException',
  message: 'Request Header Fields Too Large',
};
export const REQUEST_TIMEOUT: EdgeError = { status: 408, reason: 'Request Timeout', errorType: 'RequestTimeoutException', message: 'Request Timeout' };
// API Gateway has no CONNECT method (ANY covers DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT); a method no API
// defines is answered as AWS answers an undefined method.
export const CONNECT_REFUSED: EdgeError = {
  status: 403,
  reason: 'Forbidden',
  errorType: 'MissingAuthenticationTokenException',
  message: 'Missing Authentication Token',
};

/** The answer for a parser error (llhttp's `HPE_*` codes, node's timeouts). */
export function edgeErrorFor(error: NodeJS.ErrnoException): EdgeError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return HEADERS_TOO_LARGE;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return REQUEST_TIMEOUT;
    default:
      // Malformed request line, header names or values, obs-fold, NUL/CR/bare LF, every Transfer-Encoding and
      // Content-Length conflict, bad chunk framing: the parser stopped, so nothing after this byte is read.
      return BAD_REQUEST;
  }
}

function edgeBody(error: EdgeError): string {
  return JSON.stringify({ message: error.message });
}

/** `extra` adds headers or replaces these (spelled as here), e.g. the request id of a request that has one. */
function edgeHeaders(error: EdgeError, extra: Readonly<Record<string, string>> = {}): Record<string, string | number> {
  return {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(edgeBody(error)),
    'x-amzn-RequestId': randomUUID(),
    'x-amzn-ErrorType': error.errorType,
    ...extra,
    Connection: 'close',
  };
}

/** An edge error as the answer to a request node did parse (HTTP/1.1 without Host). */
export function writeEdgeError(res: ServerResponse, error: EdgeError): void {
  res.shouldKeepAlive = false;
  res.writeHead(error.status, error.reason, edgeHeaders(error));
  res.end(edgeBody(error));
}

/** The raw bytes of an edge error; it always closes the connection, since the parser cannot resynchronise. */
export function renderEdgeError(error: EdgeError, extra?: Readonly<Record<string, string>>): Buffer {
  const head = Object.entries(edgeHeaders(error, extra))
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return Buffer.from(`HTTP/1.1 ${error.status} ${error.reason}\r\n${head}\r\n${edgeBody(error)}`);
}

const LAST_RESPONSE = Symbol('portico.lastResponse');
/**
 * The response to the last request parsed on this socket. Node keeps only the one it is writing on
 * `_httpMessage`; responses to pipelined requests wait in a queue the socket cannot see, so the invoke listener
 * notes each one here (`noteResponse`).
 */
type ParsingSocket = Duplex & { [LAST_RESPONSE]?: ServerResponse };

/** Called by the invoke listener for every request, so that a parser error can wait for every answer before it. */
export function noteResponse(socket: Duplex, res: ServerResponse): void {
  (socket as ParsingSocket)[LAST_RESPONSE] = res;
}

// After an error is written the peer gets this long to read it and close; then the socket is destroyed, so that a
// client that never closes cannot hold the connection.
const LINGER_MS = 2000;
// A response already streaming when its request broke gets this long to finish before the connection is cut.
const IN_FLIGHT_LIMIT_MS = 10_000;

/**
 * The invoke listener's `clientError` handler. Node would answer a bare `400 Bad Request` (or nothing, once
 * the connection has served a request); this answers the AWS shape and closes. When the error arrives while a
 * response is being written (a body that breaks its framing mid-request), that response finishes first and the
 * connection closes after it: a second status line would corrupt the stream the client is reading.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || error.code === 'EPIPE' || !socket.writable) {
    socket.destroy();
    return;
  }
  const edge = edgeErrorFor(error);
  // The last response, not the one being written: with requests pipelined, the error must wait for all of them
  // (node writes them in order), or a request already handed to a backend would go unanswered.
  const inFlight = (socket as ParsingSocket)[LAST_RESPONSE];
  if (inFlight && !inFlight.writableFinished) {
    const brokeItsOwnBody = !inFlight.req.complete;
    if (brokeItsOwnBody && !inFlight.headersSent) {
      // The request reached a gateway and then broke its own body framing (a bad chunk size): nothing of the
      // gateway's answer is out yet, so the parser's verdict is the one answer. The pipeline's late writes see
      // `headersSent` and cut the response (`destroy`); on this response that must not cut the answer written
      // here, so the connection closes through `endSoon` instead.
      inFlight.destroy = () => inFlight;
      inFlight.shouldKeepAlive = false;
      inFlight.writeHead(edge.status, edge.reason, edgeHeaders(edge));
      inFlight.end(edgeBody(edge));
      inFlight.once('finish', () => endSoon(socket));
      return;
    }
    // Either the broken request already has its (streaming) answer, or the error is in a request pipelined behind
    // this one: the current response finishes first, then the connection closes, with the error answer for a
    // pipelined request. A second status line mid-response would corrupt the stream the client is reading.
    // The response keeps its keep-alive flag: otherwise node would close the socket on finish, before the error.
    inFlight.once('finish', () => endSoon(socket, brokeItsOwnBody ? undefined : renderEdgeError(edge)));
    inFlight.once('close', () => {
      if (!inFlight.writableFinished) socket.destroy();
    });
    // A gateway still waiting for the rest of a broken body would otherwise hold the connection.
    setTimeout(() => socket.destroy(), IN_FLIGHT_LIMIT_MS).unref();
    return;
  }
  endSoon(socket, renderEdgeError(edge));
}

/** `CONNECT`: refused with an answer (node drops the socket silently when nobody listens for 'connect'). */
export function refuseConnect(_req: IncomingMessage, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  endSoon(socket, renderEdgeError(CONNECT_REFUSED));
}

function endSoon(socket: Duplex, bytes?: Buffer): void {
  // Unread request bytes would turn a plain close into a reset that can discard our answer at the client:
  // keep reading (and dropping) until the peer closes or the linger ends.
  socket.on('data', () => undefined);
  socket.on('error', () => undefined);
  if (bytes) socket.end(bytes);
  else socket.end();
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}
