// Portico's account administration: bootstrap admin only; each new account gets root credentials.
import { startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';

let cp: TestControlPlane;

beforeAll(async () => {
  cp = await startTestControlPlane();
});

afterAll(async () => {
  await cp.close();
});

describe('accounts', () => {
  it('lists the default account, creates accounts with root credentials shown once', async () => {
    const initial = (await cp.request('GET', '/portico/accounts')).json() as { item: Array<{ accountId: string; name: string }> };
    expect(initial.item).toEqual([expect.objectContaining({ accountId: '000000000000', name: 'default' })]);

    const created = await cp.request('POST', '/portico/accounts', { body: JSON.stringify({ name: 'team-b', email: 'ops@example.com' }) });
    expect(created.status).toBe(201);
    const account = created.json() as { accountId: string; rootCredentials: { accessKeyId: string; secretAccessKey: string } };
    expect(account.rootCredentials.accessKeyId).toMatch(/^AKIA/);
    expect(account.rootCredentials.secretAccessKey).toHaveLength(40);

    const got = await cp.request('GET', `/portico/accounts/${account.accountId}`);
    expect(got.json()).toEqual({ accountId: account.accountId, name: 'team-b', email: 'ops@example.com', createdDate: expect.any(Number) });
    expect(got.text).not.toContain(account.rootCredentials.secretAccessKey);
    expect((await cp.request('GET', '/portico/accounts/999999999999')).status).toBe(404);
    expect((await cp.request('POST', '/portico/accounts', { body: JSON.stringify({}) })).status).toBe(400);
  });

  it('refuses unsigned requests', async () => {
    expect((await cp.request('GET', '/portico/accounts', { sign: false })).status).toBe(403);
  });

  it('manages VPC endpoints', async () => {
    const created = await cp.request('POST', '/portico/vpc-endpoints', { body: JSON.stringify({ vpcEndpointId: 'vpce-0abc', vpcId: 'vpc-01', cidrs: ['10.0.0.0/8', '::1/128'] }) });
    expect(created.status).toBe(201);
    expect(created.json()).toEqual({ vpcEndpointId: 'vpce-0abc', vpcId: 'vpc-01', cidrs: ['10.0.0.0/8', '::1/128'], createdDate: expect.any(Number) });
    expect((await cp.request('POST', '/portico/vpc-endpoints', { body: JSON.stringify({ vpcEndpointId: 'vpce-0abc', vpcId: 'vpc-01', cidrs: ['10.0.0.0/8'] }) })).status).toBe(409);
    expect((await cp.request('POST', '/portico/vpc-endpoints', { body: JSON.stringify({ vpcId: 'vpc-01', cidrs: ['10.0.0.0/33'] }) })).status).toBe(400);
    expect(((await cp.request('GET', '/portico/vpc-endpoints')).json() as { item: unknown[] }).item).toHaveLength(1);
    expect((await cp.request('DELETE', '/portico/vpc-endpoints/vpce-0abc')).status).toBe(202);
    expect((await cp.request('GET', '/portico/vpc-endpoints/vpce-0abc')).status).toBe(404);
  });
});
