import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { setResponseCloseHook, type ResponseCloseHook } from './response-close.js';

/** Response headers as producers have them: an object, or node's flat raw list `[name, value, …]` (the proxy's). */
export type ResponseHeaders = OutgoingHttpHeaders | string[];

/** Status and headers of a response before they are written; decorators may change both. */
export interface ResponseHead {
  status: number;
  headers: ResponseHeaders;
}

/**
 * A later step's hook on the response phase (CORS headers, cache fill, compression, metrics). `head` runs once per
 * response, before status and headers are written, whether the body is whole or streamed. `body`, when present,
 * sees a whole body (not a streamed one) and may replace it; the content-length header is then the decorator's to
 * keep right.
 */
export interface ResponseDecorator {
  head(head: ResponseHead): void;
  body?(head: ResponseHead, body: string | Buffer | undefined): string | Buffer | undefined;
  /**
   * The body of this response will be streamed into `res` (HTTP_PROXY writes its chunks there itself): a decorator
   * that must see or change them (cache fill, compression) installs an interceptor with `interceptBody`. Called
   * after every `head` hook; decorators see the streamed body in the order they were added, as with `body`.
   */
  streamed?(head: ResponseHead, res: ServerResponse): void;
}

/**
 * Where integrations and gateway responses put their response: status, headers and a whole body (`send`), or a
 * head (`writeHead`) followed by a body streamed into `res`. Nothing else writes node's response. Without
 * decorators (the usual case) both are node's `writeHead`/`end` and nothing more, so pass-through streaming stays
 * as direct as writing the response by hand: a proxied answer's chunks go straight into `res`, only its head goes
 * through the sink.
 */
export class ResponseSink {
  private decorators: ResponseDecorator[] | undefined;

  constructor(readonly res: ServerResponse) {}

  /** True once the head was written: the status can no longer change (a failure then cuts the response). */
  get headersSent(): boolean {
    return this.res.headersSent;
  }

  /** Adds a decorator; they run in the order added. */
  decorate(decorator: ResponseDecorator): void {
    (this.decorators ??= []).push(decorator);
  }

  /** A whole response. */
  send(status: number, headers: ResponseHeaders, body?: string | Buffer): void {
    const decorators = this.decorators;
    if (decorators === undefined) {
      this.res.writeHead(status, headers);
      this.res.end(body);
      return;
    }
    const head: ResponseHead = { status, headers };
    for (const decorator of decorators) decorator.head(head);
    for (const decorator of decorators) if (decorator.body) body = decorator.body(head, body) as string | Buffer | undefined;
    this.res.writeHead(head.status, head.headers);
    this.res.end(body);
  }

  /** The head of a streamed response; the body follows into the returned `res` (write/end, back-pressure). */
  writeHead(status: number, headers: ResponseHeaders): ServerResponse {
    const decorators = this.decorators;
    if (decorators === undefined) return this.res.writeHead(status, headers);
    const head: ResponseHead = { status, headers };
    for (const decorator of decorators) decorator.head(head);
    // The last interceptor installed sees a chunk first: installed in reverse, the first decorator added is first.
    for (let i = decorators.length - 1; i >= 0; i--) decorators[i].streamed?.(head, this.res);
    return this.res.writeHead(head.status, head.headers);
  }

  /**
   * Sets (undefined: clears) what to tell when the response closes, on the response's one 'close' listener
   * (see response-close.ts): no listener of its own per request.
   */
  onClose(hook: ResponseCloseHook | undefined): void {
    setResponseCloseHook(this.res, hook);
  }

  /** Cuts the response (a failure after the head was written). */
  destroy(): void {
    this.res.destroy();
  }
}

/** Sets a header on a head in either form (replacing an existing one of that name, compared case-insensitively). */
export function setResponseHeader(head: ResponseHead, name: string, value: string): void {
  const lower = name.toLowerCase();
  const headers = head.headers;
  if (Array.isArray(headers)) {
    for (let i = headers.length - 2; i >= 0; i -= 2) if (headers[i].toLowerCase() === lower) headers.splice(i, 2);
    headers.push(name, value);
    return;
  }
  for (const key of Object.keys(headers)) if (key.toLowerCase() === lower) delete headers[key];
  headers[name] = value;
}

/** Reads a header of a head in either form (the first of that name, compared case-insensitively). */
export function responseHeader(head: ResponseHead, name: string): string | undefined {
  const lower = name.toLowerCase();
  const headers = head.headers;
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) if (headers[i].toLowerCase() === lower) return headers[i + 1];
    return undefined;
  }
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() !== lower) continue;
    const value = headers[key];
    return value === undefined ? undefined : Array.isArray(value) ? value.join(', ') : String(value);
  }
  return undefined;
}

/** Removes every header of that name from a head in either form. */
export function removeResponseHeader(head: ResponseHead, name: string): void {
  const lower = name.toLowerCase();
  const headers = head.headers;
  if (Array.isArray(headers)) {
    for (let i = headers.length - 2; i >= 0; i -= 2) if (headers[i].toLowerCase() === lower) headers.splice(i, 2);
    return;
  }
  for (const key of Object.keys(headers)) if (key.toLowerCase() === lower) delete headers[key];
}
