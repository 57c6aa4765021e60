import { resolve as resolvePath } from 'node:path';
import { LOG_THRESHOLDS, type LogThreshold } from './platform/observability/logger.js';
import { redisSettings, type RedisSettings } from '@portico/redis';

/**
 * The control plane's configuration, parsed once from the environment at start-up (STYLE.md §7). Nothing else
 * in the app reads `process.env`; everything receives this object.
 */
export interface ControlPlaneConfig {
  /** PORTICO_CONTROL_PLANE_PORT, default 8081 (0 = any free port, used by tests). */
  port: number;
  /** PORTICO_CONTROL_PLANE_HOST, default 0.0.0.0. */
  host: string;
  /** DATABASE_URL; unset → embedded PGlite under `dataDir`. */
  databaseUrl?: string;
  /** PORTICO_DATA_DIR, default `.portico`. */
  dataDir: string;
  /** REDIS_URL; unset → no change events (data planes poll). */
  redisUrl?: string;
  /**
   * Every Redis client's settings: REDIS_URL with PORTICO_REDIS_KEY_PREFIX, PORTICO_REDIS_CLUSTER and
   * PORTICO_REDIS_TLS_* (the data plane reads the same variables). Absent → the defaults for `redisUrl`.
   */
  redis?: RedisSettings;
  /** PORTICO_REGION, default us-east-1: the SigV4 region admin requests must be signed for. */
  region: string;
  /** PORTICO_ACCOUNT_ID, default 000000000000 (12 digits). */
  accountId: string;
  /** PORTICO_ADMIN_ACCESS_KEY_ID / PORTICO_ADMIN_SECRET_ACCESS_KEY: the bootstrap admin credential. */
  adminAccessKeyId: string;
  adminSecretAccessKey: string;
  /**
   * PORTICO_DATA_PLANE_TOKEN: bearer token data planes present on /internal/*. This, the admin credential and the
   * master key fall back to public development values only with PORTICO_DEVELOPMENT=true.
   */
  dataPlaneToken: string;
  /** PORTICO_ADMIN_CLOCK_SKEW_SECONDS, default 300: how far a signed request's date may be from now. */
  adminClockSkewMs: number;
  /**
   * PORTICO_MASTER_KEY: 32 bytes (64 hex digits or base64) encrypting IAM secret access keys and, through keys
   * derived from it, API key values at rest (AES-256-GCM).
   * Unset → a fixed, public development key (see iam/secret-box.ts), allowed only with PORTICO_DEVELOPMENT=true.
   */
  masterKey?: Buffer;
  /** Largest admin request body accepted (AWS's payload limit, 10 MB). */
  bodyLimitBytes: number;
  /** PORTICO_ADMIN_RATE_LIMIT, default 100: admin requests per second per credential (averaged over 10 s). */
  adminRequestsPerSecond?: number;
  /** PORTICO_USAGE_FLUSH_INTERVAL_MS, default 10000: how often Redis usage counters are persisted. */
  usageFlushIntervalMs?: number;
  /** PORTICO_PLUGINS: comma-separated authorizer plugin modules (package names or file URLs), loaded at start-up. */
  plugins?: string[];
  /** PORTICO_COGNITO_IDP_ENDPOINT: base URL of a Cognito-compatible identity provider; AWS's when unset. */
  cognitoEndpoint?: string;
  /** PORTICO_FUNCTIONS_DIR: local Lambda functions (one folder each), absolute; TestInvokeAuthorizer runs them as the data plane does. */
  functionsDir?: string;
  /** PORTICO_LAMBDA_ENDPOINT: a Lambda Invoke API endpoint for functions that are not local; AWS's when unset. */
  lambdaEndpoint?: string;
  /** PORTICO_LOG_LEVEL (fatal, error, warn, info, debug, trace, silent), default info. */
  logLevel?: LogThreshold;
  /** PORTICO_CONSOLE_SESSION_TTL_SECONDS, default 3600 (1 to 43200): how long a console sign-in lasts. */
  consoleSessionTtlSeconds?: number;
  /** PORTICO_CONSOLE_DIR: the built console (apps/console/dist) served under /console; found beside the app when unset. */
  consoleDir?: string;
  /** Which of the development defaults are in use, so that main.ts can print them. */
  developmentDefaults: { adminCredentials: boolean; dataPlaneToken: boolean; masterKey?: boolean };
}

