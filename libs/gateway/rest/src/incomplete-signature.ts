import type { IncomingHttpHeaders } from 'node:http';

/**
 * When nothing matches and the client sent an `Authorization` header, AWS does not say "Missing Authentication
 * Token": it parses the header as SigV4 and complains about it (spec §2.2, texts from recorded AWS answers), e.g.
 * `'eyJ…' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer eyJ…'.`
 * Undefined when there is no such header or it looks like a complete SigV4 header.
 */
export function incompleteSignatureMessage(headers: IncomingHttpHeaders): string | undefined {
  const value = headers.authorization;
  if (value === undefined || value === '') return undefined;
  const space = value.indexOf(' ');
  const parameters = space < 0 ? '' : value.slice(space + 1);
  const present = new Set<string>();
  for (const raw of parameters.split(',')) {
    const token = raw.trim();
    if (token === '') continue;
    const eq = token.indexOf('=');
    if (eq < 0) return `'${token}' not a valid key=value pair (missing equal-sign) in Authorization header: '${value}'.`;
    present.add(token.slice(0, eq));
  }
  const missing: string[] = [];
  for (const name of ['Credential', 'Signature', 'SignedHeaders']) {
    if (!present.has(name)) missing.push(`Authorization header requires '${name}' parameter.`);
  }
  if (headers['x-amz-date'] === undefined && headers.date === undefined) {
    missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  return missing.length === 0 ? undefined : `${missing.join(' ')} Authorization=${value}`;
}
