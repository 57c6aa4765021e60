import { lastRequestIdBytes, nextRequestId } from './request-ids.js';

describe('HTTP API request ids', () => {
  it('are base64 of 11 random bytes with - for / and _ for +, distinct across refills of the pool', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const id = nextRequestId();
      expect(id).toMatch(/^[A-Za-z0-9_-]{15}=$/);
      const expected = lastRequestIdBytes().toString('base64').replace(/\//g, '-').replace(/\+/g, '_');
      expect(id).toBe(expected);
      seen.add(id);
    }
    expect(seen.size).toBe(2000);
  });
});
