import { Readable } from 'node:stream';
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import type { Invocation } from '../invocation.js';
import { decompressRequestStep } from './decompress-request.js';

const invocation = (body: Buffer, encoding?: string) =>
  ({ headers: encoding ? { 'content-encoding': encoding } : {}, body: Readable.from([body]), contentLength: body.length }) as unknown as Invocation;

async function bodyOf(inv: Invocation): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of inv.body as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks).toString();
}

describe('decompressRequestStep', () => {
  const step = decompressRequestStep(1024 * 1024);

  it('decodes gzip, deflate and raw deflate', async () => {
    for (const [encoding, bytes] of [
      ['gzip', gzipSync('hello')],
      ['deflate', deflateSync('hello')],
      ['deflate', deflateRawSync('hello')],
    ] as const) {
      const inv = invocation(bytes, encoding);
      expect(await step(inv)).toBeUndefined();
      expect(await bodyOf(inv)).toBe('hello');
      expect(inv.contentLength).toBe(5);
    }
  });

  it('leaves other codings and plain bodies alone', () => {
    expect(step(invocation(Buffer.from('x'), 'br'))).toBeUndefined();
    expect(step(invocation(Buffer.from('x')))).toBeUndefined();
  });

  it('refuses a bomb with 413 and a corrupt body with 400', async () => {
    expect(await step(invocation(gzipSync(Buffer.alloc(2 * 1024 * 1024)), 'gzip'))).toMatchObject({ type: 'REQUEST_TOO_LARGE' });
    expect(await step(invocation(Buffer.from('nope'), 'gzip'))).toMatchObject({ type: 'BAD_REQUEST_BODY' });
  });
});
