import type { ServerResponse } from 'node:http';

/** Writes a chunk further down (towards the client); false asks the writer to wait for `res`'s 'drain'. */
export type ForwardChunk = (chunk: Buffer) => boolean;

/** What sees a streamed body on its way into node's response. */
export interface BodyInterceptor {
  /** A chunk from the producer; its answer is the producer's back-pressure signal (false: wait for `res`'s 'drain'). */
  write(chunk: Buffer): boolean;
  /** The producer ended the body; the interceptor calls `finish` (given at install) once it is done. */
  end(): void;
}

/**
 * Puts an interceptor between a streaming producer and `res`, for this response only. Producers such as the
 * HTTP_PROXY exchange write chunks into node's response themselves (undici's fast path, no stream in between), so
 * the response's own `write`/`end` are the one place a streamed body passes: they are replaced on this instance
 * (never on the prototype). `make` gets what writes further down (`forward`) and ends the response (`finish`).
 * Interceptors chain: the last one installed sees a chunk first.
 */
export function interceptBody(res: ServerResponse, make: (forward: ForwardChunk, finish: () => void) => BodyInterceptor): void {
  const write = res.write as (chunk: Buffer) => boolean;
  const end = res.end as () => ServerResponse;
  const interceptor = make(
    (chunk) => write.call(res, chunk),
    () => void end.call(res),
  );
  res.write = function interceptedWrite(chunk: unknown): boolean {
    return interceptor.write(asBuffer(chunk));
  } as ServerResponse['write'];
  res.end = function interceptedEnd(chunk?: unknown): ServerResponse {
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') interceptor.write(asBuffer(chunk));
    interceptor.end();
    return res;
  } as ServerResponse['end'];
}

function asBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.from(String(chunk), 'utf8');
}
