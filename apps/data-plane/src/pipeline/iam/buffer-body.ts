import { Readable } from 'node:stream';

/**
 * Reads a request body whole (a SigV4 signature covers its hash) and hands back a fresh stream of the same
 * bytes for the integration. Undefined when the body exceeds `limit` (the caller answers 413).
 */
export async function bufferBody(body: Readable, limit: number): Promise<{ bytes: Buffer; replay: Readable } | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > limit) return undefined;
    chunks.push(buffer);
  }
  const bytes = Buffer.concat(chunks, size);
  return { bytes, replay: Readable.from(bytes.length === 0 ? [] : [bytes]) };
}
