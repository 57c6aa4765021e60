import { rawHeader } from './raw-headers.js';

describe('rawHeader', () => {
  const raw = ['Host', 'api.example.com', 'X-Thing', 'a', 'content-length', '12', 'x-thing', 'b', 'HOST', 'second.example.com'];

  it('finds a header whatever the case of its name, first value for headers node keeps once', () => {
    expect(rawHeader(raw, 'host')).toBe('api.example.com');
    expect(rawHeader(raw, 'content-length')).toBe('12');
  });

  it('joins repeats with ", " when asked, as req.headers does for list headers', () => {
    expect(rawHeader(raw, 'x-thing', false)).toBe('a, b');
    expect(rawHeader(raw, 'x-thing')).toBe('a');
  });

  it('is undefined for an absent header', () => {
    expect(rawHeader(raw, 'transfer-encoding')).toBeUndefined();
    expect(rawHeader([], 'host')).toBeUndefined();
    expect(rawHeader(raw, 'hos')).toBeUndefined();
  });
});
