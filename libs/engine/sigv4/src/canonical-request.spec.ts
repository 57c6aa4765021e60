import { parseAmzDate } from './amz-date.js';
import { canonicalHeaderValue, canonicalPath, canonicalQuery, escapeUri, parseQuery } from './canonical-request.js';

describe('canonicalPath (non-S3: normalised, then encoded again)', () => {
  it.each([
    ['', '/'],
    ['/', '/'],
    ['//', '/'],
    ['/a/./b/../c/', '/a/c/'],
    ['/a/b/../../..', '/'],
    ['/prod/caf%C3%A9', '/prod/caf%25C3%25A9'],
    ['/prod/a%2Fb', '/prod/a%252Fb'],
    ['/prod/it*s(ok)!', '/prod/it%2As%28ok%29%21'],
    ['/ሴ', '/%E1%88%B4'],
  ])('%s → %s', (raw, expected) => {
    expect(canonicalPath(raw)).toBe(expected);
  });

  it('keeps dot and empty segments when normalisation is off', () => {
    expect(canonicalPath('//a/./b/../', false)).toBe('//a/./b/../');
  });
});

describe('canonicalQuery', () => {
  it('sorts by encoded key then value, signs a bare key as k=, and drops X-Amz-Signature in any case', () => {
    expect(canonicalQuery('b=2&a=z&a=y&flag&x-amz-signature=00&X-Amz-Signature=11&%C3%A9=1&c=')).toBe('%C3%A9=1&a=y&a=z&b=2&c=&flag=');
  });

  it('decodes then re-encodes RFC 3986 style; + stays a literal plus; malformed escapes are kept verbatim', () => {
    expect(canonicalQuery('q=a%20b+c&r=%7e&s=%zz')).toBe('q=a%20b%2Bc&r=~&s=%25zz');
    expect(parseQuery('a=1&&b')).toEqual([
      { key: 'a', value: '1' },
      { key: 'b', value: null },
    ]);
  });
});

describe('canonicalHeaderValue', () => {
  it.each([
    ['plain', 'plain'],
    ['  a   b  ', 'a b'],
    ['a\tb', 'a b'],
    ['value1\n  value2\r\n value3', 'value1 value2 value3'],
  ])('%j → %j', (raw, expected) => {
    expect(canonicalHeaderValue(raw)).toBe(expected);
  });
});

describe('escapeUri', () => {
  it('leaves unreserved text alone and encodes everything else as UTF-8', () => {
    expect(escapeUri('AZaz09-_.~')).toBe('AZaz09-_.~');
    expect(escapeUri("a b/!'()*é")).toBe('a%20b%2F%21%27%28%29%2A%C3%A9');
    expect(escapeUri('\ud800')).toBe('\ud800');
  });
});

describe('parseAmzDate', () => {
  it('accepts the basic format and rejects impossible or malformed dates', () => {
    expect(parseAmzDate('20150830T123600Z')).toBe(Date.UTC(2015, 7, 30, 12, 36, 0));
    expect(parseAmzDate('20240229T000000Z')).toBe(Date.UTC(2024, 1, 29));
    for (const bad of ['20230229T000000Z', '20150231T000000Z', '20151301T000000Z', '20150830T246000Z', '2015-08-30T12:36:00Z', '20150830T123600']) {
      expect(parseAmzDate(bad)).toBeUndefined();
    }
  });
});
