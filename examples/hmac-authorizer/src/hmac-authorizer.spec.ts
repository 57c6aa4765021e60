import { buildRequest, conformanceSuite, expectConfigAccepted, expectConfigRejected, runAuthorize, createTestContext } from '@portico/plugin-sdk/testing';
import plugin, { signRequest } from './index.js';

const secret = 'correct-horse-battery-staple-0123456789';
const NOW = Date.parse('2030-01-01T00:00:00Z');

function signed(options: { method?: string; path?: string; keyId?: string; secret?: string; now?: number } = {}) {
  const method = options.method ?? 'GET';
  const path = options.path ?? '/orders/7';
  const headers = signRequest({ method, path, keyId: options.keyId ?? 'mobile-app', secret: options.secret ?? secret, now: options.now ?? NOW });
  return buildRequest({ httpMethod: method, path, headers });
}

describe('hmac-authorizer', () => {
  const authorize = (request: ReturnType<typeof buildRequest>) => runAuthorize(plugin, { secret }, request, { context: createTestContext({ now: NOW }) });

  it('allows a correctly signed request, naming the key as principal', async () => {
    await expect(authorize(signed())).resolves.toEqual({
      effect: 'allow',
      principalId: 'mobile-app',
      context: { keyId: 'mobile-app', signedAt: '2030-01-01T00:00:00.000Z' },
    });
  });

  it('denies a wrong secret, another path or verb, and a stale date', async () => {
    await expect(authorize(signed({ secret: 'another-secret-of-enough-length-000000' }))).resolves.toMatchObject({ effect: 'deny', status: 401 });
    const replayed = signed({ path: '/orders/7' });
    await expect(authorize(buildRequest({ path: '/orders/8', headers: replayed.headers }))).resolves.toMatchObject({ effect: 'deny', reason: 'bad signature' });
    await expect(authorize(buildRequest({ httpMethod: 'DELETE', path: '/orders/7', headers: replayed.headers }))).resolves.toMatchObject({ effect: 'deny' });
    await expect(authorize(signed({ now: NOW - 301_000 }))).resolves.toMatchObject({ effect: 'deny', reason: 'signature date outside the allowed skew' });
  });

  it('validates its config', () => {
    expect(expectConfigAccepted(plugin, { secret })).toEqual({ secret, algorithm: 'sha256', maxSkewSeconds: 300, keyIdPattern: '^[A-Za-z0-9._-]{1,64}$' });
    expectConfigRejected(plugin, { secret: 'short' }, '/secret');
    expectConfigRejected(plugin, { secret, algorithm: 'md5' }, '/algorithm');
    expectConfigRejected(plugin, { secret, keyIdPattern: '(' }, '/keyIdPattern');
    expectConfigRejected(plugin, {}, '/secret');
  });
});

conformanceSuite(plugin, {
  config: { secret },
  now: NOW,
  allowedRequests: [signed()],
  deniedRequests: [signed({ secret: 'another-secret-of-enough-length-000000' })],
});
