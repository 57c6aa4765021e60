import type { DecisionRecorder } from '@portico/gateway-core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConfigDocument, HttpApiSnapshot } from '@portico/contracts';
import type { OriginPools, VpcLinkDirectory } from '@portico/engine-integrations';
import type { FunctionRunner } from '@portico/engine-lambda';
import type { ThrottleKeys, ThrottleStore } from '@portico/engine-throttling';
import type { JwksRegistry } from '@portico/engine-authorizers';
import { AuthorizerResultCache, HttpGateway, createJwksRegistry, createVerifiedTokenCache, httpApiSnapshotsFrom, type HttpRequestRecord, type VerifiedTokens } from '@portico/gateway-http';
import { rawHeader, type CompiledGateway, type DomainTarget } from '@portico/gateway-core';
import { compileHttpApiIam } from './http-api-iam.js';

/** Process-wide state of HTTP APIs, shared by every config revision (a swap refetches no keys, forgets no result). */
export interface HttpApiRuntime {
  readonly jwks: JwksRegistry;
  readonly verifiedTokens: VerifiedTokens;
  readonly authorizerResults: AuthorizerResultCache;
}

export function createHttpApiRuntime(options: { jwksRefreshIntervalMs?: number } = {}): HttpApiRuntime {
  return { jwks: createJwksRegistry({ cooldownMs: options.jwksRefreshIntervalMs }), verifiedTokens: createVerifiedTokenCache(), authorizerResults: new AuthorizerResultCache() };
}

export interface ServeHttpApisOptions {
  readonly region: string;
  readonly accountId: string;
  readonly runtime: HttpApiRuntime;
  readonly originPools: OriginPools;
  /** The document's VPC links with their health (the REST gateway's): private integrations go through them. */
  readonly vpcLinks?: VpcLinkDirectory;
  readonly functionRunner: FunctionRunner;
  readonly throttle: ThrottleStore;
  /** The throttle store's key names, the REST pipeline's too (built once by the app): both protocols share the
   *  account bucket, so they must name it alike. */
  readonly throttleKeys: ThrottleKeys;
  /** The SigV4 clock window of AWS_IAM routes (`PORTICO_IAM_CLOCK_SKEW_SECONDS`), default 5 minutes. */
  readonly clockSkewMs?: number;
  observe?(record: HttpRequestRecord): void;
  /** Request metrics off: only access-logged stages are observed (no record is built for the others). */
  readonly observeOnlyAccessLogged?: boolean;
  /** The decision trail's ring (absent: the trail is off). */
  readonly decisions?: DecisionRecorder;
  onWarning?(message: string): void;
  onError?(error: unknown): void;
}

const EXECUTE_API = '.execute-api.';

/** `{apiId}` of `Host: {apiId}.execute-api.{anything}`, lower-case; undefined for other hosts. */
export function executeApiId(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const lower = host.toLowerCase();
  const at = lower.indexOf(EXECUTE_API);
  return at > 0 ? lower.slice(0, at) : undefined;
}

/** The HTTP API snapshots a raw config document carries (see `httpApiSnapshotsFrom`); throws when one is malformed. */
export function httpApisOf(raw: unknown): HttpApiSnapshot[] {
  return httpApiSnapshotsFrom(raw);
}

/**
 * One config revision's request handler for both protocols: a request whose `Host` names an HTTP API
 * (`{apiId}.execute-api.*`) goes to the HTTP API gateway, everything else to the REST pipeline. The invoke port
 * is the same for both, as on AWS. With no HTTP API in the document the REST gateway is returned unchanged.
 */
export function serveHttpApis(rest: CompiledGateway, document: ConfigDocument, apis: readonly HttpApiSnapshot[], options: ServeHttpApisOptions): CompiledGateway {
  if (apis.length === 0) return rest;
  const keys = options.throttleKeys;
  const lease = options.originPools.lease();
  const iamWarnings: string[] = [];
  const iam = compileHttpApiIam(document.iam, options.region, options.accountId, options.clockSkewMs ?? 5 * 60_000, iamWarnings);
  let http: HttpGateway;
  try {
    http = HttpGateway.compile(apis, {
      iam,
      region: options.region,
      accountId: options.accountId,
      lease,
      vpcLinks: options.vpcLinks,
      runner: options.functionRunner,
      throttle: options.throttle,
      throttleKeys: keys,
      // The account bucket is the REST one: HTTP, REST and WebSocket APIs share the account's limits (spec §10).
      accountBucket: { key: keys.account(), capacity: document.account.throttleSettings.burstLimit, rate: document.account.throttleSettings.rateLimit },
      jwks: options.runtime.jwks,
      verifiedTokens: options.runtime.verifiedTokens,
      authorizerResults: options.runtime.authorizerResults,
      observe: options.observe,
      observeOnlyAccessLogged: options.observeOnlyAccessLogged,
      decisions: options.decisions,
      onWarning: options.onWarning,
      onError: options.onError,
    });
  } catch (error) {
    void lease.release();
    void rest.close();
    throw error;
  }
  return {
    revision: rest.revision,
    warnings: [...rest.warnings, ...http.warnings],
    handle(req: IncomingMessage, res: ServerResponse) {
      // The raw list, not req.headers: node builds that object on first read, and a pass-through never needs it.
      const apiId = executeApiId(rawHeader(req.rawHeaders, 'host'));
      // One lookup: the HTTP gateway says whether the API is one of its own.
      if (apiId === undefined || !http.handle(apiId, req, res, req.socket.localPort ?? 0)) rest.handle(req, res);
    },
    serveMapped(target: DomainTarget, req: IncomingMessage, res: ServerResponse): boolean {
      return http.serveMapped(target, req, res, req.socket.localPort ?? 0) || (rest.serveMapped?.(target, req, res) ?? false);
    },
    async close() {
      await Promise.all([rest.close(), http.close()]);
    },
  };
}
