import { lastExtendedRequestId, newRequestId } from './request-ids.js';

describe('request ids', () => {
  it('are UUID v4s, distinct, with the x-amz-apigw-id of their first 11 bytes', () => {
    const seen = new Set<string>();
    // More than one refill of the byte pool.
    for (let i = 0; i < 1000; i++) {
      const id = newRequestId();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const hex = id.replace(/-/g, '').slice(0, 22);
      expect(lastExtendedRequestId()).toBe(Buffer.from(hex, 'hex').toString('base64'));
      expect(lastExtendedRequestId()).toMatch(/^[A-Za-z0-9+/]{15}=$/);
      seen.add(id);
    }
    expect(seen.size).toBe(1000);
  });
});
