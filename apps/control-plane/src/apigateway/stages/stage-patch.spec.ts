import { AdminError } from '@portico/contracts';
import type { PatchOperation } from '../../common/patch-operations.js';
import { METHOD_SETTING_DEFAULTS, parseMethodSettingPath } from './method-settings.js';
import { applyStagePatch, type StageSettings } from './stage-patch.js';
import { assertStageName, validateVariables } from './stage-validation.js';

const base: StageSettings = {
  deploymentId: 'dep1',
  description: null,
  clientCertificateId: null,
  cacheClusterEnabled: false,
  cacheClusterSize: null,
  tracingEnabled: false,
  variables: { a: '1' },
  methodSettings: {},
  accessLogSettings: null,
  canarySettings: null,
};

const patch = (...operations: PatchOperation[]) => applyStagePatch(base, operations);

function errorOf(fn: () => unknown): AdminError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AdminError) return error;
    throw error;
  }
  throw new Error('expected an AdminError');
}

describe('applyStagePatch', () => {
  it('replaces top-level members', () => {
    const next = patch(
      { op: 'replace', path: '/deploymentId', value: 'dep2' },
      { op: 'replace', path: '/description', value: 'prod' },
      { op: 'replace', path: '/tracingEnabled', value: 'true' },
      { op: 'replace', path: '/cacheClusterEnabled', value: 'true' },
      { op: 'replace', path: '/cacheClusterSize', value: '6.1' },
    );
    expect(next).toMatchObject({ deploymentId: 'dep2', description: 'prod', tracingEnabled: true, cacheClusterEnabled: true, cacheClusterSize: '6.1' });
    expect(base.description).toBeNull();
  });

  it('adds, replaces and removes stage variables', () => {
    const next = patch(
      { op: 'add', path: '/variables/b', value: 'http://x.example/path?q=1' },
      { op: 'replace', path: '/variables/a', value: '2' },
      { op: 'remove', path: '/variables/a' },
    );
    expect(next.variables).toEqual({ b: 'http://x.example/path?q=1' });
  });

  it('refuses invalid variable names and values with clear texts', () => {
    expect(errorOf(() => patch({ op: 'add', path: '/variables/bad-name', value: 'x' })).message).toMatch(/Invalid stage variable name 'bad-name'/);
    expect(errorOf(() => patch({ op: 'add', path: '/variables/ok', value: 'has space' })).message).toMatch(/Invalid stage variable value for 'ok'/);
    expect(errorOf(() => patch({ op: 'add', path: '/variables/ok', value: 'x'.repeat(513) })).status).toBe(400);
    expect(errorOf(() => patch({ op: 'add', path: `/variables/${'v'.repeat(65)}`, value: 'x' })).status).toBe(400);
  });

  it('materialises every method setting with defaults on first write', () => {
    const next = patch({ op: 'replace', path: '/pets/{id}/GET/throttling/rateLimit', value: '12.5' });
    expect(next.methodSettings).toEqual({ 'pets/{id}/GET': { ...METHOD_SETTING_DEFAULTS, throttlingRateLimit: 12.5 } });
  });

  it('normalises escaped resource paths to the same key', () => {
    const next = patch(
      { op: 'replace', path: '/~1pets~1{id}/GET/logging/loglevel', value: 'info' },
      { op: 'replace', path: '/pets/{id}/GET/metrics/enabled', value: 'true' },
    );
    expect(Object.keys(next.methodSettings)).toEqual(['pets/{id}/GET']);
    expect(next.methodSettings['pets/{id}/GET']).toMatchObject({ loggingLevel: 'INFO', metricsEnabled: true });
  });

  it('keeps specific keys when */* is written afterwards', () => {
    const next = patch(
      { op: 'replace', path: '/pets/GET/throttling/burstLimit', value: '10' },
      { op: 'replace', path: '/*/*/throttling/burstLimit', value: '99' },
      { op: 'replace', path: '/*/*/caching/unauthorizedCacheControlHeaderStrategy', value: 'FAIL_WITH_403' },
    );
    expect(next.methodSettings['pets/GET']!.throttlingBurstLimit).toBe(10);
    expect(next.methodSettings['*/*']).toMatchObject({ throttlingBurstLimit: 99, unauthorizedCacheControlHeaderStrategy: 'FAIL_WITH_403' });
  });

  it('removes a whole method setting key, with AWS text when there is none', () => {
    const withKey = patch({ op: 'replace', path: '/*/*/metrics/enabled', value: 'true' });
    expect(applyStagePatch(withKey, [{ op: 'remove', path: '/*/*' }]).methodSettings).toEqual({});
    expect(errorOf(() => patch({ op: 'remove', path: '/*/*' })).message).toBe(
      'Cannot remove method setting */* because there is no method setting for this method ',
    );
  });

  it('refuses bad setting values', () => {
    expect(errorOf(() => patch({ op: 'replace', path: '/*/*/caching/ttlInSeconds', value: '3601' })).message).toMatch(/between 0 and 3600/);
    expect(errorOf(() => patch({ op: 'replace', path: '/*/*/metrics/enabled', value: 'yes' })).message).toMatch(/true or false/);
    expect(errorOf(() => patch({ op: 'replace', path: '/*/*/logging/loglevel', value: 'DEBUG' })).message).toMatch(/OFF, ERROR, INFO/);
  });

  it('answers an invalid path with the list of valid ones', () => {
    const error = errorOf(() => patch({ op: 'replace', path: '/nope', value: 'x' }));
    expect(error.type).toBe('BadRequestException');
    expect(error.message).toMatch(/^Invalid method setting path: \/nope\. Must be one of: \[\/deploymentId, \/description, /);
    expect(error.message).toContain('/*/*/metrics/enabled');
    expect(errorOf(() => patch({ op: 'replace', path: '/pets/FETCH/metrics/enabled', value: 'true' })).message).toMatch(/Invalid method setting path/);
  });

  it('refuses operations a path does not support', () => {
    expect(errorOf(() => patch({ op: 'add', path: '/description', value: 'x' })).message).toBe(
      "Invalid patch path  '/description' specified for op 'add'. Please choose supported operations",
    );
    expect(errorOf(() => patch({ op: 'copy', path: '/deploymentId', from: '/canarySettings/deploymentId' })).message).toBe(
      'Promotion not available. Canary does not exist.',
    );
  });

  it('sets and removes access log settings', () => {
    const next = patch(
      { op: 'replace', path: '/accessLogSettings/format', value: '{"id":"$context.requestId"}' },
      { op: 'replace', path: '/accessLogSettings/destinationArn', value: 'arn:aws:logs:us-east-1:000000000000:log-group:x' },
    );
    expect(next.accessLogSettings).toEqual({ format: '{"id":"$context.requestId"}', destinationArn: 'arn:aws:logs:us-east-1:000000000000:log-group:x' });
    expect(applyStagePatch(next, [{ op: 'remove', path: '/accessLogSettings' }]).accessLogSettings).toBeNull();
    expect(errorOf(() => patch({ op: 'replace', path: '/accessLogSettings/format', value: '$context.status' })).message).toMatch(/requestId/);
  });
});

describe('parseMethodSettingPath', () => {
  it.each([
    ['/*/*/metrics/enabled', '*/*'],
    ['/pets/GET/metrics/enabled', 'pets/GET'],
    ['/~1/GET/metrics/enabled', '/GET'],
    ['//GET/metrics/enabled', '/GET'],
    ['//GET', '/GET'],
    ['/a/b/{c+}/ANY/caching/enabled', 'a/b/{c+}/ANY'],
    ['/pets/GET', 'pets/GET'],
  ])('%s → key %s', (path, key) => {
    expect(parseMethodSettingPath(path)?.key).toBe(key);
  });

  it.each(['/pets/*/metrics/enabled', '/*/GET/metrics/enabled', '/pets/get/metrics/enabled', 'pets/GET', '/GET'])('%s is not a method setting path', (path) => {
    expect(parseMethodSettingPath(path)).toBeUndefined();
  });
});

describe('stage names and variables', () => {
  it('accepts AWS stage names and refuses others', () => {
    expect(() => assertStageName('prod_v1-a')).not.toThrow();
    expect(() => assertStageName('bad name')).toThrow(AdminError);
    expect(() => assertStageName('x'.repeat(129))).toThrow(/at most 128/);
    expect(() => assertStageName('')).toThrow(AdminError);
  });

  it('limits a stage to 100 variables', () => {
    const hundred = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`v${i}`, 'x']));
    expect(Object.keys(validateVariables(hundred))).toHaveLength(100);
    expect(() => validateVariables({ ...hundred, extra: 'x' })).toThrow(/at most 100/);
  });
});
