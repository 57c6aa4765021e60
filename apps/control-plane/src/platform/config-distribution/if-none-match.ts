/**
 * If-None-Match as RFC 9110 compares it for GET: weak comparison (a `W/` prefix is ignored), a comma-separated
 * list of tags, or `*`. True when the client already holds `etag` (answer 304).
 */
export function ifNoneMatchHits(header: string, etag: string): boolean {
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}
