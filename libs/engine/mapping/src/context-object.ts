/**
 * `$context` as templates see it: a nested object (`$context.identity.sourceIp`) built from flat dotted names
 * (`identity.sourceIp`), the form the pipeline and access logs use. Unset variables are left out.
 */
export function contextObject(values: Iterable<readonly [string, unknown]>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, value] of values) {
    if (value === undefined) continue;
    const keys = name.split('.');
    let node = root;
    for (let i = 0; i < keys.length - 1; i++) {
      const next = node[keys[i]];
      if (typeof next === 'object' && next !== null) node = next as Record<string, unknown>;
      else node = node[keys[i]] = {};
    }
    node[keys[keys.length - 1]] = value;
  }
  return root;
}
