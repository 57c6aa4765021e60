import { badRequest, httpMethods, type MethodSetting } from '@portico/contracts';

/**
 * UpdateStage's method-setting paths: `/{resourcePath}/{httpMethod}/{category}/{setting}` where the stored key
 * is the resource path without its leading slash + `/` + verb (`pets/{id}/GET`, `*\/*`). The resource path may
 * itself contain slashes (Terraform sends them unescaped) or come `~1`-escaped, so the path is read from the
 * right: the last two segments name the setting, the third from last is the verb, the rest is the resource.
 */
type Kind = 'boolean' | 'integer' | 'double' | 'loggingLevel' | 'cacheControlStrategy';

const settings: Record<string, { field: keyof MethodSetting; kind: Kind; min?: number; max?: number }> = {
  'metrics/enabled': { field: 'metricsEnabled', kind: 'boolean' },
  'logging/dataTrace': { field: 'dataTraceEnabled', kind: 'boolean' },
  'logging/loglevel': { field: 'loggingLevel', kind: 'loggingLevel' },
  'throttling/burstLimit': { field: 'throttlingBurstLimit', kind: 'integer', min: 0 },
  'throttling/rateLimit': { field: 'throttlingRateLimit', kind: 'double', min: 0 },
  'caching/ttlInSeconds': { field: 'cacheTtlInSeconds', kind: 'integer', min: 0, max: 3600 },
  'caching/enabled': { field: 'cachingEnabled', kind: 'boolean' },
  'caching/dataEncrypted': { field: 'cacheDataEncrypted', kind: 'boolean' },
  'caching/requireAuthorizationForCacheControl': { field: 'requireAuthorizationForCacheControl', kind: 'boolean' },
  'caching/unauthorizedCacheControlHeaderStrategy': { field: 'unauthorizedCacheControlHeaderStrategy', kind: 'cacheControlStrategy' },
};

const CACHE_CONTROL_STRATEGIES = ['FAIL_WITH_403', 'SUCCEED_WITH_RESPONSE_HEADER', 'SUCCEED_WITHOUT_RESPONSE_HEADER'];

/** What AWS fills in for every field of a key the first time any of its settings is written [S]. */
export const METHOD_SETTING_DEFAULTS: Readonly<Required<MethodSetting>> = {
  metricsEnabled: false,
  dataTraceEnabled: false,
  loggingLevel: 'OFF',
  throttlingBurstLimit: 5000,
  throttlingRateLimit: 10000,
  cachingEnabled: false,
  cacheTtlInSeconds: 300,
  cacheDataEncrypted: false,
  requireAuthorizationForCacheControl: true,
  unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
};

/** The paths UpdateStage accepts, in the order AWS's own error text lists them. */
export const STAGE_PATCH_PATHS = [
  '/deploymentId',
  '/description',
  '/cacheClusterEnabled',
  '/cacheClusterSize',
  '/clientCertificateId',
  '/accessLogSettings',
  '/accessLogSettings/destinationArn',
  '/accessLogSettings/format',
  ...Object.keys(settings).map((s) => `/{resourcePath}/{httpMethod}/${s}`),
  ...Object.keys(settings).map((s) => `/*/*/${s}`),
  '/variables/{variable_name}',
  '/tracingEnabled',
];

export function invalidStagePath(path: string) {
  return badRequest(`Invalid method setting path: ${path}. Must be one of: [${STAGE_PATCH_PATHS.join(', ')}]`);
}

export type MethodSettingPath =
  | { kind: 'setting'; key: string; field: keyof MethodSetting; settingKind: Kind; min?: number; max?: number }
  | { kind: 'key'; key: string };

/**
 * Parses a method-setting patch path: a setting (`/pets/GET/metrics/enabled`) or a whole key (`/pets/GET`,
 * `/*\/*`, for `remove`). Undefined when the path is neither.
 */
export function parseMethodSettingPath(path: string): MethodSettingPath | undefined {
  if (!path.startsWith('/')) return undefined;
  const segments = path.slice(1).split('/');
  if (segments.length >= 4) {
    const setting = settings[segments.slice(-2).join('/')];
    if (setting) {
      const key = methodKey(segments.slice(0, -3), segments[segments.length - 3]!);
      if (key === undefined) return undefined;
      return { kind: 'setting', key, field: setting.field, settingKind: setting.kind, min: setting.min, max: setting.max };
    }
  }
  if (segments.length >= 2) {
    const key = methodKey(segments.slice(0, -1), segments[segments.length - 1]!);
    if (key !== undefined) return { kind: 'key', key };
  }
  return undefined;
}

function methodKey(resourceSegments: string[], verb: string): string | undefined {
  const resource = resourceSegments.map(unescapePointer).join('/').replace(/^\//, '');
  if (resource === '*' || verb === '*') return resource === '*' && verb === '*' ? '*/*' : undefined;
  if (!(httpMethods as readonly string[]).includes(verb)) return undefined;
  if (resource.includes('*')) return undefined;
  return `${resource}/${verb}`;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * Writes one setting. The first write to a key materialises every field with AWS's defaults; writing `*\/*`
 * touches only the `*\/*` entry, so a specific key's explicit values keep precedence over it (the data plane
 * reads the specific key first).
 */
export function writeMethodSetting(
  current: Readonly<Record<string, MethodSetting>>,
  path: Extract<MethodSettingPath, { kind: 'setting' }>,
  rawValue: string | undefined,
  patchPath: string,
): Record<string, MethodSetting> {
  const value = parseSettingValue(path, rawValue, patchPath);
  const existing = current[path.key] ?? METHOD_SETTING_DEFAULTS;
  return { ...current, [path.key]: { ...existing, [path.field]: value } };
}

function parseSettingValue(path: Extract<MethodSettingPath, { kind: 'setting' }>, raw: string | undefined, patchPath: string): boolean | number | string {
  const invalid = (expected: string) => badRequest(`Invalid value '${raw ?? ''}' for ${patchPath}: ${expected}`);
  const text = (raw ?? '').trim();
  switch (path.settingKind) {
    case 'boolean':
      if (text === 'true' || text === 'false') return text === 'true';
      throw invalid('must be true or false');
    case 'integer':
    case 'double': {
      const n = Number(text);
      const ok = text !== '' && Number.isFinite(n) && (path.settingKind === 'double' || Number.isInteger(n));
      const inRange = ok && (path.min === undefined || n >= path.min) && (path.max === undefined || n <= path.max);
      if (inRange) return n;
      const range = path.max === undefined ? `at least ${path.min}` : `between ${path.min} and ${path.max}`;
      throw invalid(`must be ${path.settingKind === 'integer' ? 'an integer' : 'a number'} ${range}`);
    }
    case 'loggingLevel': {
      const level = text.toUpperCase();
      if (level === 'OFF' || level === 'ERROR' || level === 'INFO') return level;
      throw invalid('must be one of OFF, ERROR, INFO');
    }
    case 'cacheControlStrategy':
      if (CACHE_CONTROL_STRATEGIES.includes(text)) return text;
      throw invalid(`must be one of ${CACHE_CONTROL_STRATEGIES.join(', ')}`);
  }
}

/** `remove` of a whole key, with AWS's text (trailing space included) when there is nothing to remove. */
export function removeMethodSetting(current: Readonly<Record<string, MethodSetting>>, key: string): Record<string, MethodSetting> {
  if (!(key in current)) throw badRequest(`Cannot remove method setting ${key} because there is no method setting for this method `);
  const next = { ...current };
  delete next[key];
  return next;
}
