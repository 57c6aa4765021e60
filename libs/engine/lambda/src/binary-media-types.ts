/** A media type pattern of `binaryMediaTypes`: exact, `type/*`, or `*\/*`. */
type Pattern = { readonly type: string; readonly subtype: string };

export interface BinaryMediaTypes {
  /** True when the media type of a Content-Type or Accept value matches one of the API's binaryMediaTypes. */
  matches(contentType: string | undefined): boolean;
}

function split(mediaType: string): Pattern | undefined {
  const semi = mediaType.indexOf(';');
  const bare = (semi < 0 ? mediaType : mediaType.slice(0, semi)).trim().toLowerCase();
  const slash = bare.indexOf('/');
  if (slash <= 0 || slash === bare.length - 1) return undefined;
  return { type: bare.slice(0, slash), subtype: bare.slice(slash + 1) };
}

/**
 * Compiles an API's `binaryMediaTypes` once per config. Entries may still carry the JSON-Patch escape `~1` for
 * `/` (as PATCH operations write them, `image~1png`).
 */
export function compileBinaryMediaTypes(types: readonly string[]): BinaryMediaTypes {
  const patterns = types.map((t) => split(t.replace(/~1/g, '/'))).filter((p): p is Pattern => p !== undefined);
  if (patterns.length === 0) return { matches: () => false };
  return {
    matches(contentType) {
      if (!contentType) return false;
      const actual = split(contentType);
      if (!actual) return false;
      return patterns.some(
        (p) => (p.type === '*' || p.type === actual.type) && (p.subtype === '*' || p.subtype === actual.subtype),
      );
    },
  };
}
