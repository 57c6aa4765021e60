import { VpcLinkTargets } from './vpc-link.js';

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
