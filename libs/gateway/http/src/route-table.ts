/**
 * HTTP API route selection (spec §4), compiled once per deployment.
 *
 * Precedence, most specific first:
 *   1. a route whose every segment matches (literal or `{param}`) — per segment a literal beats `{param}`;
 *      at the same path the exact method beats `ANY` (`ANY` only takes methods the path does not define);
 *   2. a greedy route (`/{proxy+}` last): the longest literal prefix wins, exact method before `ANY`;
 *   3. `$default`.
 * No match and no `$default`: the caller answers 404 `{"message":"Not Found"}`.
 *
 * The table is a segment trie walked depth-first, literal child first, then `{param}`; greedy routes are tried
 * only when no full match exists, so a greedy route never shadows a full match deeper in the tree.
 */

export const DEFAULT_ROUTE_KEY = '$default';

/** AWS does not enumerate the verbs; these plus `ANY` are what Portico accepts [I]. */
export const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'] as const;

export interface RouteMatch<T> {
  readonly route: T;
  /** `GET /pets/{id}` or `$default`. */
  readonly routeKey: string;
  /** Decoded values by parameter name; empty when the route has none. */
  readonly pathParameters: Readonly<Record<string, string>>;
}

interface Leaf<T> {
  readonly route: T;
  readonly routeKey: string;
  readonly names: readonly string[];
}

class Node<T> {
  readonly literals = new Map<string, Node<T>>();
  param: Node<T> | undefined;
  /** Parameter name at this depth for the `{param}` child (names may differ between routes; kept per leaf). */
  readonly methods = new Map<string, Leaf<T>>();
  readonly greedy = new Map<string, Leaf<T>>();
}

export type ParsedRouteKey =
  | { readonly ok: true; readonly method: string; readonly segments: readonly string[] }
  | { readonly ok: true; readonly method: '$default'; readonly segments: readonly [] }
  | { readonly ok: false; readonly reason: string };

/** Parses `METHOD /path/{param}/{proxy+}` or `$default`. */
export function parseRouteKey(routeKey: string): ParsedRouteKey {
  if (routeKey === DEFAULT_ROUTE_KEY) return { ok: true, method: '$default', segments: [] };
  const space = routeKey.indexOf(' ');
  if (space <= 0) return { ok: false, reason: `route key ${JSON.stringify(routeKey)} is not "METHOD /path" or $default` };
  const method = routeKey.slice(0, space);
  const path = routeKey.slice(space + 1);
  if (!(ROUTE_METHODS as readonly string[]).includes(method)) return { ok: false, reason: `unsupported method ${method}` };
  if (!path.startsWith('/')) return { ok: false, reason: 'route path must start with /' };
  const segments = path === '/' ? [] : path.slice(1).split('/');
  for (const [i, segment] of segments.entries()) {
    if (segment === '') return { ok: false, reason: 'route path has an empty segment' };
    if (segment.endsWith('+}') && i !== segments.length - 1) return { ok: false, reason: 'a greedy path variable must be last' };
  }
  return { ok: true, method, segments };
}

const paramName = (segment: string): string | undefined =>
  segment.startsWith('{') && segment.endsWith('}') && !segment.endsWith('+}') ? segment.slice(1, -1) : undefined;
const greedyName = (segment: string): string | undefined => (segment.startsWith('{') && segment.endsWith('+}') ? segment.slice(1, -2) : undefined);

function decode(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export class RouteTable<T> {
  private readonly root = new Node<T>();
  private defaultRoute: Leaf<T> | undefined;

  /** Builds the table; throws on a malformed route key (the control plane validates them first). */
  static compile<T>(routes: Iterable<{ readonly routeKey: string; readonly route: T }>): RouteTable<T> {
    const table = new RouteTable<T>();
    for (const { routeKey, route } of routes) table.add(routeKey, route);
    return table;
  }

  private add(routeKey: string, route: T): void {
    const parsed = parseRouteKey(routeKey);
    if (!parsed.ok) throw new Error(parsed.reason);
    if (parsed.method === '$default') {
      this.defaultRoute = { route, routeKey, names: [] };
      return;
    }
    let node = this.root;
    const names: string[] = [];
    const segments = parsed.segments;
    for (const [i, segment] of segments.entries()) {
      const greedy = greedyName(segment);
      if (greedy !== undefined) {
        names.push(greedy);
        node.greedy.set(parsed.method, { route, routeKey, names });
        return;
      }
      const name = paramName(segment);
      if (name !== undefined) {
        names.push(name);
        node = node.param ??= new Node<T>();
      } else {
        let next = node.literals.get(segment);
        if (!next) node.literals.set(segment, (next = new Node<T>()));
        node = next;
      }
      if (i === segments.length - 1) break;
    }
    node.methods.set(parsed.method, { route, routeKey, names });
  }

  /** The route for `method` and `path` (the path without the stage segment), or undefined (404). */
  select(method: string, path: string): RouteMatch<T> | undefined {
    const segments = splitPath(path);
    const values: string[] = [];
    const full = this.walk(this.root, segments, 0, method, values, false) ?? this.walk(this.root, segments, 0, method, values, true);
    if (full) return full;
    return this.defaultRoute && { route: this.defaultRoute.route, routeKey: this.defaultRoute.routeKey, pathParameters: {} };
  }

  private walk(node: Node<T>, segments: readonly string[], i: number, method: string, values: string[], greedy: boolean): RouteMatch<T> | undefined {
    if (i === segments.length) {
      if (greedy) return undefined;
      const leaf = node.methods.get(method) ?? node.methods.get('ANY');
      return leaf && matchOf(leaf, values);
    }
    const literal = node.literals.get(segments[i]);
    if (literal) {
      const found = this.walk(literal, segments, i + 1, method, values, greedy);
      if (found) return found;
    }
    if (node.param) {
      values.push(decode(segments[i]));
      const found = this.walk(node.param, segments, i + 1, method, values, greedy);
      values.pop();
      if (found) return found;
    }
    if (greedy) {
      const leaf = node.greedy.get(method) ?? node.greedy.get('ANY');
      if (leaf) {
        const rest = i === segments.length - 1 ? decode(segments[i]) : segments.slice(i).map(decode).join('/');
        values.push(rest);
        const found = matchOf(leaf, values);
        values.pop();
        return found;
      }
    }
    return undefined;
  }
}

function matchOf<T>(leaf: Leaf<T>, values: readonly string[]): RouteMatch<T> {
  const pathParameters: Record<string, string> = {};
  const names = leaf.names;
  for (let i = 0; i < names.length; i++) pathParameters[names[i]] = values[i];
  return { route: leaf.route, routeKey: leaf.routeKey, pathParameters };
}

/** `/a/b/` → `['a','b']`; `/` → `[]`. A trailing slash is ignored, as for REST APIs. */
function splitPath(path: string): string[] {
  const segments = path.split('/');
  segments.shift();
  if (segments.length > 0 && segments[segments.length - 1] === '') segments.pop();
  return segments;
}
