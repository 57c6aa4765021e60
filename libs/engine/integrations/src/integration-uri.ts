/** `${stageVariables.name}` anywhere in a string; a missing variable renders as the empty string (spec §2.8). */
const STAGE_VARIABLE = /\$\{stageVariables\.([A-Za-z0-9_]+)\}/g;

export function substituteStageVariables(text: string, stageVariables: Readonly<Record<string, string>>): string {
  return text.replace(STAGE_VARIABLE, (_all, name: string) => stageVariables[name] ?? '');
}

export interface CompiledUri {
  /** `scheme://host[:port]`, normalised, the key of the origin's connection pool. */
  readonly origin: string;
  /** Placeholder names used in the path (`{proxy}` → `proxy`). */
  readonly placeholders: readonly string[];
  /** The query string the URI itself carries (without `?`), `''` when none. */
  readonly query: string;
  /** Builds the request path (without query) from placeholder values; a missing value renders as ''. */
  path<C>(value: (name: string, context: C) => string | undefined, context: C): string;
}

/**
 * Compiles an HTTP integration URI once per stage: stage variables are substituted at compile time (they are
 * fixed per stage); `{param}` placeholders in the path stay as slots filled per request, with values inserted
 * raw (a greedy `{proxy}` keeps its slashes).
 */
export function compileIntegrationUri(
  uri: string,
  stageVariables: Readonly<Record<string, string>>,
): { ok: true; value: CompiledUri } | { ok: false; reason: string } {
  const text = substituteStageVariables(uri, stageVariables);
  const match = /^(https?):\/\/([^/?#]+)([^#]*)/i.exec(text);
  if (!match) return { ok: false, reason: `integration uri ${JSON.stringify(text)} is not an absolute http(s) URL` };
  const [, scheme, authority, rest] = match;
  if (authority.includes('{')) return { ok: false, reason: `path parameters in the integration host are not supported: ${uri}` };
  let origin: string;
  try {
    origin = new URL(`${scheme}://${authority}`).origin;
  } catch {
    return { ok: false, reason: `integration uri ${JSON.stringify(text)} has an invalid host` };
  }
  const q = rest.indexOf('?');
  const pathTemplate = (q < 0 ? rest : rest.slice(0, q)) || '/';
  const query = q < 0 ? '' : rest.slice(q + 1);
  const literals: string[] = [];
  const placeholders: string[] = [];
  const slot = /\{([^{}]+)\}/g;
  let last = 0;
  for (let m = slot.exec(pathTemplate); m; m = slot.exec(pathTemplate)) {
    literals.push(pathTemplate.slice(last, m.index));
    placeholders.push(m[1].endsWith('+') ? m[1].slice(0, -1) : m[1]);
    last = m.index + m[0].length;
  }
  literals.push(pathTemplate.slice(last));
  const path =
    placeholders.length === 0
      ? () => pathTemplate
      : <C>(value: (name: string, context: C) => string | undefined, context: C) => {
          let out = literals[0];
          for (let i = 0; i < placeholders.length; i++) out += (value(placeholders[i], context) ?? '') + literals[i + 1];
          return out;
        };
  return { ok: true, value: { origin, placeholders, query, path } };
}
