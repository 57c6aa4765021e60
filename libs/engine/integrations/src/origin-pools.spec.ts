import { OriginPools } from './origin-pools.js';

describe('OriginPools', () => {
  it('shares a pool per origin across leases and closes it with the last lease', async () => {
    const pools = new OriginPools();
    const first = pools.lease();
    const second = pools.lease();
    const a = first.pool('http://127.0.0.1:1');
    expect(first.pool('http://127.0.0.1:1')).toBe(a);
    expect(second.pool('http://127.0.0.1:1')).toBe(a);
    expect(second.pool('http://127.0.0.1:1', true)).not.toBe(a);
    expect(pools.size).toBe(2);
    await first.release();
    expect(pools.size).toBe(2);
    await second.release();
    expect(pools.size).toBe(0);
    expect(a.closed).toBe(true);
  });

  it('refuses new pools on a released lease', async () => {
    const lease = new OriginPools().lease();
    await lease.release();
    expect(() => lease.pool('http://127.0.0.1:1')).toThrow('released');
  });
});
