/**
 * How a value a template prints looks in API Gateway, whose Velocity runs on Java: a list prints as
 * `AbstractCollection.toString` (`[1, a, null]`), a map as `AbstractMap.toString` (`{a=1, b=null}`); a null inside
 * either prints `null`. A scalar prints as itself (JavaScript's number text; AWS's own double formatting is not
 * documented).
 */
export function javaString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(javaString).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}=${javaString(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/** Plain data (JSON arrays and objects) prints Java-style; anything else (a template's helper objects) is left alone. */
export function isPlainData(value: unknown): value is object {
  if (Array.isArray(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