export const DEVELOPMENT_ACCESS_KEY_ID = 'AKIAPORTICODEVELOPER';
export const DEVELOPMENT_SECRET_ACCESS_KEY = 'portico-development-secret-access-key';
export const DEVELOPMENT_DATA_PLANE_TOKEN = 'portico-development-data-plane-token';
export const DEFAULT_BODY_LIMIT_BYTES = 10 * 1024 * 1024;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid control-plane configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Reads and validates the environment; throws ConfigError listing every problem at once (fail fast, fail once). */
export function loadControlPlaneConfig(env: Env = process.env): ControlPlaneConfig {
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };

  const port = parseInteger(value('PORTICO_CONTROL_PLANE_PORT'), 8081, 0, 65535, 'PORTICO_CONTROL_PLANE_PORT', problems);
  const skewSeconds = parseInteger(value('PORTICO_ADMIN_CLOCK_SKEW_SECONDS'), 300, 1, 86_400, 'PORTICO_ADMIN_CLOCK_SKEW_SECONDS', problems);

  const databaseUrl = value('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL (unset it to use the embedded database)');
  }
  const redisUrl = value('REDIS_URL');
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) {
    problems.push('REDIS_URL must be a redis:// or rediss:// URL');
  }

  const bool = (name: string): boolean | undefined => {
    const v = value(name);
    if (v === undefined) return undefined;
    if (v !== 'true' && v !== 'false') problems.push(`${name} must be true or false`);
    return v === 'true';
  };
  let redis: RedisSettings | undefined;
  const redisCluster = bool('PORTICO_REDIS_CLUSTER');
  const redisRejectUnauthorized = bool('PORTICO_REDIS_TLS_REJECT_UNAUTHORIZED');
  if (redisUrl !== undefined) {
    try {
      redis = redisSettings({
        REDIS_URL: redisUrl,
        PORTICO_REDIS_KEY_PREFIX: value('PORTICO_REDIS_KEY_PREFIX'),
        PORTICO_REDIS_CLUSTER: redisCluster,
        PORTICO_REDIS_TLS_CA_FILE: value('PORTICO_REDIS_TLS_CA_FILE'),
        PORTICO_REDIS_TLS_SERVERNAME: value('PORTICO_REDIS_TLS_SERVERNAME'),
        PORTICO_REDIS_TLS_REJECT_UNAUTHORIZED: redisRejectUnauthorized,
      });
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }

  const region = value('PORTICO_REGION') ?? 'us-east-1';
  if (!/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region)) {
    problems.push(`PORTICO_REGION "${region}" is not a region name like us-east-1`);
  }
  const accountId = value('PORTICO_ACCOUNT_ID') ?? '000000000000';
  if (!/^\d{12}$/.test(accountId)) {
    problems.push(`PORTICO_ACCOUNT_ID "${accountId}" must be 12 digits`);
  }

  const keyId = value('PORTICO_ADMIN_ACCESS_KEY_ID');
  const secret = value('PORTICO_ADMIN_SECRET_ACCESS_KEY');
  if ((keyId === undefined) !== (secret === undefined)) {
    problems.push('PORTICO_ADMIN_ACCESS_KEY_ID and PORTICO_ADMIN_SECRET_ACCESS_KEY must be set together');
  }
  if (keyId !== undefined && !/^[A-Z0-9]{16,128}$/.test(keyId)) {
    problems.push('PORTICO_ADMIN_ACCESS_KEY_ID must be 16-128 upper-case letters and digits (like an AWS access key id)');
  }
  if (secret !== undefined && secret.length < 16) {
    problems.push('PORTICO_ADMIN_SECRET_ACCESS_KEY must be at least 16 characters');
  }
  const token = value('PORTICO_DATA_PLANE_TOKEN');
  if (token !== undefined && token.length < 16) {
    problems.push('PORTICO_DATA_PLANE_TOKEN must be at least 16 characters');
  }

  const masterKeyText = value('PORTICO_MASTER_KEY');
  const masterKey = masterKeyText === undefined ? undefined : parseMasterKey(masterKeyText);
  if (masterKeyText !== undefined && !masterKey) problems.push('PORTICO_MASTER_KEY must be 32 bytes: 64 hex digits or base64');

  // The development defaults are public (they are in this file and the README): secrets stored under the
  // development master key are as good as clear text, and anyone can sign admin requests with the development
  // credentials. So they are used only when PORTICO_DEVELOPMENT says this is a laptop (`npm start` sets it).
  const developmentText = value('PORTICO_DEVELOPMENT');
  if (developmentText !== undefined && !/^(true|false|1|0)$/.test(developmentText)) problems.push('PORTICO_DEVELOPMENT must be true or false');
  const development = developmentText === 'true' || developmentText === '1';
  if (!development) {
    const missing = [
      ...(keyId === undefined ? ['PORTICO_ADMIN_ACCESS_KEY_ID', 'PORTICO_ADMIN_SECRET_ACCESS_KEY'] : []),
      ...(token === undefined ? ['PORTICO_DATA_PLANE_TOKEN'] : []),
      ...(masterKeyText === undefined ? ['PORTICO_MASTER_KEY'] : []),
    ];
    if (missing.length > 0) {
      problems.push(
        `${missing.join(', ')} must be set: without them the control plane would use public development values ` +
          '(set PORTICO_DEVELOPMENT=true to accept that on a development machine; `npm start` does)',
      );
    }
  }

  const adminRequestsPerSecond = parseInteger(value('PORTICO_ADMIN_RATE_LIMIT'), 100, 1, 1_000_000, 'PORTICO_ADMIN_RATE_LIMIT', problems);
  const usageFlushIntervalMs = parseInteger(value('PORTICO_USAGE_FLUSH_INTERVAL_MS'), 10_000, 100, 3_600_000, 'PORTICO_USAGE_FLUSH_INTERVAL_MS', problems);

  const consoleSessionTtlSeconds = parseInteger(value('PORTICO_CONSOLE_SESSION_TTL_SECONDS'), 3600, 1, 43_200, 'PORTICO_CONSOLE_SESSION_TTL_SECONDS', problems);
  const consoleDir = value('PORTICO_CONSOLE_DIR');

  const cognitoEndpoint = value('PORTICO_COGNITO_IDP_ENDPOINT');
  if (cognitoEndpoint !== undefined && !/^https?:\/\/\S+$/.test(cognitoEndpoint)) problems.push(`PORTICO_COGNITO_IDP_ENDPOINT "${cognitoEndpoint}" must be an http(s) URL`);

  const functionsDir = value('PORTICO_FUNCTIONS_DIR');
  const lambdaEndpoint = value('PORTICO_LAMBDA_ENDPOINT');
  if (lambdaEndpoint !== undefined && !/^https?:\/\/\S+$/.test(lambdaEndpoint)) problems.push(`PORTICO_LAMBDA_ENDPOINT "${lambdaEndpoint}" must be an http(s) URL`);

  const logLevel = (value('PORTICO_LOG_LEVEL') ?? 'info') as LogThreshold;
  if (!LOG_THRESHOLDS.includes(logLevel)) problems.push(`PORTICO_LOG_LEVEL must be one of ${LOG_THRESHOLDS.join(', ')} (got "${logLevel}")`);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host: value('PORTICO_CONTROL_PLANE_HOST') ?? '0.0.0.0',
    databaseUrl,
    dataDir: value('PORTICO_DATA_DIR') ?? '.portico',
    redisUrl,
    redis,
    region,
    accountId,
    adminAccessKeyId: keyId ?? DEVELOPMENT_ACCESS_KEY_ID,
    adminSecretAccessKey: secret ?? DEVELOPMENT_SECRET_ACCESS_KEY,
    dataPlaneToken: token ?? DEVELOPMENT_DATA_PLANE_TOKEN,
    adminClockSkewMs: skewSeconds * 1000,
    masterKey,
    bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
    adminRequestsPerSecond,
    usageFlushIntervalMs,
    plugins: (value('PORTICO_PLUGINS') ?? '').split(',').map((p) => p.trim()).filter(Boolean),
    cognitoEndpoint,
    functionsDir: functionsDir === undefined ? undefined : resolvePath(functionsDir),
    lambdaEndpoint,
    logLevel,
    consoleSessionTtlSeconds,
    consoleDir: consoleDir === undefined ? undefined : resolvePath(consoleDir),
    developmentDefaults: { adminCredentials: keyId === undefined, dataPlaneToken: token === undefined, masterKey: masterKeyText === undefined },
  };
}

function parseInteger(raw: string | undefined, fallback: number, min: number, max: number, name: string, problems: string[]): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
    return fallback;
  }
  return Number(raw);
}

function parseMasterKey(text: string): Buffer | undefined {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  return key.length === 32 ? key : undefined;
}

/** The Redis settings every client of this process uses; undefined without REDIS_URL. */
export function redisOf(config: Pick<ControlPlaneConfig, 'redis' | 'redisUrl'>): RedisSettings | undefined {
  return config.redis ?? (config.redisUrl ? redisSettings({ REDIS_URL: config.redisUrl }) : undefined);
}
