import { ConsoleSessionKeys, SIGNING_KEY_PERIOD_MS } from './console-session-keys.js';

describe('ConsoleSessionKeys', () => {
  const master = Buffer.alloc(32, 7);

  it('derives one key per period, the same on every replica, and different per master key', () => {
    const now = 10 * SIGNING_KEY_PERIOD_MS + 5;
    const a = new ConsoleSessionKeys(master).current(now);
    const b = new ConsoleSessionKeys(Buffer.from(master)).current(now);
    expect(a.kid).toBe('10');
    expect(a.key.equals(b.key)).toBe(true);
    expect(a.key.equals(new ConsoleSessionKeys(Buffer.alloc(32, 8)).current(now).key)).toBe(false);
    expect(a.key.equals(new ConsoleSessionKeys(master).current(now + SIGNING_KEY_PERIOD_MS).key)).toBe(false);
  });

  it('verifies with the current and the previous period only (rotation), never a malformed kid', () => {
    const keys = new ConsoleSessionKeys(master);
    const now = 10 * SIGNING_KEY_PERIOD_MS;
    expect(keys.verifying('10', now)?.equals(keys.current(now).key)).toBe(true);
    expect(keys.verifying('9', now)).toBeDefined();
    expect(keys.verifying('8', now)).toBeUndefined();
    expect(keys.verifying('11', now)).toBeUndefined();
    expect(keys.verifying('1e3', now)).toBeUndefined();
    expect(keys.verifying(10, now)).toBeUndefined();
  });
});
