import type { DomainNameConfig } from '@portico/contracts';
import type { InvokeTarget } from './resolve-invoke-target.js';

interface CompiledMapping {
  /** `""` for `(none)`, else `/v1` or `/v1/orders`. */
  readonly prefix: string;
  readonly apiId: string;
  readonly stage: string;
}

/**
 * Custom domain names (CreateDomainName + base path mappings), compiled once per config: per domain its mappings
 * longest base path first, so that `/v1/orders/7` picks `v1/orders` over `v1` over `(none)`, as AWS routes. A base
 * path matches whole segments only (`/v10` is not under `v1`). The base path is removed from the path the API sees.
 */
export class DomainRoutes {
  private constructor(private readonly domains: ReadonlyMap<string, readonly CompiledMapping[]>) {}

  static readonly empty = new DomainRoutes(new Map());

  static compile(domainNames: readonly DomainNameConfig[]): DomainRoutes {
    if (domainNames.length === 0) return DomainRoutes.empty;
    const domains = new Map<string, CompiledMapping[]>();
    for (const domain of domainNames) {
      const mappings = domain.mappings
        // A mapping without a stage takes the stage from the path on AWS (v2 only); it is not served here.
        .filter((m): m is typeof m & { stage: string } => m.stage !== undefined)
        .map((m) => ({ prefix: m.basePath === '' ? '' : `/${m.basePath}`, apiId: m.apiId.toLowerCase(), stage: m.stage }))
        .sort((a, b) => b.prefix.length - a.prefix.length);
      domains.set(domain.domainName.toLowerCase(), mappings);
    }
    return new DomainRoutes(domains);
  }

  get size(): number {
    return this.domains.size;
  }

  /**
   * The target of a request to a custom domain: undefined when the host is not one (the execute-api forms apply),
   * `null` when it is one but no base path matches (403, as AWS answers).
   */
  resolve(host: string | undefined, url: string): InvokeTarget | null | undefined {
    if (host === undefined || this.domains.size === 0) return undefined;
    const mappings = this.domains.get(hostname(host));
    if (!mappings) return undefined;
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    for (const mapping of mappings) {
      if (mapping.prefix !== '' && !(rawPath === mapping.prefix || rawPath.startsWith(`${mapping.prefix}/`))) continue;
      const path = rawPath.slice(mapping.prefix.length);
      return { apiId: mapping.apiId, stage: mapping.stage, path, rawQuery, contextPath: rawPath === '' ? '/' : rawPath };
    }
    return null;
  }
}

/** The Host header without its port, lower-cased (DNS names are case-insensitive). */
function hostname(host: string): string {
  const lower = host.toLowerCase();
  if (lower.startsWith('[')) return lower;
  const colon = lower.lastIndexOf(':');
  return colon < 0 ? lower : lower.slice(0, colon);
}
