/** One identity source of an authorizer (spec §3.4). Path parameters cannot be identity sources. */
export type IdentitySource =
  | { readonly kind: 'header'; readonly name: string /* lower-case */ }
  | { readonly kind: 'querystring'; readonly name: string }
  | { readonly kind: 'stageVariable'; readonly name: string }
  | { readonly kind: 'context'; readonly name: string };

export type ParseIdentitySourceResult = { readonly ok: true; readonly sources: readonly IdentitySource[] } | { readonly ok: false; readonly reason: string };

const SOURCE = /^(?:method\.request\.(header|querystring)\.([^\s,]+)|(stageVariables)\.([A-Za-z0-9_]+)|(context)\.([A-Za-z0-9_.]+))$/;

/**
 * Parses `identitySource`: a comma-separated list (AWS writes `, `) of `method.request.header.X`,
 * `method.request.querystring.X`, `stageVariables.X` and `context.X`.
 */
export function parseIdentitySource(text: string | undefined): ParseIdentitySourceResult {
  if (text === undefined || text.trim() === '') return { ok: true, sources: [] };
  const sources: IdentitySource[] = [];
  for (const part of text.split(',')) {
    const match = SOURCE.exec(part.trim());
    if (!match) return { ok: false, reason: `Invalid identity source: ${part.trim()}` };
    if (match[1] === 'header') sources.push({ kind: 'header', name: match[2].toLowerCase() });
    else if (match[1] === 'querystring') sources.push({ kind: 'querystring', name: match[2] });
    else if (match[3]) sources.push({ kind: 'stageVariable', name: match[4] });
    else sources.push({ kind: 'context', name: match[6] });
  }
  return { ok: true, sources };
}
