import type { ServerResponse } from 'node:http';
import { constants, createDeflate, createGzip, deflateSync, gzipSync, type Deflate, type Gzip } from 'node:zlib';
import { interceptBody, removeResponseHeader, responseHeader, setResponseHeader, type ResponseDecorator, type ResponseHead } from '@portico/gateway-core';
import { chooseResponseCoding, type ResponseCoding } from './accept-encoding.js';

/**
 * The API's `minimumCompressionSize`, compiled once per deployment: a method response whose body has at least that
 * many bytes is compressed with the coding the client's `Accept-Encoding` ranks first (gzip or deflate). Bodies of
 * HEAD requests, 204/304 answers and bodies already encoded are left alone.
 */
export class ResponseCompression {
  constructor(private readonly minimumSize: number) {}

  /** Decorates the request's response when its client accepts a coding; nothing per request otherwise. */
  decorate(request: { readonly httpMethod: string; readonly req: { headers: { 'accept-encoding'?: string } }; readonly response: { decorate(d: ResponseDecorator): void } }): void {
    if (request.httpMethod === 'HEAD') return;
    const coding = chooseResponseCoding(request.req.headers['accept-encoding']);
    if (coding) request.response.decorate(new CompressionDecorator(coding, this.minimumSize));
  }
}

class CompressionDecorator implements ResponseDecorator {
  constructor(
    private readonly coding: ResponseCoding,
    private readonly minimumSize: number,
  ) {}

  head(): void {}

  body(head: ResponseHead, body: string | Buffer | undefined): string | Buffer | undefined {
    if (body === undefined || !this.applies(head)) return body;
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    if (bytes.length < this.minimumSize) return body;
    const compressed = this.coding === 'gzip' ? gzipSync(bytes) : deflateSync(bytes);
    setResponseHeader(head, 'Content-Encoding', this.coding);
    setResponseHeader(head, 'Content-Length', String(compressed.length));
    return compressed;
  }

  streamed(head: ResponseHead, res: ServerResponse): void {
    if (!this.applies(head)) return;
    // A streamed body's size is its Content-Length when the backend sent one; a body of unknown length is compressed.
    const length = responseHeader(head, 'content-length');
    if (length !== undefined && Number(length) < this.minimumSize) return;
    removeResponseHeader(head, 'content-length');
    setResponseHeader(head, 'Content-Encoding', this.coding);
    const coding = this.coding;
    interceptBody(res, (forward, finish) => compressingInterceptor(res, coding, forward, finish));
  }

  private applies(head: ResponseHead): boolean {
    return head.status !== 204 && head.status !== 304 && responseHeader(head, 'content-encoding') === undefined;
  }
}

/**
 * A zlib stream between the producer and the client, with back-pressure both ways: the producer waits while zlib's
 * input is full (the interceptor answers false, then signals 'drain' on the response when zlib drains), and zlib's
 * output pauses while the client's socket is full.
 */
function compressingInterceptor(res: ServerResponse, coding: ResponseCoding, forward: (chunk: Buffer) => boolean, finish: () => void) {
  const zlib: Gzip | Deflate = coding === 'gzip' ? createGzip({ flush: constants.Z_NO_FLUSH }) : createDeflate();
  let waiting = false;
  zlib.on('data', (chunk: Buffer) => {
    if (forward(chunk)) return;
    zlib.pause();
    res.once('drain', () => zlib.resume());
  });
  zlib.once('end', finish);
  // A zlib failure cannot be answered any more (the head is out): the response is cut, as for a backend failure.
  zlib.once('error', () => res.destroy());
  res.once('close', () => zlib.destroy());
  return {
    write(chunk: Buffer): boolean {
      const ok = zlib.write(chunk);
      if (!ok && !waiting) {
        waiting = true;
        zlib.once('drain', () => {
          waiting = false;
          res.emit('drain');
        });
      }
      return ok;
    },
    end(): void {
      zlib.end();
    },
  };
}
