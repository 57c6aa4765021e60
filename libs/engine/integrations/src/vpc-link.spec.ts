import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IntegrationSnapshot } from '@portico/contracts';
import { compileIntegrationUri } from './integration-uri.js';
import { OriginPools } from './origin-pools.js';
import { integrationDispatcher, staticVpcLinks, VPC_LINK_UNAVAILABLE_CODE, VpcLinkTargets } from './vpc-link.js';

describe('VpcLinkTargets', () => {
  const targets = [
    { host: '10.0.0.1', port: 80 },
    { host: '10.0.0.2', port: 80 },
    { host: '10.0.0.3', port: 80 },
  ];

  it('goes round-robin over the healthy targets only, and has none when every target is down', () => {
    const link = new VpcLinkTargets('abc123', targets);
    expect([link.next(), link.next(), link.next(), link.next()]).toEqual([0, 1, 2, 0]);
    link.setHealthy(1, false);
    expect([link.next(), link.next(), link.next()]).toEqual([2, 0, 2]);
    link.setHealthy(0, false);
    link.setHealthy(2, false);
    expect(link.next()).toBe(-1);
    link.setHealthy(1, true);
    expect([link.next(), link.next()]).toEqual([1, 1]);
  });

  it('has no target when the link resolves to none', () => {
    expect(new VpcLinkTargets('empty', []).next()).toBe(-1);
  });
});

describe('integrationDispatcher', () => {
  const integration = { type: 'HTTP', httpMethod: 'GET', uri: 'http://orders.internal:8000/x', connectionType: 'VPC_LINK', connectionId: '${stageVariables.link}' } as unknown as IntegrationSnapshot;

  it('sends requests (undici request(), as HTTP integrations do) to the link\'s healthy targets with the URI\'s Host, and fails without one', async () => {
    const hosts: string[] = [];
    const servers = await Promise.all(
      ['a', 'b'].map(
        (name) =>
          new Promise<Server>((resolve) => {
            const server = createServer((req, res) => {
              hosts.push(`${name} ${req.headers.host}`);
              res.end(name);
            });
            server.listen(0, '127.0.0.1', () => resolve(server));
          }),
      ),
    );
    const pools = new OriginPools();
    const lease = pools.lease();
    try {
      const targets = servers.map((s) => ({ host: '127.0.0.1', port: (s.address() as AddressInfo).port }));
      const links = staticVpcLinks([{ id: 'l1', targets }]);
      const uri = compileIntegrationUri(integration.uri!, {});
      if (!uri.ok) throw new Error(uri.reason);
      const compiled = integrationDispatcher(integration, uri.value, { apiId: 'api', stageVariables: { link: 'l1' }, lease, maxBodyBytes: 1024, vpcLinks: links });
      if (!compiled.ok) throw new Error(compiled.reason);
      const bodies: string[] = [];
      for (let i = 0; i < 4; i++) bodies.push(await (await compiled.dispatcher.request({ path: '/x', method: 'GET' })).body.text());
      expect(bodies).toEqual(['a', 'b', 'a', 'b']);
      expect(new Set(hosts.map((h) => h.split(' ')[1]))).toEqual(new Set(['orders.internal:8000']));
      const link = links.link('l1')!;
      link.setHealthy(0, false);
      link.setHealthy(1, false);
      await expect(compiled.dispatcher.request({ path: '/x', method: 'GET' })).rejects.toMatchObject({ code: VPC_LINK_UNAVAILABLE_CODE });
      const unknown = integrationDispatcher(integration, uri.value, { apiId: 'api', stageVariables: { link: 'other' }, lease, maxBodyBytes: 1024, vpcLinks: links });
      expect(unknown).toEqual({ ok: false, reason: 'VPC link "other" does not exist' });
    } finally {
      await lease.release();
      await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    }
  });
});
