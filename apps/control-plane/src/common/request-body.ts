import type { FastifyInstance } from 'fastify';
import type { AdminRequest } from './admin-request.js';

/**
 * One content-type parser for everything: keep the raw bytes (the SigV4 guard hashes exactly what was sent)
 * and parse JSON ourselves, so that malformed JSON is a 400 SerializationException rendered by our filter
 * instead of Fastify's own error. Bodies that are not JSON (ImportRestApi's OpenAPI, CSV) stay Buffers.
 */
export function registerRequestBodyParser(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (request, body, done) => {
    const req = request as AdminRequest;
    const raw = body as Buffer;
    req.rawBody = raw;
    if (raw.length === 0) return done(null, undefined);
    const contentType = String(request.headers['content-type'] ?? '').toLowerCase();
    // An OpenAPI document stays bytes whatever its Content-Type: it may be YAML, and its own parser reports it.
    if (!isJsonContentType(contentType) || isOpenApiUpload(request.method, request.url)) return done(null, raw);
    // The import operations take a document (CSV for ImportApiKeys, OpenAPI for ImportRestApi/PutRestApi), and the
    // AWS CLI v1 sends it with no Content-Type at all: without one, such a body is the document, never JSON.
    if (contentType === '' && takesDocument(request.query)) return done(null, raw);
    try {
      done(null, JSON.parse(raw.toString('utf8')) as unknown);
    } catch (error) {
      req.bodyError = `Could not parse request body into json: ${(error as Error).message}`;
      done(null, undefined);
    }
  });
}

function isJsonContentType(contentType: string): boolean {
  const mediaType = contentType.split(';')[0].trim();
  return mediaType === '' || mediaType === 'application/json' || mediaType.endsWith('+json') || mediaType === 'application/x-amz-json-1.1';
}

/** `?mode=import` (ImportApiKeys, ImportRestApi) and `?mode=merge|overwrite` (PutRestApi) send documents. */
function takesDocument(query: unknown): boolean {
  const mode = (query as Record<string, unknown> | undefined)?.mode;
  return mode === 'import' || mode === 'merge' || mode === 'overwrite';
}

/** ImportRestApi (`POST /restapis?mode=import`) and PutRestApi (`PUT /restapis/{id}`). */
function isOpenApiUpload(method: string, url: string): boolean {
  const [path, query = ''] = url.split('?', 2) as [string, string?];
  if (method === 'PUT') return /^\/restapis\/[^/]+\/?$/.test(path);
  return method === 'POST' && /^\/restapis\/?$/.test(path) && new URLSearchParams(query).get('mode') === 'import';
}
