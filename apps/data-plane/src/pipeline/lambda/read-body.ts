import type { Readable } from 'node:stream';

const EMPTY = Buffer.alloc(0);

/**
 * Buffers a request body for integrations that need it whole (a Lambda event, a mapping template's `$input`).
 * Undefined when it grows past `maxBytes` (bodies of known length were checked before the pipeline got here;
 * a chunked one is counted as it arrives).
 */
export async function readBody(body: Readable | undefined, maxBytes: number): Promise<Buffer | undefined> {
  if (!body) return EMPTY;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      body.resume();
      return undefined;
    }
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
}
