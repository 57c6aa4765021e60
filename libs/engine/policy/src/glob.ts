/** Tests a string against a compiled IAM wildcard pattern. */
export type Matcher = (text: string) => boolean;

const MATCH_ALL: Matcher = () => true;

/** Regex source for an IAM glob: `*` any run of characters (slashes and colons included), `?` exactly one. */
export function globSource(pattern: string): string {
  let source = '';
  for (const char of pattern) {
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else source += escapeRegex(char);
  }
  return source;
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/**
 * Compiles an IAM wildcard pattern once. A lone `*` matches everything; a pattern without wildcards is a
 * string comparison; the rest become an anchored regular expression (dotAll: `*` spans newlines too).
 */
export function compileGlob(pattern: string, ignoreCase = false): Matcher {
  if (pattern === '*') return MATCH_ALL;
  if (!hasWildcard(pattern)) {
    if (!ignoreCase) return (text) => text === pattern;
    const lower = pattern.toLowerCase();
    return (text) => text.toLowerCase() === lower;
  }
  const regex = new RegExp(`^${globSource(pattern)}$`, ignoreCase ? 'is' : 's');
  return (text) => regex.test(text);
}
