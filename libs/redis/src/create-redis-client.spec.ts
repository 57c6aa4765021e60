import { createServer } from 'node:net';
import { closeRedisClient, createRedisClient, reconnectDelayMs } from './create-redis-client.js';
import { redisName, redisSettings } from './redis-settings.js';

describe('createRedisClient', () => {
  it('logs a Redis that refuses connections once, however many reconnect attempts fail', async () => {
    // A port that was free a moment ago: connection refused on every attempt.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const lines: string[] = [];
    const client = createRedisClient(redisSettings({ REDIS_URL: `redis://127.0.0.1:${port}` }), {
      name: 'spec',
      role: 'subscriber', // the offline queue a QUIT would wait in
      log: { warn: (message) => void lines.push(message), info: (message) => void lines.push(message) },
      whileDown: 'the spec waits',
    });
    let attempts = 0;
    client.on('reconnecting', () => attempts++);
    const deadline = Date.now() + 20_000;
    while (attempts < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await closeRedisClient(client); // returns although Redis never answered (a QUIT would wait forever)
    const after = attempts;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(attempts).toBe(after); // and stops reconnecting
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(lines).toEqual(['Redis connection lost (spec); the spec waits until it is back']);
  });

  it('reconnects 100 ms apart, growing, capped at 1 s', () => {
    expect([1, 2, 5, 10, 50].map(reconnectDelayMs)).toEqual([100, 200, 500, 1000, 1000]);
  });
});

describe('redisSettings', () => {
  it('defaults to no prefix, one node and TLS only from rediss://', () => {
    expect(redisSettings({ REDIS_URL: 'redis://r:6379' })).toEqual({ url: 'redis://r:6379', keyPrefix: '', cluster: false, tls: undefined });
    expect(redisName(redisSettings({ REDIS_URL: 'redis://r', PORTICO_REDIS_KEY_PREFIX: 'blue:' }), 'portico:config-changed')).toBe('blue:portico:config-changed');
  });
});
