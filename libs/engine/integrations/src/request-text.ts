import type { Readable } from 'node:stream';

/**
 * Buffers a request payload as text for a mapping template (`$input.body`). Undefined when it grows past
 * `maxBytes` (the rest is drained so the client still gets its 413).
 */
export async function readRequestText(body: Readable | undefined, maxBytes: number): Promise<string | undefined> {
  if (!body) return '';
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
  return Buffer.concat(chunks, size).toString('utf8');
}
