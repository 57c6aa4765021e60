import type { CorsConfiguration } from '@portico/contracts';
import type { HeaderPairs } from './response-head.js';

/**
 * An API's CORS configuration (spec §9), compiled once per deployment. With a configuration the gateway answers
 * preflight `OPTIONS` itself (no route needed) and puts the configured `access-control-*` headers on every CORS
 * answer, dropping those of the integration. Where AWS is silent [I]: an allowed preflight is 204; only the
 * request's origin is echoed (with `Vary: Origin`) unless `*` is allowed without credentials; a request from an
 * origin that is not allowed gets no CORS headers at all.
 */
export class CompiledCors {
  private readonly anyOrigin: boolean;
  private readonly origins: ReadonlySet<string>;
  private readonly methods: string | undefined;
  private readonly anyHeader: boolean;
  private readonly headers: string | undefined;
  private readonly expose: string | undefined;
  private readonly maxAge: string | undefined;
  private readonly credentials: boolean;

  constructor(config: Partial<CorsConfiguration>) {
    const origins = config.allowOrigins ?? [];
    this.anyOrigin = origins.includes('*');
    this.origins = new Set(origins.filter((o) => o !== '*').map((o) => o.toLowerCase()));
    this.methods = config.allowMethods?.length ? config.allowMethods.join(',') : undefined;
    this.anyHeader = config.allowHeaders?.includes('*') ?? false;
    this.headers = config.allowHeaders?.length ? config.allowHeaders.join(',') : undefined;
    this.expose = config.exposeHeaders?.length ? config.exposeHeaders.join(',') : undefined;
    this.maxAge = config.maxAge === undefined || config.maxAge < 0 ? undefined : String(config.maxAge);
    this.credentials = config.allowCredentials === true;
  }

  /** A CORS preflight: OPTIONS with `Origin` and `Access-Control-Request-Method`. */
  static isPreflight(method: string, origin: string | undefined, requestMethod: string | undefined): boolean {
    return method === 'OPTIONS' && origin !== undefined && requestMethod !== undefined;
  }

  /** The `Access-Control-Allow-Origin` value for `origin`, or undefined when it is not allowed. */
  private allowOrigin(origin: string): string | undefined {
    if (this.origins.has(origin.toLowerCase())) return origin;
    if (this.anyOrigin) return this.credentials ? origin : '*';
    return undefined;
  }

  /** Headers of the gateway's own preflight answer (204). */
  preflightHeaders(origin: string, requestHeaders: string | undefined): HeaderPairs {
    const out: HeaderPairs = [];
    const allowed = this.allowOrigin(origin);
    if (allowed === undefined) return out;
    out.push(['access-control-allow-origin', allowed]);
    if (allowed !== '*') out.push(['vary', 'Origin']);
    if (this.credentials) out.push(['access-control-allow-credentials', 'true']);
    if (this.methods) out.push(['access-control-allow-methods', this.methods]);
    // `*` in allowHeaders: whatever the browser asks for is allowed (echoed, as `*` is literal with credentials).
    const headers = this.anyHeader && requestHeaders ? requestHeaders : this.headers;
    if (headers) out.push(['access-control-allow-headers', headers]);
    if (this.expose) out.push(['access-control-expose-headers', this.expose]);
    if (this.maxAge) out.push(['access-control-max-age', this.maxAge]);
    return out;
  }

  /** Rewrites an answer's headers for a CORS request from `origin`: the integration's CORS headers go, ours come. */
  applyToResponse(origin: string, headers: HeaderPairs): void {
    for (let i = headers.length - 1; i >= 0; i--) {
      if (headers[i][0].toLowerCase().startsWith('access-control-')) headers.splice(i, 1);
    }
    const allowed = this.allowOrigin(origin);
    if (allowed === undefined) return;
    headers.push(['access-control-allow-origin', allowed]);
    if (allowed !== '*') headers.push(['vary', 'Origin']);
    if (this.credentials) headers.push(['access-control-allow-credentials', 'true']);
    if (this.expose) headers.push(['access-control-expose-headers', this.expose]);
  }
}
