import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Answers what Node's HTTP parser refuses before Fastify sees a request (headers or URL over 16 KB, a
 * malformed request line, a client timeout) the way every other admin error is answered: AWS's rest-json
 * shape with `x-amzn-ErrorType` and `x-amzn-RequestId`, instead of Fastify's own JSON. The connection is then
 * closed, as Node does: the parser cannot resume mid-request.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout']
        : [400, 'Bad Request'];
  const body = JSON.stringify({ message });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        `x-amzn-ErrorType: BadRequestException\r\nx-amzn-RequestId: ${randomUUID()}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
