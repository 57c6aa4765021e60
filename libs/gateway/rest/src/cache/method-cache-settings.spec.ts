import { stageConfigSchema } from '@portico/contracts';
import { methodCacheSettings } from './method-cache-settings.js';

const stage = (input: Record<string, unknown>) =>
  stageConfigSchema.parse({ restApiId: 'api', stageName: 's', deploymentId: 'd', lastUpdatedDate: 0, cacheClusterEnabled: true, ...input });

describe('methodCacheSettings', () => {
  it('caches nothing when the stage cache is off', () => {
    expect(methodCacheSettings(stage({ cacheClusterEnabled: false }), '/pets', 'GET')).toBeUndefined();
  });

  it('caches GET by default with AWS defaults, other verbs not', () => {
    expect(methodCacheSettings(stage({}), '/pets', 'GET')).toEqual({
      ttlMs: 300_000,
      onlyGet: false,
      dataEncrypted: false,
      requireAuthorizationForCacheControl: true,
      unauthorizedStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
      capacityBytes: Math.round(0.5 * 1024 ** 3),
    });
    expect(methodCacheSettings(stage({}), '/pets', 'POST')).toBeUndefined();
    expect(methodCacheSettings(stage({}), '/pets', 'ANY')).toMatchObject({ onlyGet: true });
    expect(methodCacheSettings(stage({ methodSettings: { 'pets/ANY': { cachingEnabled: true } } }), '/pets', 'ANY')).toMatchObject({ onlyGet: false });
  });

  it('takes the method key over */*, and TTL 0 as no caching', () => {
    const s = stage({
      cacheClusterSize: '6.1',
      methodSettings: { '*/*': { cachingEnabled: true, cacheTtlInSeconds: 60 }, 'pets/POST': { cacheTtlInSeconds: 0 }, 'pets/GET': { cachingEnabled: false } },
    });
    expect(methodCacheSettings(s, '/pets', 'GET')).toBeUndefined();
    expect(methodCacheSettings(s, '/pets', 'POST')).toBeUndefined();
    expect(methodCacheSettings(s, '/owners', 'DELETE')).toMatchObject({ ttlMs: 60_000, capacityBytes: Math.round(6.1 * 1024 ** 3) });
  });
});
