import { compileClientAddress } from './client-address.js';

describe('compileClientAddress', () => {
  it('ignores X-Forwarded-For without trusted proxies', () => {
    expect(compileClientAddress([])('10.0.0.1', '1.2.3.4')).toBe('10.0.0.1');
  });

  it.each([
    ['a trusted peer: the forwarded client', '10.0.0.1', '198.51.100.7', '198.51.100.7'],
    ['the rightmost untrusted hop (left ones can be forged)', '10.0.0.1', '1.1.1.1, 198.51.100.7, 10.0.0.2', '198.51.100.7'],
    ['an untrusted peer: itself', '203.0.113.9', '198.51.100.7', '203.0.113.9'],
    ['no header: the peer', '10.0.0.1', undefined, '10.0.0.1'],
    ['only trusted hops: the leftmost', '10.0.0.1', '10.0.0.3, 10.0.0.2', '10.0.0.3'],
    ['repeated headers', '10.0.0.1', ['198.51.100.1', '198.51.100.2'], '198.51.100.2'],
  ] as Array<[string, string, string | string[] | undefined, string]>)('%s', (_name, peer, header, expected) => {
    expect(compileClientAddress(['10.0.0.0/8'])(peer, header)).toBe(expected);
  });
});
