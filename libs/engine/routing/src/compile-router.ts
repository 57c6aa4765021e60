/**
 * Route matching as API Gateway (REST) does it, compiled once per deployment into a segment trie.
 *
 * Precedence, most specific first (spec §2.2):
 *   1. a literal segment, then `{param}` (exactly one non-empty segment), then `{param+}` (one or more segments,
 *      greedy, always the last part of a resource path; never matches the root alone);
 *   2. on the resource reached, the exact verb, then `ANY` (which stands for the seven REST verbs only);
 *   3. when the most specific resource lacks the verb, the walk backtracks to the next less specific resource that
 *      has it (LocalStack-validated: `/part1/random` reaches `/{param+}` although `/part1` exists).
 * A trailing slash is ignored for matching; a greedy parameter keeps it, as the request spelled it. Paths are
 * case-sensitive and parameter values are NOT url-decoded (the proxy event carries them raw).
 */

export interface RouteDefinition<T> {
  /** The resource path as AWS stores it: `/`, `/pets/{petId}`, `/{proxy+}`. */
  readonly path: string;
  /** Values keyed by HTTP verb (`GET`, …, `ANY`). */
  readonly methods: Readonly<Record<string, T>>;
}

export interface RouteMatch<T> {
  readonly value: T;
  /** The matched resource's path (`$context.resourcePath`). */
  readonly resourcePath: string;
  /** The method key that matched: the verb itself or `ANY`. */
  readonly methodKey: string;
  /** Raw (not url-decoded) values by parameter name; a shared empty object when the resource has none. */
  readonly pathParameters: Readonly<Record<string, string>>;
}

export interface Router<T> {
  /** `path` is the request path below the stage (`/pets/1`, `/`, or ``), without the query string. */
  match(httpMethod: string, path: string): RouteMatch<T> | undefined;
}

/** The verbs that `ANY` stands for; any other verb only matches a method declared under its own name. */
const ANY_VERBS: ReadonlySet<string> = new Set(['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']);

const NO_PARAMETERS: Readonly<Record<string, string>> = Object.freeze({});

interface Leaf<T> {
  readonly resourcePath: string;
  /** Parameter names in the order their segments appear; values are collected positionally during the walk. */
  readonly parameterNames: readonly string[];
  readonly methods: ReadonlyMap<string, T>;
  readonly any: T | undefined;
}

interface TrieNode<T> {
  literals: Map<string, TrieNode<T>> | undefined;
  param: TrieNode<T> | undefined;
  greedy: Leaf<T> | undefined;
  leaf: Leaf<T> | undefined;
}

export class RouteDefinitionError extends Error {
  override readonly name = 'RouteDefinitionError';
}

function newNode<T>(): TrieNode<T> {
  return { literals: undefined, param: undefined, greedy: undefined, leaf: undefined };
}

function buildLeaf<T>(path: string, parameterNames: string[], methods: Readonly<Record<string, T>>): Leaf<T> {
  const byVerb = new Map<string, T>();
  let any: T | undefined;
  for (const [verb, value] of Object.entries(methods)) {
    if (verb === 'ANY') any = value;
    else byVerb.set(verb, value);
  }
  return { resourcePath: path, parameterNames, methods: byVerb, any };
}

/** Splits a request path below the stage into segments: leading slashes go, one trailing slash is ignored. */
export function splitRequestPath(path: string): string[] {
  let start = 0;
  while (start < path.length && path.charCodeAt(start) === 47) start++;
  let end = path.length;
  if (end > start && path.charCodeAt(end - 1) === 47) end--;
  if (end <= start) return [];
  return path.slice(start, end).split('/');
}

