import { TemplateFunctionError } from './util-functions.js';

interface MethodCall {
  property: string;
  context: unknown;
  params: unknown[];
}

export interface MethodHandler {
  uid: string;
  match(call: MethodCall): boolean;
  resolve(call: MethodCall): unknown;
}

function regex(source: unknown, flags = ''): RegExp {
  try {
    return new RegExp(String(source), flags);
  } catch {
    throw new TemplateFunctionError(`${JSON.stringify(String(source))} is not a valid regular expression`);
  }
}

function onString(name: string, resolve: (text: string, params: unknown[]) => unknown): MethodHandler {
  return { uid: `string.${name}`, match: (c) => typeof c.context === 'string' && c.property === name, resolve: (c) => resolve(c.context as string, c.params) };
}

function sizeOf(value: unknown): number | undefined {
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length;
  return undefined;
}

/**
 * Templates written for AWS call Java methods on the values they hold (`$s.length()`, `$s.replaceAll(re, r)`,
 * `$list.isEmpty()`, `$map.containsKey(k)`). JavaScript has some under other semantics (`replace` replaces the
 * first match only, `length` is a property) or not at all; these handlers give them their Java meaning.
 */
export const javaMethodHandlers: readonly MethodHandler[] = [
  onString('length', (s) => s.length),
  onString('isEmpty', (s) => s.length === 0),
  onString('contains', (s, [x]) => s.includes(String(x))),
  onString('equals', (s, [x]) => s === String(x)),
  onString('equalsIgnoreCase', (s, [x]) => s.toLowerCase() === String(x).toLowerCase()),
  onString('matches', (s, [re]) => regex(`^(?:${String(re)})$`).test(s)),
  onString('replaceAll', (s, [re, replacement]) => s.replace(regex(re, 'g'), String(replacement))),
  onString('replaceFirst', (s, [re, replacement]) => s.replace(regex(re), String(replacement))),
  onString('replace', (s, [from, to]) => s.split(String(from)).join(String(to))),
  onString('split', (s, [re]) => {
    const parts = s.split(regex(re));
    // Java drops trailing empty strings.
    while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    return parts;
  }),
  onString('charAt', (s, [i]) => s.charAt(Number(i))),
  {
    uid: 'collection.isEmpty',
    match: (c) => c.property === 'isEmpty' && typeof c.context === 'object' && c.context !== null,
    resolve: (c) => sizeOf(c.context) === 0,
  },
  {
    uid: 'list.contains',
    match: (c) => c.property === 'contains' && Array.isArray(c.context),
    resolve: (c) => (c.context as unknown[]).includes(c.params[0]),
  },
  {
    uid: 'map.containsKey',
    match: (c) => c.property === 'containsKey' && typeof c.context === 'object' && c.context !== null,
    resolve: (c) => Object.prototype.hasOwnProperty.call(c.context, String(c.params[0])),
  },
];
