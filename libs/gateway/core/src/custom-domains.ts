/** One custom domain of the config document and its mappings (REST base path mappings and /v2 API mappings alike). */
export interface CustomDomainConfig {
  readonly domainName: string;
  readonly mappings: readonly { readonly basePath: string; readonly apiId: string; readonly stage?: string }[];
}

/** Where a request to a custom domain goes: the mapped API and stage, and the path below the mapping. */
export interface DomainTarget {
  /** Lower-case API id; the invoke path dispatches by it to the API's protocol. */
  readonly apiId: string;
  readonly stage: string;
  /** The mapping that matched (`v1/orders`, `""` for `(none)`): `$context.customDomain.basePathMatched`. */
  readonly basePathMatched: string;
  /** The raw path below the mapping (`/7`, `/`, or `` at the mapping's root): what the API routes. */
  readonly path: string;
  /** The raw path as the client sent it, mapping included. */
  readonly rawPath: string;
  /** Raw query string without `?`. */
  readonly rawQuery: string;
  /** The custom domain (Host without its port, lower-case): `$context.domainName`. */
  readonly domainName: string;
}

interface CompiledMapping {
  /** `""` for `(none)`, else `/v1` or `/v1/orders`. */
  readonly prefix: string;
  readonly basePath: string;
  readonly apiId: string;
  readonly stage: string;
}

/**
 * Custom domain names and their mappings, compiled once per config for every protocol: per domain its mappings
 * longest base path first, so that `/v1/orders/7` picks `v1/orders` over `v1` over `(none)`, as AWS routes. A
 * mapping matches whole segments only (`/v10` is not under `v1`); the API sees the path below it.
 */
export class CustomDomains {
  private constructor(private readonly domains: ReadonlyMap<string, readonly CompiledMapping[]>) {}

  static readonly empty = new CustomDomains(new Map());

  static compile(domainNames: readonly CustomDomainConfig[]): CustomDomains {
    if (domainNames.length === 0) return CustomDomains.empty;
    const domains = new Map<string, CompiledMapping[]>();
    for (const domain of domainNames) {
      const mappings = domain.mappings
        // A REST mapping without a stage takes the stage from the path on AWS (v2 only); it is not served here.
        .filter((m): m is typeof m & { stage: string } => m.stage !== undefined)
        .map((m) => ({ prefix: m.basePath === '' ? '' : `/${m.basePath}`, basePath: m.basePath, apiId: m.apiId.toLowerCase(), stage: m.stage }))
        .sort((a, b) => b.prefix.length - a.prefix.length);
      domains.set(domain.domainName.toLowerCase(), mappings);
    }
    return new CustomDomains(domains);
  }

  get size(): number {
    return this.domains.size;
  }

  /**
   * The target of a request to a custom domain: undefined when the host is not one (the execute-api forms apply),
   * `null` when it is one but no mapping matches (403, as AWS answers).
   */
  resolve(host: string | undefined, url: string): DomainTarget | null | undefined {
    if (host === undefined || this.domains.size === 0) return undefined;
    const domainName = hostname(host);
    const mappings = this.domains.get(domainName);
    if (!mappings) return undefined;
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    for (const mapping of mappings) {
      if (mapping.prefix !== '' && !(rawPath === mapping.prefix || rawPath.startsWith(`${mapping.prefix}/`))) continue;
      return { apiId: mapping.apiId, stage: mapping.stage, basePathMatched: mapping.basePath, path: rawPath.slice(mapping.prefix.length), rawPath, rawQuery, domainName };
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
