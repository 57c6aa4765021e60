export type { CompiledGateway } from '@portico/gateway-core';
import type { DecisionRecorder } from '@portico/gateway-core';
import type { OriginPools, VpcLinkDirectory } from '@portico/engine-integrations';
import type { ThrottleKeys, ThrottleStore } from '@portico/engine-throttling';
import type { FunctionRunner } from '@portico/engine-lambda';
import type { IamGatewayOptions } from './iam/access-guard.js';
import type { AuthorizerOptions } from './authorization-step.js';
import type { RequestTracer } from './request-trace.js';
import type { StageCache } from './cache/stage-cache.js';

export interface GatewayOptions {
  region: string;
  accountId: string;
  /** Called once per request, after the response was written (metrics, access logs). Must not throw. */
  observe?(record: RequestRecord): void;
  /** Call `observe` only for stages with an access-log format: other requests build no record (metrics off). */
  observeOnlyAccessLogged?: boolean;
  /** Wall clock in epoch milliseconds (`$context.requestTimeEpoch`); defaults to Date.now. */
  now?: () => number;
  /** Payload limit (default 10 MB, as AWS). */
  maxBodyBytes?: number;
  /** Backend connection pools, shared across config revisions; defaults to one process-wide registry. */
  originPools?: OriginPools;
  /**
   * Token buckets and quotas, shared across config revisions (Redis-backed across replicas, or in process);
   * defaults to one process-wide in-memory store.
   */
  throttle?: ThrottleStore;
  /**
   * The throttle store's key names (`PORTICO_REDIS_KEY_PREFIX` + `portico`, the account; built once by the app): the
   * usage-plan tables name buckets, quota and usage counters with them, so that the control plane, which reads them
   * under the same prefix, finds them. Default: `DEFAULT_THROTTLE_KEY_PREFIX` and `accountId`.
   */
  throttleKeys?: ThrottleKeys;
  /**
   * Runs Lambda functions for AWS_PROXY / AWS integrations (local functions, the Lambda Invoke API); shared across
   * config revisions and closed by the app. Default: the Invoke API at AWS with the standard credential chain.
   */
  functionRunner?: FunctionRunner;
  /** AWS_IAM methods, resource policies and private APIs: SigV4 clock window, trusted proxies. */
  iam?: IamGatewayOptions;
  /** Authorizers: loaded plugins, the Redis result cache shared by replicas, the Cognito endpoint. */
  authorizers?: AuthorizerOptions;
  /**
   * Compile-time findings (methods refused, e.g. an authorization type not enforced yet), once per config.
   * Defaults to console.warn.
   */
  onWarning?(message: string): void;
  /**
   * OpenTelemetry tracing (off when absent): the gateway compiles its steps wrapped in spans and hands backends a
   * `traceparent`. Absent, no request creates a span or pays more than the untraced pipeline.
   */
  tracer?: RequestTracer;
  /**
   * Where the decision trail of every gateway-generated answer goes (`GET /portico/requests/{id}`); absent, the
   * trail is off and nothing is built.
   */
  decisions?: DecisionRecorder;
  /**
   * The VPC links of `VPC_LINK` integrations with their targets' health (the app's health checker, updated before
   * each compile). Absent: the document's `vpcLinks` with every target taken as healthy.
   */
  vpcLinks?: VpcLinkDirectory;
  /**
   * The stage cache (in process, with the Redis layer across replicas when the app gives one), shared across config
   * revisions; defaults to one process-wide in-memory cache.
   */
  stageCache?: StageCache;
  /** A bug inside the pipeline (the request got a 500) or a throwing `observe`; defaults to console.error. */
  onError?(error: unknown): void;
}

export interface RequestRecord {
  apiId?: string;
  stage?: string;
  resourcePath?: string;
  httpMethod: string;
  status: number;
  latencyMs: number;
  integrationLatencyMs?: number;
  /** REST methods with the stage cache on: whether the cache answered (CacheHitCount) or not (CacheMissCount). */
  cacheResult?: 'hit' | 'miss';
  /**
   * `$context` variables of the request for access logs, with flat dotted keys as they appear after
   * `$context.` (`requestId`, `identity.sourceIp`, `error.message`, …). Unset variables are absent.
   */
  context: Record<string, unknown>;
  /** One `$context` variable as in `context` (undefined when unset), without building the whole record. */
  contextValue?(name: string): unknown;
  /** The stage's `accessLogSettings.format`, when it has one. */
  accessLogFormat?: string;
  /** HTTP APIs: request plus response bytes (CloudWatch DataProcessed). */
  dataProcessed?: number;
  /** HTTP APIs: the route key when the route has detailedMetricsEnabled (per-route series). */
  detailedRoute?: string;
  /** REST APIs: the stage sent the request to its canary deployment (metrics keep canary apart from base). */
  canary?: boolean;
}
