import { ifNoneMatchHits } from './if-none-match.js';

describe('ifNoneMatchHits', () => {
  const etag = '"sha256:abc"';
  it.each([
    ['"sha256:abc"', true],
    ['W/"sha256:abc"', true],
    ['"sha256:old", "sha256:abc"', true],
    ['*', true],
    ['"sha256:old"', false],
    ['sha256:abc', false],
    ['', false],
  ])('%s → %s', (header, hit) => {
    expect(ifNoneMatchHits(header, etag)).toBe(hit);
  });
});
