import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { BODY_TOO_LARGE_CODE } from './integration-errors.js';

class BodyLimit extends Transform {
  private seen = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.maxBytes) {
      callback(Object.assign(new Error(`request body exceeds ${this.maxBytes} bytes`), { code: BODY_TOO_LARGE_CODE }));
      return;
    }
    callback(null, chunk);
  }
}

/**
 * Counts a body of unknown length (chunked) as it streams and fails it past `maxBytes`. Bodies with a
 * Content-Length are checked before anything is sent, so they stream without this extra stage.
 */
export function limitBody(body: Readable, maxBytes: number): Readable {
  const limited = new BodyLimit(maxBytes);
  body.on('error', (error) => limited.destroy(error));
  // Discard the rest of an oversized body rather than destroying the socket, so the client still gets its 413.
  limited.on('error', () => {
    body.unpipe(limited);
    body.resume();
  });
  return body.pipe(limited);
}
