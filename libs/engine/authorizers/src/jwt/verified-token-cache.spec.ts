import { VerifiedTokenCache } from './verified-token-cache.js';

describe('VerifiedTokenCache', () => {
  it('serves an entry until its expiresAt, per settings', () => {
    const cache = new VerifiedTokenCache<{ expiresAt: number; sub: string }>();
    cache.set('issuer-a', 'token', { expiresAt: 1000, sub: 'a' });
    expect(cache.get('issuer-a', 'token', 999)).toEqual({ expiresAt: 1000, sub: 'a' });
    expect(cache.get('issuer-b', 'token', 999)).toBeUndefined();
    expect(cache.get('issuer-a', 'token', 1000)).toBeUndefined();
    expect(cache.get('issuer-a', 'token', 0)).toBeUndefined();
  });

  it('drops the oldest entry once full', () => {
    const cache = new VerifiedTokenCache<{ expiresAt: number }>(2);
    cache.set('s', 'one', { expiresAt: 10 });
    cache.set('s', 'two', { expiresAt: 10 });
    cache.set('s', 'three', { expiresAt: 10 });
    expect(cache.get('s', 'one', 0)).toBeUndefined();
    expect(cache.get('s', 'two', 0)).toBeDefined();
    expect(cache.get('s', 'three', 0)).toBeDefined();
  });
});
