import { Readable } from 'node:stream';
import { gunzip, inflate, inflateRaw, type InputType, type ZlibOptions } from 'node:zlib';
import { readRequestBody } from '@portico/engine-integrations';
import type { Invocation } from '../invocation.js';
import { refusal } from '../refusal.js';
import type { RestStep } from '../rest-step.js';

const TOO_LARGE = refusal('REQUEST_TOO_LARGE');
const CORRUPT = refusal('BAD_REQUEST_BODY', { message: 'Invalid request body: it does not decode with its Content-Encoding' });

type Inflate = (buffer: InputType, options: ZlibOptions & { maxOutputLength?: number }, callback: (error: Error | null, result: Buffer) => void) => void;

/** What decoding gave: the bytes, or why not (tagged, not `instanceof Error`: zlib's errors may come from another realm). */
type Decoded = { ok: true; bytes: Buffer } | { ok: false; tooLarge: boolean };

const decode = (inflater: Inflate, bytes: Buffer, maxBytes: number) =>
  new Promise<Decoded>((resolve) =>
    inflater(bytes, { maxOutputLength: maxBytes }, (error, result) =>
      resolve(error ? { ok: false, tooLarge: (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' } : { ok: true, bytes: result }),
    ),
  );

/**
 * Request bodies with `Content-Encoding: gzip` or `deflate` decompressed before anything reads them (request
 * validation, mapping templates), as AWS does for methods whose integration maps the payload (HTTP, MOCK, AWS);
 * proxy integrations pass the body and its header through unchanged [I]. Bounded: the decompressed size may not
 * exceed the payload limit — zlib stops at `maxOutputLength`, so a zip bomb costs at most that much memory and gets
 * 413 — and a body that does not decode is 400. Other codings pass through as they came.
 */
export function decompressRequestStep(maxBodyBytes: number): RestStep {
  return (invocation: Invocation) => {
    const header = invocation.headers['content-encoding'];
    if (typeof header !== 'string' || !invocation.body) return undefined;
    const coding = header.trim().toLowerCase();
    if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== 'deflate') return undefined;
    return readRequestBody(invocation.body, maxBodyBytes).then(async (compressed) => {
      if (compressed === undefined) return TOO_LARGE;
      let decoded: Decoded;
      if (coding === 'deflate') {
        // HTTP's deflate is zlib-wrapped (RFC 9110 §8.4.1.2); some clients send it raw.
        decoded = await decode(inflate, compressed, maxBodyBytes);
        if (!decoded.ok && !decoded.tooLarge) decoded = await decode(inflateRaw, compressed, maxBodyBytes);
      } else {
        decoded = await decode(gunzip, compressed, maxBodyBytes);
      }
      if (!decoded.ok) return decoded.tooLarge ? TOO_LARGE : CORRUPT;
      invocation.body = Readable.from(decoded.bytes.length === 0 ? [] : [decoded.bytes]);
      invocation.contentLength = decoded.bytes.length;
      return undefined;
    });
  };
}
