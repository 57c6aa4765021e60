import { compileParameterSource, type ParameterSource } from './parameter-source.js';

export interface CompiledRequestParameters {
  readonly path: ReadonlyMap<string, ParameterSource>;
  readonly querystring: ReadonlyArray<readonly [string, ParameterSource]>;
  /** Header names as configured (case kept for the wire) with their sources. */
  readonly header: ReadonlyArray<readonly [string, ParameterSource]>;
  /** Lower-case names of mapped headers: a mapped header replaces the client's header of the same name. */
  readonly headerNames: ReadonlySet<string>;
  readonly querystringNames: ReadonlySet<string>;
}

/**
 * Compiles an integration's `requestParameters` (`integration.request.{path|querystring|header}.x` ←
 * expression) into closures, once per method.
 */
export function compileRequestParameters(
  mappings: Readonly<Record<string, string>>,
  stageVariables: Readonly<Record<string, string>>,
): { ok: true; value: CompiledRequestParameters } | { ok: false; reason: string } {
  const path = new Map<string, ParameterSource>();
  const querystring: Array<readonly [string, ParameterSource]> = [];
  const header: Array<readonly [string, ParameterSource]> = [];
  for (const [target, expression] of Object.entries(mappings)) {
    const match = /^integration\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.(.+)$/.exec(target);
    if (!match) return { ok: false, reason: `invalid mapping target ${target}` };
    const compiled = compileParameterSource(expression, { allowIntegrationResponse: false, allowMethodRequest: true, stageVariables });
    if (!compiled.ok) return compiled;
    const [, kind, name] = match;
    if (kind === 'path') path.set(name, compiled.source);
    else if (kind === 'querystring' || kind === 'multivaluequerystring') querystring.push([name, compiled.source]);
    else header.push([name, compiled.source]);
  }
  return {
    ok: true,
    value: {
      path,
      querystring,
      header,
      headerNames: new Set(header.map(([name]) => name.toLowerCase())),
      querystringNames: new Set(querystring.map(([name]) => name)),
    },
  };
}
