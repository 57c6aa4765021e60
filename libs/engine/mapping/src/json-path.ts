/**
 * The JSONPath subset mapping templates use (Jayway JsonPath, as API Gateway does): `$`, `.name`, `['name']`,
 * `["name"]`, `[n]` (negative counts from the end), `[*]` / `.*`, and `..name` (recursive descent). A path with a
 * wildcard or recursive descent is indefinite and yields a list; a definite path yields the value itself.
 */
type Step =
  | { readonly kind: 'member'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'wildcard' }
  | { readonly kind: 'descend'; readonly name: string | undefined };

export interface CompiledJsonPath {
  readonly definite: boolean;
  /** The value at the path; `undefined` when a definite path does not exist. */
  evaluate(root: unknown): unknown;
}

export type JsonPathResult = { readonly ok: true; readonly path: CompiledJsonPath } | { readonly ok: false; readonly reason: string };

const NAME = /^[A-Za-z_$@\-0-9]+/;

function parseSteps(expression: string): Step[] | string {
  const text = expression.trim();
  if (!text.startsWith('$')) return `JSONPath ${JSON.stringify(expression)} must start with $`;
  const steps: Step[] = [];
  let i = 1;
  while (i < text.length) {
    if (text.startsWith('..', i)) {
      i += 2;
      if (text[i] === '*') {
        steps.push({ kind: 'descend', name: undefined });
        i++;
        continue;
      }
      const m = NAME.exec(text.slice(i));
      if (!m) return `JSONPath ${JSON.stringify(expression)}: a name must follow ..`;
      steps.push({ kind: 'descend', name: m[0] });
      i += m[0].length;
    } else if (text[i] === '.') {
      i++;
      if (text[i] === '*') {
        steps.push({ kind: 'wildcard' });
        i++;
        continue;
      }
      if (text[i] === '[') continue;
      const m = NAME.exec(text.slice(i));
      if (!m) return `JSONPath ${JSON.stringify(expression)}: a name must follow .`;
      steps.push({ kind: 'member', name: m[0] });
      i += m[0].length;
    } else if (text[i] === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) return `JSONPath ${JSON.stringify(expression)}: unclosed [`;
      const inner = text.slice(i + 1, close).trim();
      i = close + 1;
      if (inner === '*') steps.push({ kind: 'wildcard' });
      else if (/^-?\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else if (/^'[^']*'$/.test(inner) || /^"[^"]*"$/.test(inner)) steps.push({ kind: 'member', name: inner.slice(1, -1) });
      else return `JSONPath ${JSON.stringify(expression)}: [${inner}] is not supported (names, indexes and * are)`;
    } else {
      return `JSONPath ${JSON.stringify(expression)}: unexpected ${JSON.stringify(text[i])}`;
    }
  }
  return steps;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isObject(value)) return Object.values(value);
  return [];
}

function descend(value: unknown, name: string | undefined, out: unknown[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (name === undefined) out.push(item);
      descend(item, name, out);
    }
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (name === undefined || key === name) out.push(item);
      descend(item, name, out);
    }
  }
}

function member(value: unknown, name: string): unknown {
  return isObject(value) && Object.prototype.hasOwnProperty.call(value, name) ? value[name] : undefined;
}

function at(value: unknown, index: number): unknown {
  if (!Array.isArray(value)) return undefined;
  return value[index < 0 ? value.length + index : index];
}

/** Compiles a JSONPath once (templates are compiled once per config revision, and so are their literal paths). */
export function compileJsonPath(expression: string): JsonPathResult {
  const steps = parseSteps(expression);
  if (typeof steps === 'string') return { ok: false, reason: steps };
  const definite = steps.every((s) => s.kind === 'member' || s.kind === 'index');
  if (definite) {
    return {
      ok: true,
      path: {
        definite,
        evaluate(root) {
          let value = root;
          for (const step of steps) {
            value = step.kind === 'member' ? member(value, step.name) : at(value, (step as { index: number }).index);
            if (value === undefined) return undefined;
          }
          return value;
        },
      },
    };
  }
  return {
    ok: true,
    path: {
      definite,
      evaluate(root) {
        let current: unknown[] = [root];
        for (const step of steps) {
          const next: unknown[] = [];
          for (const value of current) {
            if (step.kind === 'member') {
              const v = member(value, step.name);
              if (v !== undefined) next.push(v);
            } else if (step.kind === 'index') {
              const v = at(value, step.index);
              if (v !== undefined) next.push(v);
            } else if (step.kind === 'wildcard') {
              next.push(...children(value));
            } else {
              descend(value, step.name, next);
            }
          }
          current = next;
        }
        return current;
      },
    },
  };
}

const cache = new Map<string, JsonPathResult>();

/** Compiled paths by expression text; templates call `$input.json('$.a')` with literal paths, a small set. */
export function cachedJsonPath(expression: string): JsonPathResult {
  let result = cache.get(expression);
  if (!result) {
    result = compileJsonPath(expression);
    if (cache.size < 10_000) cache.set(expression, result);
  }
  return result;
}
