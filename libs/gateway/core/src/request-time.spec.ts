import { formatRequestTime } from './request-time.js';

describe('formatRequestTime', () => {
  it('formats dd/MMM/yyyy:HH:mm:ss +0000 in UTC', () => {
    expect(formatRequestTime(Date.UTC(2024, 0, 5, 3, 4, 5, 678))).toBe('05/Jan/2024:03:04:05 +0000');
    expect(formatRequestTime(Date.UTC(2024, 11, 31, 23, 59, 59))).toBe('31/Dec/2024:23:59:59 +0000');
    expect(formatRequestTime(Date.UTC(2024, 11, 31, 23, 59, 59, 999))).toBe('31/Dec/2024:23:59:59 +0000');
  });
});
