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

  it('destroy aborts requests in flight at once, where a graceful close would wait for a slow backend', async () => {
    const { createServer } = await import('node:http');
    const server = createServer(() => undefined); // never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const pools = new OriginPools();
      const lease = pools.lease();
      const pool = lease.pool(`http://127.0.0.1:${port}`);
      const inFlight = pool.request({ method: 'GET', path: '/slow' });
      await new Promise((resolve) => server.once('request', resolve));
      await pools.destroy(new Error('shutdown deadline'));
      await expect(inFlight).rejects.toThrow('shutdown deadline');
      expect(pools.size).toBe(0);
      // A lease released after the destroy leaves pools acquired later alone.
      const later = pools.lease();
      const fresh = later.pool(`http://127.0.0.1:${port}`);
      await lease.release();
      expect(pools.size).toBe(1);
      expect(fresh.closed).toBe(false);
      await later.release();
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('destroy also aborts a pool whose last lease is gone and that is closing gracefully', async () => {
    const { createServer } = await import('node:http');
    const server = createServer(() => undefined); // never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const pools = new OriginPools();
      const lease = pools.lease();
      const inFlight = lease.pool(`http://127.0.0.1:${port}`).request({ method: 'GET', path: '/slow' });
      await new Promise((resolve) => server.once('request', resolve));
      const released = lease.release(); // waits for the request that never ends
      await pools.destroy(new Error('shutdown deadline'));
      await expect(inFlight).rejects.toThrow('shutdown deadline');
      await released;
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
