import { isObject, type OpenApiDocument, type OpenApiVersion } from './parse-document.js';

/** ImportRestApi / PutRestApi `basepath=` (spec §3). */
export type BasePathMode = 'ignore' | 'prepend' | 'split';
export const basePathModes: readonly BasePathMode[] = ['ignore', 'prepend', 'split'];

/**
 * The document's base path: Swagger's `basePath`; in OpenAPI 3.0 the `basePath` variable of the first server
 * that has one (used even when the URL does not reference it), otherwise the path of `servers[0].url`.
 */
export function documentBasePath(version: OpenApiVersion, doc: OpenApiDocument): string {
  if (version === '2.0') return typeof doc.basePath === 'string' ? doc.basePath : '/';
  const servers = Array.isArray(doc.servers) ? doc.servers.filter(isObject) : [];
  for (const server of servers) {
    const variable = isObject(server.variables) && isObject(server.variables.basePath) ? server.variables.basePath.default : undefined;
    if (typeof variable === 'string') return variable.startsWith('/') ? variable : `/${variable}`;
  }
  const url = servers[0]?.url;
  if (typeof url !== 'string') return '/';
  // `{scheme}://host/path` or a relative `/path`; variables in the URL are not resolved (AWS does not either).
  const withoutOrigin = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  return withoutOrigin.startsWith('/') ? withoutOrigin : '/';
}

/**
 * The prefix added to every path: `ignore` adds none, `prepend` the whole base path, `split` the base path
 * without its top-most segment (which AWS takes for a stage name).
 */
export function basePathPrefix(mode: BasePathMode, basePath: string): string {
  const segments = basePath.split('/').filter((s) => s !== '');
  if (mode === 'ignore') return '';
  const kept = mode === 'split' ? segments.slice(1) : segments;
  return kept.length === 0 ? '' : `/${kept.join('/')}`;
}
