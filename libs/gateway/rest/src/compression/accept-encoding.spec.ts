import { chooseResponseCoding } from './accept-encoding.js';

describe('chooseResponseCoding', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['gzip', 'gzip'],
    ['x-gzip', 'gzip'],
    ['deflate', 'deflate'],
    ['gzip, deflate, br', 'gzip'],
    ['br, gzip', 'gzip'],
    ['deflate;q=1, gzip;q=0.9', 'deflate'],
    ['gzip;q=0.5, deflate', 'deflate'],
    ['br;q=1, gzip;q=0.8', undefined],
    ['identity', undefined],
    ['identity;q=1, gzip;q=0.5', undefined],
    ['gzip;q=0', undefined],
    ['gzip;q=0, deflate;q=0.1', 'deflate'],
    ['*', 'gzip'],
    ['GZIP', 'gzip'],
    ['gzip;q=abc, deflate;q=0.2', 'deflate'],
  ])('%j → %j', (header, expected) => {
    expect(chooseResponseCoding(header)).toBe(expected);
  });
});
