import type { PluginClock, PluginHttpClient, PluginLogger } from '@portico/plugin-sdk';
import { fetchHttpClient, silentLogger } from '../host/capabilities.js';
import { JwksKeySet } from './jwks-key-set.js';
import type { IssuerSource } from './resolve-issuer.js';

export interface JwksRegistryOptions {
  readonly http?: PluginHttpClient;
  readonly clock?: PluginClock;
  readonly logger?: PluginLogger;
  /** Per-fetch bound (discovery and JWKS each); default 5 s. */
  readonly fetchTimeoutMs?: number;
  /** Minimum time between refreshes caused by an unknown `kid` (key rotation); default 30 s. */
  readonly minRefreshIntervalMs?: number;
  /** Keys older than this are refetched; default: kept until an unknown `kid` refreshes them. */
  readonly maxAgeMs?: number;
}

const systemClock: PluginClock = { now: () => Date.now() };

/**
 * The key sets of JWT issuers, one per issuer, for the REST Cognito authorizer and HTTP APIs' JWT authorizers
 * alike. A process keeps one registry for HTTP APIs (a config swap refetches nothing); each Cognito authorizer
 * instance keeps its own, on the plugin's capabilities (its http client, clock and logger).
 */
export class JwksRegistry {
  private readonly byIssuer = new Map<string, JwksKeySet>();

  constructor(private readonly options: JwksRegistryOptions = {}) {}

  /**
   * The key set of an OpenID Connect issuer (its exact `iss`), its `jwks_uri` found through the issuer's discovery
   * document (`{issuer}/.well-known/openid-configuration`) on each refresh until one succeeds.
   */
  oidcIssuer(issuer: string): JwksKeySet {
    const discovery = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const timeoutMs = this.options.fetchTimeoutMs ?? 5000;
    return this.keySet({
      issuer,
      jwksUri: async () => {
        if (!/^https?:\/\//i.test(discovery)) throw new Error(`issuer ${issuer} is not an http(s) URL`);
        const response = await (this.options.http ?? defaultHttp()).request(discovery, { timeoutMs, headers: { accept: 'application/json' } });
        if (response.status !== 200) throw new Error(`OIDC discovery at ${discovery} answered ${response.status}`);
        const document = (await response.json()) as { jwks_uri?: unknown };
        if (typeof document.jwks_uri !== 'string' || !URL.canParse(document.jwks_uri)) throw new Error(`OIDC discovery at ${discovery} has no jwks_uri`);
        return document.jwks_uri;
      },
    });
  }

  /** The key set of `source.issuer`, created (not fetched) on first use. */
  keySet(source: IssuerSource): JwksKeySet {
    let set = this.byIssuer.get(source.issuer);
    if (!set) {
      set = new JwksKeySet({
        jwksUri: source.jwksUri,
        http: this.options.http ?? defaultHttp(),
        clock: this.options.clock ?? systemClock,
        logger: this.options.logger ?? silentLogger,
        fetchTimeoutMs: this.options.fetchTimeoutMs,
        minRefreshIntervalMs: this.options.minRefreshIntervalMs,
        maxAgeMs: this.options.maxAgeMs,
      });
      this.byIssuer.set(source.issuer, set);
    }
    return set;
  }
}

let sharedHttp: PluginHttpClient | undefined;
const defaultHttp = (): PluginHttpClient => (sharedHttp ??= fetchHttpClient());
