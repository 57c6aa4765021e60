import { createHmac, randomBytes } from 'node:crypto';
import { configDocumentSchema } from '@portico/contracts';
import { LocalThrottleStore } from '@portico/engine-throttling';
import { compileUsagePlanTables, MethodGuard, type GuardedRequest } from './usage-plan-guard.js';

const VALUE = 'guard-key-value-0123456789';
const hashKey = randomBytes(32);

function guard(apiKeySource: 'HEADER' | 'AUTHORIZER', doc = document()): MethodGuard {
  const tables = compileUsagePlanTables(doc, '000000000000');
  return new MethodGuard(
    { apiId: 'api1', stageName: 'prod', resourcePath: '/', verb: 'GET', apiKeyRequired: true, apiKeySource, methodSettings: {} },
    tables,
    new LocalThrottleStore(),
  );
}

function document(hashKeyText: string | undefined = hashKey.toString('base64url')) {
  return configDocumentSchema.parse({
    schemaVersion: 1,
    revision: 'r',
    region: 'us-east-1',
    accountId: '000000000000',
    stages: [],
    deployments: {},
    apiKeys: [{ id: 'key1', valueHash: createHmac('sha256', hashKey).update(VALUE).digest('hex'), enabled: true }],
    apiKeyHashKey: hashKeyText,
    usagePlans: [{ id: 'plan1', apiStages: [{ apiId: 'api1', stage: 'prod' }], keyIds: ['key1'] }],
  });
}

const header = (value: string): GuardedRequest => ({ headers: { 'x-api-key': value } });

describe('MethodGuard API keys', () => {
  it('matches a key by the keyed hash of the exact value, from the header or the authorizer', () => {
    const request = header(VALUE);
    expect(guard('HEADER').check(request)).toBeUndefined();
    expect(request).toMatchObject({ apiKey: VALUE, apiKeyId: 'key1' });
    expect(guard('AUTHORIZER').check({ headers: {}, usageIdentifierKey: VALUE })).toBeUndefined();
  });

  it('refuses any other value, whitespace included: nothing is trimmed', () => {
    for (const value of [` ${VALUE}`, `${VALUE} `, `${VALUE}\t`, `${VALUE}\u00a0`, VALUE.toUpperCase(), '']) {
      expect(guard('HEADER').check(header(value))).toBe('INVALID_API_KEY');
      expect(guard('AUTHORIZER').check({ headers: {}, usageIdentifierKey: value })).toBe('INVALID_API_KEY');
    }
  });

  it('matches nothing under another hash key (the hashes are keyed, not plain digests)', () => {
    expect(guard('HEADER', document(randomBytes(32).toString('base64url'))).check(header(VALUE))).toBe('INVALID_API_KEY');
  });
});
