import { isIP } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import { redisSettings, type RedisSettings } from '@portico/redis';
import { z } from 'zod';
import { LOG_THRESHOLDS, type LogThreshold } from './logger.js';
import type { InvokeTimeouts } from './invoke/invoke-server.js';
import type { ThrottleSettings } from './throttling/throttle-settings.js';

/**
 * The data plane's environment, parsed once at start-up (STYLE.md §7). Nothing else in the app reads
 * `process.env`; everything gets this object.
 */
export interface DataPlaneConfig {
  /** Invoke listener (`PORTICO_DATA_PLANE_PORT`, 8080); 0 picks a free port. */
  dataPlanePort: number;
  /** Status listener with /health/* and /metrics (`PORTICO_STATUS_PORT`, 8082); 0 picks a free port. */
  statusPort: number;
  /**
   * `PORTICO_STATUS_ADVERTISE_URL`: the status listener's URL as the control plane reaches it (it gathers /metrics
   * from there for the console's traffic charts). Unset: the status port on the address the control plane sees.
   */
  statusAdvertiseUrl?: string;
  /** Address both listeners bind to (`PORTICO_HOST`, default 0.0.0.0 as the control plane). */
  host: string;
  /** Where the config document comes from: a control plane, or a file in standalone mode. */
  source: ControlPlaneSource | FileSource;
  /** Last-known-good document (`PORTICO_CONFIG_CACHE`); unused in standalone mode. */
  configCachePath: string;
  /** Poll interval for the control plane (ETag) or the standalone file (`PORTICO_CONFIG_POLL_INTERVAL_MS`). */
  pollIntervalMs: number;
  /** Change events from the control plane (`REDIS_URL`); without it the data plane only polls. */
  redisUrl?: string;
  /**
   * Every Redis client's connection settings: `REDIS_URL` with `PORTICO_REDIS_KEY_PREFIX`, `PORTICO_REDIS_CLUSTER`
   * and `PORTICO_REDIS_TLS_*`. When absent (tests that set only `redisUrl`), the defaults for `redisUrl`.
   */
  redis?: RedisSettings;
  region: string;
  accountId: string;
  /**
   * How long shutdown waits for in-flight requests (`PORTICO_SHUTDOWN_TIMEOUT_MS`, 30 s); at the deadline client
   * connections are cut and upstream requests (HTTP backends, the Lambda Invoke API) aborted.
   */
  shutdownTimeoutMs: number;
  /** WebSocket connection limits (`PORTICO_WEBSOCKET_*`); AWS's 32 KB frame, 128 KB message, 10 min idle, 2 h by default. */
  websocket?: { maxFrameBytes: number; maxMessageBytes: number; idleTimeoutMs: number; maxDurationMs: number };
  /** `PORTICO_CONFIG_FETCH_TIMEOUT_MS`: how long one config document fetch may take, default 60000. */
  configFetchTimeoutMs?: number;
  /** `PORTICO_LOG_LEVEL` (fatal, error, warn, info, debug, trace, silent), default info. */
  logLevel?: LogThreshold;
  /**
   * Slow clients: time to send a request's headers (`PORTICO_HEADERS_TIMEOUT_MS`, 10 s) and the whole request
   * (`PORTICO_REQUEST_TIMEOUT_MS`, 60 s), from its first byte; answered 408. Defaults when absent.
   */
  invokeTimeouts?: InvokeTimeouts;
  /**
   * Shared throttling on REDIS_URL (`PORTICO_THROTTLE_MODE` lease|exact, `PORTICO_THROTTLE_FAIL_MODE` open|closed
   * for rates, `PORTICO_QUOTA_FAIL_MODE` closed|open for quotas, `PORTICO_THROTTLE_REDIS_TIMEOUT_MS`,
   * `PORTICO_THROTTLE_LEASE_MS`); defaults when absent.
   */
  throttle?: ThrottleSettings;
  /**
   * The stage cache's in-process layer (`PORTICO_STAGE_CACHE_LOCAL_ENTRIES`, `PORTICO_STAGE_CACHE_LOCAL_MB`) and the
   * bound on each Redis read of the shared layer (`PORTICO_STAGE_CACHE_REDIS_TIMEOUT_MS`: slower is a miss).
   */
  stageCache?: { localMaxEntries: number; localMaxBytes: number; redisTimeoutMs: number };
  /** Local Lambda functions, one folder per function (`PORTICO_FUNCTIONS_DIR`), absolute. */
  functionsDir?: string;
  /** A Lambda Invoke API endpoint for functions that are not local (`PORTICO_LAMBDA_ENDPOINT`); default AWS. */
  lambdaEndpoint?: string;
  /**
   * AWS_IAM and private APIs: the SigV4 clock window (`PORTICO_IAM_CLOCK_SKEW_SECONDS`, default 300) and the proxies
   * whose X-Forwarded-For is believed (`PORTICO_TRUSTED_PROXIES`, comma-separated addresses or CIDRs; default
   * none). Undefined when neither is set (the pipeline's defaults).
   */
  iam?: { clockSkewMs?: number; trustedProxies?: string[] };
  /**
   * Authorizers: plugin modules to load (`PORTICO_PLUGINS`, comma-separated package names or file URLs), the base
   * URL Cognito user pool ARNs resolve to (`PORTICO_COGNITO_IDP_ENDPOINT`; AWS when unset) and how long an
   * authorizer may take (`PORTICO_AUTHORIZER_TIMEOUT_MS`, default 10000); how long a read or write of the shared
   * result cache in Redis may take before it counts as a miss (`PORTICO_AUTHORIZER_CACHE_REDIS_TIMEOUT_MS`, default
   * 100). Undefined when none is set.
   */
  authorizers?: { plugins: string[]; cognitoEndpoint?: string; timeoutMs?: number; sharedCacheTimeoutMs?: number };
  /**
   * HTTP API JWT authorizers: the minimum time between JWKS refetches caused by a token signed with a key id the
   * cached set does not have (`PORTICO_JWKS_REFRESH_INTERVAL_MS`, default 30000; key rotation is picked up at
   * the first such token after it).
   */
  jwksRefreshIntervalMs?: number;
  /**
   * OpenTelemetry tracing, on when `OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set (and
   * neither `OTEL_SDK_DISABLED=true` nor `OTEL_TRACES_EXPORTER=none`); `endpoint` is where spans go. The SDK reads
   * the other standard OTEL_* variables itself (tracing/create-tracing.ts). Undefined: tracing off.
   */
  tracing?: { endpoint: string };
  /**
   * Per-API request metrics on /metrics (`PORTICO_METRICS` on|off, default on). Off: a request of a stage without
   * an access-log format records nothing at all. Undefined means on.
   */
  requestMetrics?: false;
  /**
   * The decision trail of gateway-generated answers (`GET /portico/requests/{requestId}`): `PORTICO_DECISION_TRAIL`
   * on|off (default on), `PORTICO_DECISION_TRAIL_SIZE` trails kept per replica (default 10000) and
   * `PORTICO_DECISION_TRAIL_RETENTION_SECONDS` (default 900). Undefined means the defaults.
   */
  decisionTrail?: DecisionTrailSettings;
  /**
   * Active health checks of VPC link targets (`PORTICO_VPC_LINK_HEALTH_CHECK_INTERVAL_MS` 10000,
   * `PORTICO_VPC_LINK_HEALTH_CHECK_TIMEOUT_MS` 2000, `PORTICO_VPC_LINK_HEALTHY_THRESHOLD` 2,
   * `PORTICO_VPC_LINK_UNHEALTHY_THRESHOLD` 2, `PORTICO_VPC_LINK_HEALTH_CHECK_PATH`: unset, a TCP connect; a path, an
   * HTTP GET answered 200–399). Undefined: those defaults.
   */
  vpcLinkHealthCheck?: VpcLinkHealthSettings;
}

