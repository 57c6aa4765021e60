import { createHash } from 'node:crypto';
import type { Invocation } from '../invocation.js';

/** Reads one cache key parameter's value from a request (undefined: absent). */
type ParameterReader = (invocation: Invocation) => string | undefined;

const headerOf = (invocation: Invocation, name: string): string | undefined => {
  const value = invocation.req.headers[name];
  return value === undefined ? undefined : Array.isArray(value) ? value.join(',') : value;
};

/**
 * `method.request.{path|querystring|multivaluequerystring|header|multivalueheader}.{name}` → its reader. Names
 * other than method request parameters (AWS also lists `integration.request.*` forms) read the method request
 * parameter of the same name: the integration maps from it.
 */
function compileParameter(parameter: string): ParameterReader | undefined {
  const match = /^(?:method|integration)\.request\.(path|querystring|multivaluequerystring|header|multivalueheader)\.(.+)$/.exec(parameter);
  if (!match) return undefined;
  const [, location, name] = match;
  switch (location) {
    case 'path':
      return (invocation) => invocation.pathParameters[name];
    case 'querystring':
      // As in the mapping: the last value of a repeated parameter.
      return (invocation) => invocation.queryValues(name)?.at(-1);
    case 'multivaluequerystring':
      return (invocation) => invocation.queryValues(name)?.join(',');
    default: {
      const lower = name.toLowerCase();
      return (invocation) => headerOf(invocation, lower);
    }
  }
}

/**
 * A method's cache key, compiled once: the deployment (canary and base entries are apart when their deployments
 * differ), the integration's `cacheNamespace` (the resource id unless the API shares it between resources), the
 * verb, and the values of `cacheKeyParameters`. Nothing else of the request is in it: as on AWS, a parameter left
 * out of the key is ignored (`?type=admin` is served what `?type=user` cached). Hashed (SHA-256, base64url), so a
 * key's length does not depend on the request.
 */
export class CacheKeyBuilder {
  private readonly readers: { name: string; read: ParameterReader }[];
  private readonly base: string;
  /** The key of a method without key parameters: one entry, hashed once. */
  private readonly fixed: string | undefined;
  private readonly any: boolean;

  constructor(
    readonly stagePrefix: string,
    deploymentId: string,
    namespace: string,
    verb: string,
    parameters: readonly string[],
  ) {
    this.base = `${deploymentId}\n${namespace}\n${verb}`;
    this.readers = [...parameters]
      .sort()
      .flatMap((name) => {
        const read = compileParameter(name);
        return read ? [{ name, read }] : [];
      });
    // An ANY method's entries are per verb of the request: its key is built per request.
    this.any = verb === 'ANY';
    this.fixed = this.readers.length === 0 && !this.any ? stagePrefix + hash(this.base) : undefined;
  }

  /** The entry's key (without the Redis key prefix): the stage's prefix, then the hash. */
  key(invocation: Invocation): string {
    if (this.fixed !== undefined) return this.fixed;
    let material = this.any ? `${this.base}\n${invocation.httpMethod}` : this.base;
    for (const { name, read } of this.readers) {
      const value = read(invocation);
      // An absent parameter and an empty one are different keys.
      material += value === undefined ? `\n${name}` : `\n${name}=${value}`;
    }
    return this.stagePrefix + hash(material);
  }
}

function hash(material: string): string {
  return createHash('sha256').update(material, 'utf8').digest('base64url');
}
