import type { Readable } from 'node:stream';

const EMPTY = Buffer.alloc(0);

/**
 * Buffers a request body for integrations that need it whole (a Lambda event, a mapping template's `$input`).
 * Undefined when it grows past `maxBytes` (bodies of known length were checked before the pipeline got here;
 * a chunked one is counted as it arrives, and the rest is drained so the client still gets its 413).
 */
export async function readRequestBody(body: Readable | undefined, maxBytes: number): Promise<Buffer | undefined> {
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

/** The request payload as text for a mapping template (`$input.body`); undefined past `maxBytes`. */
export async function readRequestText(body: Readable | undefined, maxBytes: number): Promise<string | undefined> {
  const buffered = await readRequestBody(body, maxBytes);
  return buffered?.toString('utf8');
}