export interface VpcLinkHealthSettings {
  intervalMs: number;
  timeoutMs: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
  /** HTTP GET of this path; undefined: a TCP connect. */
  path?: string;
}

export interface DecisionTrailSettings {
  enabled: boolean;
  size: number;
  retentionMs: number;
}

export const DEFAULT_DECISION_TRAIL: DecisionTrailSettings = { enabled: true, size: 10_000, retentionMs: 900_000 };

export interface ControlPlaneSource {
  kind: 'control-plane';
  /** Base URL of the control plane, e.g. `http://control-plane:8081`. */
  url: string;
  /** Bearer token for `GET /internal/config` (`PORTICO_DATA_PLANE_TOKEN`). */
  token: string;
}

export interface FileSource {
  kind: 'file';
  /** A config document, or an OpenAPI 2.0/3.0 document in JSON or YAML (`PORTICO_CONFIG_FILE`). */
  path: string;
  /** An OpenAPI file is served as this API id (`PORTICO_OPENAPI_REST_API_ID`; default: derived from `info.title`). */
  openApiRestApiId?: string;
  /** … on this stage (`PORTICO_OPENAPI_STAGE_NAME`, default `prod`). */
  openApiStageName?: string;
}

export class DataPlaneConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid data-plane environment:\n  - ${problems.join('\n  - ')}`);
    this.name = 'DataPlaneConfigError';
  }
}

const port = (fallback: number) =>
  z.coerce.number().int('must be an integer').min(0, 'must be 0–65535').max(65_535, 'must be 0–65535').default(fallback);

const nonEmpty = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const envSchema = z.object({
  PORTICO_DATA_PLANE_PORT: port(8080),
  PORTICO_STATUS_PORT: port(8082),
  PORTICO_STATUS_ADVERTISE_URL: z.string().regex(/^https?:\/\/[^\s/]+\/?$/, 'an http(s) URL without a path, like http://10.0.0.5:8082').optional(),
  PORTICO_HOST: nonEmpty,
  PORTICO_CONTROL_PLANE_URL: nonEmpty.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
  PORTICO_DATA_PLANE_TOKEN: nonEmpty,
  PORTICO_CONFIG_FILE: nonEmpty,
  PORTICO_OPENAPI_REST_API_ID: nonEmpty.pipe(z.string().regex(/^[a-z0-9]{1,64}$/, 'must be lower-case letters and digits').optional()),
  PORTICO_OPENAPI_STAGE_NAME: nonEmpty.pipe(z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be letters, digits, - and _').optional()),
  PORTICO_CONFIG_CACHE: nonEmpty,
  PORTICO_CONFIG_POLL_INTERVAL_MS: z.coerce.number().int('must be an integer').min(100, 'must be at least 100').default(5000),
  PORTICO_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int('must be an integer').min(0, 'must be at least 0').default(30_000),
  PORTICO_HEADERS_TIMEOUT_MS: z.coerce.number().int('must be an integer').min(100, 'must be at least 100').max(600_000, 'must be at most 600000').default(10_000),
  PORTICO_REQUEST_TIMEOUT_MS: z.coerce.number().int('must be an integer').min(100, 'must be at least 100').max(3_600_000, 'must be at most 3600000').default(60_000),
  REDIS_URL: nonEmpty.pipe(z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional()),
  PORTICO_REDIS_KEY_PREFIX: nonEmpty,
  PORTICO_REDIS_CLUSTER: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  PORTICO_REDIS_TLS_CA_FILE: nonEmpty,
  PORTICO_REDIS_TLS_SERVERNAME: nonEmpty,
  PORTICO_REDIS_TLS_REJECT_UNAUTHORIZED: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  PORTICO_REGION: nonEmpty,
  PORTICO_ACCOUNT_ID: nonEmpty.pipe(z.string().regex(/^\d{12}$/, 'must be 12 digits').optional()),
  PORTICO_FUNCTIONS_DIR: nonEmpty,
  PORTICO_LAMBDA_ENDPOINT: nonEmpty.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
  PORTICO_IAM_CLOCK_SKEW_SECONDS: z.coerce.number().int('must be an integer').min(1, 'must be at least 1').max(86_400, 'must be at most 86400').optional(),
  PORTICO_TRUSTED_PROXIES: nonEmpty,
  PORTICO_PLUGINS: nonEmpty,
  PORTICO_COGNITO_IDP_ENDPOINT: nonEmpty.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
  PORTICO_JWKS_REFRESH_INTERVAL_MS: z.coerce.number().int('must be an integer').min(0, 'must be at least 0').max(3_600_000, 'must be at most 3600000').optional(),
  PORTICO_AUTHORIZER_TIMEOUT_MS: z.coerce.number().int('must be an integer').min(50, 'must be at least 50').max(300_000, 'must be at most 300000').optional(),
  PORTICO_AUTHORIZER_CACHE_REDIS_TIMEOUT_MS: z.coerce.number().int('must be an integer').min(1, 'must be at least 1').max(60_000, 'must be at most 60000').optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: nonEmpty.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: nonEmpty.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
  OTEL_SDK_DISABLED: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  OTEL_TRACES_EXPORTER: z.enum(['otlp', 'none'], { error: 'must be otlp or none (OTLP over HTTP is the exporter this data plane has)' }).optional(),
  PORTICO_CONFIG_FETCH_TIMEOUT_MS: z.coerce.number().int('must be an integer').min(100, 'must be at least 100').max(600_000, 'must be at most 600000').optional(),
  PORTICO_LOG_LEVEL: z.enum(LOG_THRESHOLDS as [LogThreshold, ...LogThreshold[]]).default('info'),
  PORTICO_THROTTLE_MODE: z.enum(['lease', 'exact']).default('lease'),
  PORTICO_THROTTLE_FAIL_MODE: z.enum(['open', 'closed']).default('open'),
  PORTICO_QUOTA_FAIL_MODE: z.enum(['closed', 'open']).default('closed'),
  PORTICO_THROTTLE_REDIS_TIMEOUT_MS: z.coerce.number().int('must be an integer').min(1, 'must be at least 1').default(1000),
  PORTICO_THROTTLE_LEASE_MS: z.coerce.number().int('must be an integer').min(10, 'must be at least 10').default(100),
  PORTICO_METRICS: z.enum(['on', 'off']).default('on'),
  PORTICO_DECISION_TRAIL: z.enum(['on', 'off']).default('on'),
  PORTICO_DECISION_TRAIL_SIZE: z.coerce.number().int('must be an integer').min(1, 'must be at least 1').max(1_000_000, 'must be at most 1000000').default(10_000),
  PORTICO_DECISION_TRAIL_RETENTION_SECONDS: z.coerce.number().int('must be an integer').min(1, 'must be at least 1').max(86_400, 'must be at most 86400').default(900),
  PORTICO_WEBSOCKET_MAX_FRAME_BYTES: z.coerce.number().int('must be an integer').min(1024, 'must be at least 1024').max(16_777_216, 'must be at most 16777216').default(32 * 1024),
  PORTICO_WEBSOCKET_MAX_MESSAGE_BYTES: z.coerce.number().int('must be an integer').min(1024, 'must be at least 1024').max(16_777_216, 'must be at most 16777216').default(128 * 1024),
  PORTICO_WEBSOCKET_IDLE_TIMEOUT_MS: z.coerce.number().int('must be an integer').min(100, 'must be at least 100').default(10 * 60_000),
  PORTICO_WEBSOCKET_MAX_DURATION_MS: z.coerce.number().int('must be an integer').min(100, 'must be at least 100').default(2 * 3_600_000),
  PORTICO_VPC_LINK_HEALTH_CHECK_INTERVAL_MS: z.coerce.number().int('must be an integer').min(50, 'must be at least 50').max(3_600_000, 'must be at most 3600000').default(10_000),
  PORTICO_VPC_LINK_HEALTH_CHECK_TIMEOUT_MS: z.coerce.number().int('must be an integer').min(10, 'must be at least 10').max(600_000, 'must be at most 600000').default(2000),
  PORTICO_VPC_LINK_HEALTHY_THRESHOLD: z.coerce.number().int('must be an integer').min(1, 'must be 1–10').max(10, 'must be 1–10').default(2),
  PORTICO_VPC_LINK_UNHEALTHY_THRESHOLD: z.coerce.number().int('must be an integer').min(1, 'must be 1–10').max(10, 'must be 1–10').default(2),
  PORTICO_VPC_LINK_HEALTH_CHECK_PATH: nonEmpty.pipe(z.string().regex(/^\/[^\s]*$/, 'must be a path starting with /').optional()),
  PORTICO_STAGE_CACHE_LOCAL_ENTRIES: z.coerce.number().int('must be an integer').min(0, 'must be at least 0').default(1000),
  PORTICO_STAGE_CACHE_LOCAL_MB: z.coerce.number().min(0, 'must be at least 0').default(32),
  PORTICO_STAGE_CACHE_REDIS_TIMEOUT_MS: z.coerce.number().int('must be an integer').min(1, 'must be at least 1').default(200),
});

/** Parses the environment; throws a `DataPlaneConfigError` that lists every problem at once. */
export function loadDataPlaneConfig(env: NodeJS.ProcessEnv = process.env): DataPlaneConfig {
  // Empty strings count as unset, as docker-compose passes `VAR=` for optional variables.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new DataPlaneConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  let source: ControlPlaneSource | FileSource | undefined;
  if (e.PORTICO_CONFIG_FILE) {
    source = {
      kind: 'file',
      path: e.PORTICO_CONFIG_FILE,
      ...(e.PORTICO_OPENAPI_REST_API_ID !== undefined && { openApiRestApiId: e.PORTICO_OPENAPI_REST_API_ID }),
      ...(e.PORTICO_OPENAPI_STAGE_NAME !== undefined && { openApiStageName: e.PORTICO_OPENAPI_STAGE_NAME }),
    };
  } else if (e.PORTICO_CONTROL_PLANE_URL) {
    if (!e.PORTICO_DATA_PLANE_TOKEN) problems.push('PORTICO_DATA_PLANE_TOKEN: required with PORTICO_CONTROL_PLANE_URL');
    source = { kind: 'control-plane', url: e.PORTICO_CONTROL_PLANE_URL.replace(/\/+$/, ''), token: e.PORTICO_DATA_PLANE_TOKEN ?? '' };
  } else {
    problems.push('set PORTICO_CONTROL_PLANE_URL (with PORTICO_DATA_PLANE_TOKEN), or PORTICO_CONFIG_FILE for standalone mode');
  }
  if (e.PORTICO_DATA_PLANE_PORT !== 0 && e.PORTICO_DATA_PLANE_PORT === e.PORTICO_STATUS_PORT) {
    problems.push('PORTICO_STATUS_PORT: must differ from PORTICO_DATA_PLANE_PORT');
  }
  if (e.PORTICO_REQUEST_TIMEOUT_MS < e.PORTICO_HEADERS_TIMEOUT_MS) {
    problems.push('PORTICO_REQUEST_TIMEOUT_MS: must be at least PORTICO_HEADERS_TIMEOUT_MS (the headers are part of the request)');
  }
  const trustedProxies = e.PORTICO_TRUSTED_PROXIES?.split(',').map((p) => p.trim()).filter((p) => p !== '');
  for (const proxy of trustedProxies ?? []) {
    const [address, prefix] = proxy.split('/');
    if (isIP(address) === 0 || (prefix !== undefined && !/^\d{1,3}$/.test(prefix))) problems.push(`PORTICO_TRUSTED_PROXIES: "${proxy}" is not an IP address or CIDR block`);
  }
  let redis: RedisSettings | undefined;
  if (e.REDIS_URL) {
    try {
      redis = redisSettings({
        REDIS_URL: e.REDIS_URL,
        PORTICO_REDIS_KEY_PREFIX: e.PORTICO_REDIS_KEY_PREFIX,
        PORTICO_REDIS_CLUSTER: e.PORTICO_REDIS_CLUSTER === undefined ? undefined : e.PORTICO_REDIS_CLUSTER === 'true',
        PORTICO_REDIS_TLS_CA_FILE: e.PORTICO_REDIS_TLS_CA_FILE,
        PORTICO_REDIS_TLS_SERVERNAME: e.PORTICO_REDIS_TLS_SERVERNAME,
        PORTICO_REDIS_TLS_REJECT_UNAUTHORIZED: e.PORTICO_REDIS_TLS_REJECT_UNAUTHORIZED === undefined ? undefined : e.PORTICO_REDIS_TLS_REJECT_UNAUTHORIZED === 'true',
      });
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (problems.length > 0 || !source) throw new DataPlaneConfigError(problems);
  // The traces endpoint is used as given; the general one gets `/v1/traces` appended by the exporter (OTLP spec).
  const traceEndpoint =
    e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (e.OTEL_EXPORTER_OTLP_ENDPOINT === undefined ? undefined : `${e.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`);
  const tracingOn = traceEndpoint !== undefined && e.OTEL_SDK_DISABLED !== 'true' && e.OTEL_TRACES_EXPORTER !== 'none';
  return {
    dataPlanePort: e.PORTICO_DATA_PLANE_PORT,
    statusPort: e.PORTICO_STATUS_PORT,
    statusAdvertiseUrl: e.PORTICO_STATUS_ADVERTISE_URL?.replace(/\/$/, ''),
    host: e.PORTICO_HOST ?? '0.0.0.0',
    source,
    configCachePath: e.PORTICO_CONFIG_CACHE ?? '.portico/data-plane-config.json',
    pollIntervalMs: e.PORTICO_CONFIG_POLL_INTERVAL_MS,
    redisUrl: e.REDIS_URL,
    redis,
    region: e.PORTICO_REGION ?? 'us-east-1',
    accountId: e.PORTICO_ACCOUNT_ID ?? '000000000000',
    shutdownTimeoutMs: e.PORTICO_SHUTDOWN_TIMEOUT_MS,
    websocket: {
      maxFrameBytes: e.PORTICO_WEBSOCKET_MAX_FRAME_BYTES,
      maxMessageBytes: e.PORTICO_WEBSOCKET_MAX_MESSAGE_BYTES,
      idleTimeoutMs: e.PORTICO_WEBSOCKET_IDLE_TIMEOUT_MS,
      maxDurationMs: e.PORTICO_WEBSOCKET_MAX_DURATION_MS,
    },
    logLevel: e.PORTICO_LOG_LEVEL,
    ...(e.PORTICO_CONFIG_FETCH_TIMEOUT_MS !== undefined && { configFetchTimeoutMs: e.PORTICO_CONFIG_FETCH_TIMEOUT_MS }),
    invokeTimeouts: { headersTimeoutMs: e.PORTICO_HEADERS_TIMEOUT_MS, requestTimeoutMs: e.PORTICO_REQUEST_TIMEOUT_MS },
    functionsDir: e.PORTICO_FUNCTIONS_DIR === undefined ? undefined : resolvePath(e.PORTICO_FUNCTIONS_DIR),
    lambdaEndpoint: e.PORTICO_LAMBDA_ENDPOINT,
    authorizers:
      e.PORTICO_PLUGINS || e.PORTICO_COGNITO_IDP_ENDPOINT || e.PORTICO_AUTHORIZER_TIMEOUT_MS || e.PORTICO_AUTHORIZER_CACHE_REDIS_TIMEOUT_MS
        ? {
            plugins: e.PORTICO_PLUGINS?.split(',').map((p) => p.trim()).filter((p) => p !== '') ?? [],
            cognitoEndpoint: e.PORTICO_COGNITO_IDP_ENDPOINT,
            timeoutMs: e.PORTICO_AUTHORIZER_TIMEOUT_MS,
            ...(e.PORTICO_AUTHORIZER_CACHE_REDIS_TIMEOUT_MS !== undefined && { sharedCacheTimeoutMs: e.PORTICO_AUTHORIZER_CACHE_REDIS_TIMEOUT_MS }),
          }
        : undefined,
    ...(e.PORTICO_JWKS_REFRESH_INTERVAL_MS !== undefined && { jwksRefreshIntervalMs: e.PORTICO_JWKS_REFRESH_INTERVAL_MS }),
    iam:
      e.PORTICO_IAM_CLOCK_SKEW_SECONDS === undefined && trustedProxies === undefined
        ? undefined
        : { clockSkewMs: e.PORTICO_IAM_CLOCK_SKEW_SECONDS === undefined ? undefined : e.PORTICO_IAM_CLOCK_SKEW_SECONDS * 1000, trustedProxies },
    tracing: tracingOn ? { endpoint: traceEndpoint } : undefined,
    requestMetrics: e.PORTICO_METRICS === 'off' ? false : undefined,
    decisionTrail: { enabled: e.PORTICO_DECISION_TRAIL === 'on', size: e.PORTICO_DECISION_TRAIL_SIZE, retentionMs: e.PORTICO_DECISION_TRAIL_RETENTION_SECONDS * 1000 },
    vpcLinkHealthCheck: {
      intervalMs: e.PORTICO_VPC_LINK_HEALTH_CHECK_INTERVAL_MS,
      timeoutMs: e.PORTICO_VPC_LINK_HEALTH_CHECK_TIMEOUT_MS,
      healthyThreshold: e.PORTICO_VPC_LINK_HEALTHY_THRESHOLD,
      unhealthyThreshold: e.PORTICO_VPC_LINK_UNHEALTHY_THRESHOLD,
      ...(e.PORTICO_VPC_LINK_HEALTH_CHECK_PATH !== undefined && { path: e.PORTICO_VPC_LINK_HEALTH_CHECK_PATH }),
    },
    stageCache: {
      localMaxEntries: e.PORTICO_STAGE_CACHE_LOCAL_ENTRIES,
      localMaxBytes: Math.round(e.PORTICO_STAGE_CACHE_LOCAL_MB * 1024 * 1024),
      redisTimeoutMs: e.PORTICO_STAGE_CACHE_REDIS_TIMEOUT_MS,
    },
    throttle: {
      mode: e.PORTICO_THROTTLE_MODE,
      failMode: e.PORTICO_THROTTLE_FAIL_MODE,
      quotaFailMode: e.PORTICO_QUOTA_FAIL_MODE,
      redisTimeoutMs: e.PORTICO_THROTTLE_REDIS_TIMEOUT_MS,
      leaseMs: e.PORTICO_THROTTLE_LEASE_MS,
    },
  };
}

/** The Redis settings every client of this process uses; undefined without REDIS_URL. */
export function redisOf(config: Pick<DataPlaneConfig, 'redis' | 'redisUrl'>): RedisSettings | undefined {
  return config.redis ?? (config.redisUrl ? redisSettings({ REDIS_URL: config.redisUrl }) : undefined);
}
