import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawExchange {
  /** Complete responses read before the connection closed, in order. */
  responses: RawResponse[];
  /** The server closed the connection (FIN) before `waitMs`. */
  closedByServer: boolean;
  /** The connection was reset (RST) rather than closed. */
  reset: boolean;
}

/**
 * Writes raw bytes to host:port as given (no client-side HTTP at all), optionally in timed pieces, and reads
 * until the server closes or `waitMs` passes; then parses what came back as HTTP/1.1 responses.
 */
export function rawExchange(port: number, pieces: (string | Buffer)[], options: { waitMs?: number; gapMs?: number; endAfterWrite?: boolean } = {}): Promise<RawExchange> {
  const waitMs = options.waitMs ?? 5000;
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let closedByServer = false;
    let reset = false;
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ responses: parseResponses(Buffer.concat(chunks)), closedByServer, reset });
    };
    const timer = setTimeout(finish, waitMs);
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('end', () => {
      closedByServer = true;
      finish();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET') reset = true;
      finish();
    });
    socket.on('close', finish);
    socket.once('connect', () => {
      let i = 0;
      const next = (): void => {
        if (finished || i >= pieces.length) return;
        if (!socket.writable) return;
        socket.write(pieces[i++]);
        if (i < pieces.length) setTimeout(next, options.gapMs ?? 0);
        else if (options.endAfterWrite) socket.end();
      };
      next();
    });
  });
}

/** Parses consecutive HTTP/1.1 responses (Content-Length or chunked bodies); an incomplete tail is dropped. */
export function parseResponses(data: Buffer): RawResponse[] {
  const out: RawResponse[] = [];
  let text = data.toString('latin1');
  for (;;) {
    const headEnd = text.indexOf('\r\n\r\n');
    if (headEnd < 0) return out;
    const [statusLine, ...lines] = text.slice(0, headEnd).split('\r\n');
    const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
    if (!match) return out;
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    let rest = text.slice(headEnd + 4);
    let body: string;
    if (headers['transfer-encoding']?.toLowerCase() === 'chunked') {
      body = '';
      for (;;) {
        const lineEnd = rest.indexOf('\r\n');
        if (lineEnd < 0) return out;
        const size = parseInt(rest.slice(0, lineEnd), 16);
        if (Number.isNaN(size)) return out;
        if (rest.length < lineEnd + 2 + size + 2) return out;
        body += rest.slice(lineEnd + 2, lineEnd + 2 + size);
        rest = rest.slice(lineEnd + 2 + size + 2);
        if (size === 0) break;
      }
    } else {
      const length = Number(headers['content-length'] ?? 0);
      if (rest.length < length) return out;
      body = rest.slice(0, length);
      rest = rest.slice(length);
    }
    out.push({ status: Number(match[1]), headers, body: Buffer.from(body, 'latin1').toString('utf8') });
    text = rest;
  }
}
