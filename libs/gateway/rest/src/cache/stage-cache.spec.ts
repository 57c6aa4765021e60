import { StageCache, stageCachePrefix, type SharedStageCacheStore } from './stage-cache.js';

const entry = (body: string, expiresAt: number) => ({ status: 200, headers: [], body: Buffer.from(body), expiresAt });

describe('StageCache', () => {
  it('answers in-process hits synchronously and forgets expired ones', () => {
    let now = 1000;
    const cache = new StageCache({ now: () => now });
    cache.store('p:k', 'p:', entry('a', 2000), 1e9, undefined, false);
    expect(cache.lookup('p:k', undefined)).toMatchObject({ body: Buffer.from('a') });
    now = 2000;
    expect(cache.lookup('p:k', undefined)).toBeUndefined();
  });

  it('evicts the least recently used beyond its entry count', () => {
    const cache = new StageCache({ localMaxEntries: 2, now: () => 0 });
    cache.store('a', '', entry('a', 10), 1e9, undefined, false);
    cache.store('b', '', entry('b', 10), 1e9, undefined, false);
    cache.lookup('a', undefined);
    cache.store('c', '', entry('c', 10), 1e9, undefined, false);
    expect(cache.lookup('b', undefined)).toBeUndefined();
    expect(cache.lookup('a', undefined)).toBeDefined();
    expect(cache.localSize).toBe(2);
  });

  it('drops a stage by its prefix, and asks the shared store on an in-process miss', async () => {
    const stored = new Map<string, Buffer>();
    const invalidated: string[] = [];
    const shared: SharedStageCacheStore = {
      get: async (key) => stored.get(key),
      set: (key, value) => void stored.set(key, value),
      invalidated: (key) => void invalidated.push(key),
    };
    const prefix = stageCachePrefix('x:{', 'API', 'prod');
    expect(prefix).toBe('x:{api:prod}:');
    const cache = new StageCache({ shared, now: () => 0 });
    cache.store(`${prefix}1`, prefix, entry('one', 10_000), 1e9, undefined, true);
    expect(invalidated).toEqual([`${prefix}1`]);
    cache.dropStage(prefix);
    expect(cache.localSize).toBe(0);
    const found = cache.lookup(`${prefix}1`, undefined);
    expect(found).toBeInstanceOf(Promise);
    expect(await found).toMatchObject({ body: Buffer.from('one') });
    expect(cache.localSize).toBe(1);
  });
});
