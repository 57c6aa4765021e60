import type { IncomingHttpHeaders } from 'node:http';
import { compileJsonPath } from '@portico/engine-mapping';
import type { MethodRequest } from './types.js';

/** The backend's response, for `integration.response.*` sources. `body` is present only when a mapping needs it. */
export interface IntegrationResponseView {
  readonly headers: IncomingHttpHeaders;
  readonly body?: string;
}

/** A compiled mapping expression: the value(s) it yields for one request, or undefined when absent. */
export type ParameterSource = (
  request: MethodRequest,
  response?: IntegrationResponseView,
) => string | readonly string[] | undefined;

export type CompiledSource = { readonly ok: true; readonly source: ParameterSource } | { readonly ok: false; readonly reason: string };

export interface SourceScope {
  /** Which families of expressions are valid where this mapping is used. */
  readonly allowIntegrationResponse: boolean;
  readonly allowMethodRequest: boolean;
  /** The stage's variables: `stageVariables.x` is resolved at compile time (missing → empty string). */
  readonly stageVariables: Readonly<Record<string, string>>;
}

function lastValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[value.length - 1] : value;
}

function allHeaderValues(rawHeaders: readonly string[], lowerName: string): string[] | undefined {
  let values: string[] | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toLowerCase() === lowerName) (values ??= []).push(rawHeaders[i + 1]);
  }
  return values;
}

const NOT_JSON = Symbol('not JSON');

// Several `integration.response.body.*` mappings of one response share one parse of its body (keyed by the
// response view, so nothing outlives the response).
const parsedBodies = new WeakMap<IntegrationResponseView, unknown>();

function parsedBody(response: IntegrationResponseView): unknown {
  if (parsedBodies.has(response)) return parsedBodies.get(response);
  const text = response.body;
  let value: unknown = NOT_JSON;
  if (text !== undefined) {
    try {
      value = JSON.parse(text);
    } catch {
      value = NOT_JSON;
    }
  }
  parsedBodies.set(response, value);
  return value;
}

/**
 * Resolves `integration.response.body.<JSONPath>`: AWS writes the path without `$` (`body.redirect.url`), and
 * `$.redirect.url` is accepted too. Undefined when the path does not compile (refused at compile time).
 */
function compileBodyPath(path: string): ((response: IntegrationResponseView) => string | undefined) | undefined {
  const compiled = compileJsonPath(path.startsWith('$') ? path : `$.${path}`);
  if (!compiled.ok) return undefined;
  const { path: jsonPath } = compiled;
  return (response) => {
    const body = parsedBody(response);
    if (body === NOT_JSON) return undefined;
    const value = jsonPath.evaluate(body);
    if (value === undefined) return undefined;
    return typeof value === 'string' ? value : JSON.stringify(value);
  };
}

/**
 * Compiles one right-hand side of a `requestParameters` / `responseParameters` mapping, once per config:
 * `'static'`, `method.request.{path|querystring|multivaluequerystring|header|multivalueheader}.x`,
 * `integration.response.{header|multivalueheader}.x`, `integration.response.body[.JSONPath]`,
 * `stageVariables.x`, `context.x`.
 */
export function compileParameterSource(expression: string, scope: SourceScope): CompiledSource {
  const expr = expression.trim();
  if (expr.length >= 2 && expr.startsWith("'") && expr.endsWith("'")) {
    const value = expr.slice(1, -1);
    return { ok: true, source: () => value };
  }
  if (expr.startsWith('stageVariables.')) {
    const value = scope.stageVariables[expr.slice('stageVariables.'.length)] ?? '';
    return { ok: true, source: () => value };
  }
  if (expr.startsWith('context.')) {
    const name = expr.slice('context.'.length);
    return { ok: true, source: (request) => request.contextValue(name) };
  }
  if (expr.startsWith('method.request.')) {
    if (!scope.allowMethodRequest) return { ok: false, reason: `${expr} is not available here` };
    const rest = expr.slice('method.request.'.length);
    const dot = rest.indexOf('.');
    const kind = dot < 0 ? rest : rest.slice(0, dot);
    const name = dot < 0 ? '' : rest.slice(dot + 1);
    if (kind === 'body') return { ok: false, reason: `${expr}: request body mappings are not supported yet` };
    if (name === '') return { ok: false, reason: `invalid mapping expression ${expr}` };
    const lower = name.toLowerCase();
    switch (kind) {
      case 'path':
        return { ok: true, source: (request) => request.pathParameters[name] };
      case 'querystring':
        return {
          ok: true,
          source: (request) => {
            const values = request.queryValues(name);
            return values && values[values.length - 1];
          },
        };
      case 'multivaluequerystring':
        return { ok: true, source: (request) => request.queryValues(name) };
      case 'header':
        return { ok: true, source: (request) => lastValue(request.headers[lower]) };
      case 'multivalueheader':
        return { ok: true, source: (request) => allHeaderValues(request.rawHeaders, lower) };
      default:
        return { ok: false, reason: `invalid mapping expression ${expr}` };
    }
  }
  if (expr.startsWith('integration.response.')) {
    if (!scope.allowIntegrationResponse) return { ok: false, reason: `${expr} is not available here` };
    const rest = expr.slice('integration.response.'.length);
    if (rest === 'body') return { ok: true, source: (_request, response) => response?.body };
    if (rest.startsWith('body.')) {
      const read = compileBodyPath(rest.slice('body.'.length));
      if (!read) return { ok: false, reason: `${expr}: not a JSONPath this gateway supports (names, [n], [*], ..)` };
      return { ok: true, source: (_request, response) => (response === undefined ? undefined : read(response)) };
    }
    if (rest.startsWith('header.')) {
      const lower = rest.slice('header.'.length).toLowerCase();
      return { ok: true, source: (_request, response) => lastValue(response?.headers[lower]) };
    }
    if (rest.startsWith('multivalueheader.')) {
      const lower = rest.slice('multivalueheader.'.length).toLowerCase();
      return {
        ok: true,
        source: (_request, response) => {
          const value = response?.headers[lower];
          return value === undefined ? undefined : Array.isArray(value) ? value : [value];
        },
      };
    }
    return { ok: false, reason: `invalid mapping expression ${expr}` };
  }
  return { ok: false, reason: `invalid mapping expression ${expr}` };
}

/** True when a mapping reads the backend's body, which then has to be buffered. */
export function readsIntegrationBody(expression: string): boolean {
  return expression.trim().startsWith('integration.response.body');
}