export function compileRouter<T>(routes: readonly RouteDefinition<T>[]): Router<T> {
  const root = newNode<T>();
  for (const route of routes) {
    if (!route.path.startsWith('/')) throw new RouteDefinitionError(`resource path must start with '/': ${route.path}`);
    const parts = route.path === '/' ? [] : route.path.slice(1).split('/');
    const parameterNames: string[] = [];
    let node = root;
    let greedyName: string | undefined;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (part === '') throw new RouteDefinitionError(`empty path part in resource path ${route.path}`);
      if (part.startsWith('{') && part.endsWith('}')) {
        const inner = part.slice(1, -1);
        if (inner.endsWith('+')) {
          if (i !== parts.length - 1) {
            throw new RouteDefinitionError(`a greedy path parameter must be the last part of ${route.path}`);
          }
          greedyName = inner.slice(0, -1);
          parameterNames.push(greedyName);
          break;
        }
        parameterNames.push(inner);
        node.param ??= newNode<T>();
        node = node.param;
      } else {
        node.literals ??= new Map();
        let next = node.literals.get(part);
        if (!next) {
          next = newNode<T>();
          node.literals.set(part, next);
        }
        node = next;
      }
    }
    const leaf = buildLeaf(route.path, parameterNames, route.methods);
    if (greedyName !== undefined) {
      if (node.greedy) throw new RouteDefinitionError(`two greedy resources at the same place: ${route.path}`);
      node.greedy = leaf;
    } else {
      if (node.leaf) throw new RouteDefinitionError(`duplicate resource path ${route.path}`);
      node.leaf = leaf;
    }
  }
  return new TrieRouter(root);
}

class TrieRouter<T> implements Router<T> {
  constructor(private readonly root: TrieNode<T>) {}

  match(httpMethod: string, path: string): RouteMatch<T> | undefined {
    const segments = splitRequestPath(path);
    const trailingSlash = path.length > 1 && path.charCodeAt(path.length - 1) === 47;
    return walk(this.root, segments, 0, httpMethod, ANY_VERBS.has(httpMethod), [], trailingSlash);
  }
}

function pick<T>(leaf: Leaf<T>, verb: string, anyAllowed: boolean): { value: T; key: string } | undefined {
  const exact = leaf.methods.get(verb);
  if (exact !== undefined) return { value: exact, key: verb };
  if (anyAllowed && leaf.any !== undefined) return { value: leaf.any, key: 'ANY' };
  return undefined;
}

function found<T>(leaf: Leaf<T>, chosen: { value: T; key: string }, values: readonly string[]): RouteMatch<T> {
  let pathParameters = NO_PARAMETERS;
  if (leaf.parameterNames.length > 0) {
    const params: Record<string, string> = {};
    for (let i = 0; i < leaf.parameterNames.length; i++) params[leaf.parameterNames[i]] = values[i];
    pathParameters = params;
  }
  return { value: chosen.value, resourcePath: leaf.resourcePath, methodKey: chosen.key, pathParameters };
}

function walk<T>(
  node: TrieNode<T>,
  segments: readonly string[],
  index: number,
  verb: string,
  anyAllowed: boolean,
  values: string[],
  trailingSlash: boolean,
): RouteMatch<T> | undefined {
  if (index === segments.length) {
    if (!node.leaf) return undefined;
    const chosen = pick(node.leaf, verb, anyAllowed);
    return chosen && found(node.leaf, chosen, values);
  }
  const segment = segments[index];
  const literal = node.literals?.get(segment);
  if (literal) {
    const hit = walk(literal, segments, index + 1, verb, anyAllowed, values, trailingSlash);
    if (hit) return hit;
  }
  if (node.param && segment !== '') {
    values.push(segment);
    const hit = walk(node.param, segments, index + 1, verb, anyAllowed, values, trailingSlash);
    if (hit) return hit;
    values.pop();
  }
  if (node.greedy) {
    const chosen = pick(node.greedy, verb, anyAllowed);
    const rest = index === segments.length - 1 ? segment : segments.slice(index).join('/');
    if (chosen && rest !== '') {
      values.push(trailingSlash ? `${rest}/` : rest);
      return found(node.greedy, chosen, values);
    }
  }
  return undefined;
}
