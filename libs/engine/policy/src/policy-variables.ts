import { escapeRegex, globSource } from './glob.js';
import type { ConditionContext } from './types.js';

/** A piece of a policy string: literal text (may hold wildcards), an escaped literal, or a variable. */
type Part =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'variable'; readonly key: string; readonly fallback: string | undefined };

// `${aws:username}`, `${aws:PrincipalTag/team, 'none'}`; `${*}`, `${?}`, `${$}` stand for the literal characters.
const VARIABLE = /\$\{([^}]*)\}/g;
const WITH_DEFAULT = /^\s*([^,\s]+)\s*,\s*'([^']*)'\s*$/;

const REGEX_CACHE_LIMIT = 512;

/**
 * A Resource or condition value that may contain policy variables (Version 2012-10-17 only). Parsed once;
 * resolved per request against the condition context. An unresolvable variable (key absent, no default)
 * makes the value match nothing, as in IAM.
 */
export class PolicyTemplate {
  private readonly parts: readonly Part[];
  readonly hasVariables: boolean;
  private readonly regexCache = new Map<string, RegExp>();

  constructor(readonly source: string, variablesEnabled: boolean) {
    this.parts = variablesEnabled ? parseParts(source) : [{ kind: 'text', text: source }];
    this.hasVariables = this.parts.some((p) => p.kind !== 'text');
  }

  /** The value with variables substituted (wildcards left as written); undefined when one cannot resolve. */
  resolve(context: ConditionContext): string | undefined {
    let out = '';
    for (const part of this.parts) {
      if (part.kind !== 'variable') {
        out += part.text;
        continue;
      }
      const value = lookupVariable(part.key, context) ?? part.fallback;
      if (value === undefined) return undefined;
      out += value;
    }
    return out;
  }

  /**
   * Matches `text` against the value as a wildcard pattern; substituted values and `${*}`-style escapes are
   * literal (a user name cannot widen a pattern).
   */
  matchGlob(text: string, context: ConditionContext, ignoreCase: boolean): boolean {
    let source = '';
    for (const part of this.parts) {
      if (part.kind === 'text') source += globSource(part.text);
      else if (part.kind === 'literal') source += escapeRegex(part.text);
      else {
        const value = lookupVariable(part.key, context) ?? part.fallback;
        if (value === undefined) return false;
        source += escapeRegex(value);
      }
    }
    const cacheKey = ignoreCase ? `i${source}` : `s${source}`;
    let regex = this.regexCache.get(cacheKey);
    if (!regex) {
      regex = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
      if (this.regexCache.size >= REGEX_CACHE_LIMIT) this.regexCache.clear();
      this.regexCache.set(cacheKey, regex);
    }
    return regex.test(text);
  }
}

function parseParts(source: string): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const match of source.matchAll(VARIABLE)) {
    if (match.index > last) parts.push({ kind: 'text', text: source.slice(last, match.index) });
    last = match.index + match[0].length;
    const inner = match[1];
    if (inner === '*' || inner === '?' || inner === '$') {
      parts.push({ kind: 'literal', text: inner });
      continue;
    }
    const withDefault = WITH_DEFAULT.exec(inner);
    if (withDefault) parts.push({ kind: 'variable', key: withDefault[1].toLowerCase(), fallback: withDefault[2] });
    else parts.push({ kind: 'variable', key: inner.trim().toLowerCase(), fallback: undefined });
  }
  if (last < source.length) parts.push({ kind: 'text', text: source.slice(last) });
  return parts;
}

/** Only single-valued keys can be substituted. */
function lookupVariable(key: string, context: ConditionContext): string | undefined {
  const values = context.get(key);
  return values && values.length === 1 ? values[0] : undefined;
}
