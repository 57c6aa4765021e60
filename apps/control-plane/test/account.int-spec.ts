import { GetAccountCommand, GetRestApisCommand, TooManyRequestsException, UpdateAccountCommand } from '@aws-sdk/client-api-gateway';
import { startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';

let cp: TestControlPlane;

beforeAll(async () => {
  // 1 request per second per credential, over a 10 s window: the 11th request within the window is refused.
  cp = await startTestControlPlane({ adminRequestsPerSecond: 1 });
});
afterAll(async () => {
  await cp?.close();
});

describe('account and the admin rate limit', () => {
  it('has AWS default throttle settings, updates them, and rate-limits a credential with 429 TooManyRequestsException', async () => {
    const account = await cp.client.send(new GetAccountCommand({}));
    expect(account).toMatchObject({ throttleSettings: { burstLimit: 5000, rateLimit: 10000 }, features: ['UsagePlans'] });
    const updated = await cp.client.send(
      new UpdateAccountCommand({
        patchOperations: [
          { op: 'replace', path: '/throttleSettings/burstLimit', value: '100' },
          { op: 'replace', path: '/throttleSettings/rateLimit', value: '50.5' },
        ],
      }),
    );
    expect(updated.throttleSettings).toEqual({ burstLimit: 100, rateLimit: 50.5 });
    expect((await cp.client.send(new GetAccountCommand({}))).throttleSettings).toEqual({ burstLimit: 100, rateLimit: 50.5 });
    let refused: unknown;
    for (let i = 0; i < 12 && !refused; i++) {
      await cp.client.send(new GetRestApisCommand({})).catch((error: unknown) => (refused = error));
    }
    expect(refused).toBeInstanceOf(TooManyRequestsException);
    // Health and the data-plane route are not rate-limited.
    expect((await fetch(`${cp.url}/health/live`)).status).toBe(200);
  });
});

describe('the admin rate limit on Redis', () => {
  it('is shared by control-plane instances: one credential, one count', async () => {
    const accountId = String(100_000_000_000 + Math.floor(Math.random() * 899_999_999_999));
    const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    const instances = [
      await startTestControlPlane({ adminRequestsPerSecond: 1, redisUrl, accountId }),
      await startTestControlPlane({ adminRequestsPerSecond: 1, redisUrl, accountId }),
    ];
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        statuses.push(await instances[i % 2].client.send(new GetRestApisCommand({})).then(() => 200, (e: { $metadata?: { httpStatusCode?: number } }) => e.$metadata?.httpStatusCode ?? 0));
      }
      // 10 per 10 s window across both instances, then 429.
      expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
    } finally {
      await Promise.all(instances.map((i) => i.close()));
    }
  });
});
