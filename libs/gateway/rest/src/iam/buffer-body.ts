import { Readable } from 'node:stream';
import { readRequestBody } from '@portico/engine-integrations';

/**
 * Reads a request body whole (a SigV4 signature covers its hash) and hands back a fresh stream of the same
 * bytes for the integration. Undefined when the body exceeds `limit` (the caller answers 413).
 */
export async function bufferBody(body: Readable, limit: number): Promise<{ bytes: Buffer; replay: Readable } | undefined> {
  const bytes = await readRequestBody(body, limit);
  if (bytes === undefined) return undefined;
  return { bytes, replay: Readable.from(bytes.length === 0 ? [] : [bytes]) };
}
