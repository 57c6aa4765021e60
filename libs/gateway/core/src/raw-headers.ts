/**
 * A header's value read from node's raw list `[name, value, …]` without building `req.headers`: node parses that
 * object lazily, on first read, header by header (`_addHeaderLine`), and a pass-through request needs only Host
 * and the body's framing of it. `lowerName` is lower-case; names compare case-insensitively, the length first, so
 * that no name is lower-cased unless it could match.
 *
 * Duplicates as node's `req.headers` has them: the first value of the headers node keeps once (Host,
 * Content-Length, …; `once`), every value joined with `, ` for the others.
 */
export function rawHeader(raw: readonly string[], lowerName: string, once = true): string | undefined {
  const length = lowerName.length;
  let found: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    if (name.length !== length || (name !== lowerName && name.toLowerCase() !== lowerName)) continue;
    if (once) return raw[i + 1];
    found = found === undefined ? raw[i + 1] : `${found}, ${raw[i + 1]}`;
  }
  return found;
}
