import { createHash, randomBytes } from 'node:crypto';
import { SecretBox } from '../../iam/secret-box.js';
import { ApiKeyVault } from './api-key-vault.js';

const VALUE = 'vault-value-0123456789abcdef';

describe('ApiKeyVault', () => {
  const master = randomBytes(32);
  const vault = new ApiKeyVault(master);

  it('seals with a fresh IV each time and opens what it sealed; the ciphertext shows nothing of the value', () => {
    const a = vault.seal(VALUE);
    const b = vault.seal(VALUE);
    expect(a).not.toBe(b);
    expect(vault.open(a)).toBe(VALUE);
    expect(vault.open(b)).toBe(VALUE);
    for (const text of [a, b]) {
      expect(text).not.toContain(VALUE);
      expect(text).not.toContain(Buffer.from(VALUE).toString('base64url'));
    }
  });

  it('hashes deterministically, keyed by the master key, unlike a plain SHA-256', () => {
    expect(vault.hash(VALUE)).toBe(vault.hash(VALUE));
    expect(vault.hash(VALUE)).toMatch(/^[0-9a-f]{64}$/);
    expect(vault.hash(VALUE)).not.toBe(createHash('sha256').update(VALUE).digest('hex'));
    expect(new ApiKeyVault(randomBytes(32)).hash(VALUE)).not.toBe(vault.hash(VALUE));
    expect(vault.protect(VALUE).valueHash).toBe(vault.hash(VALUE));
  });

  it('uses keys of its own: neither the master key (IAM secrets) nor the other vault key opens its values', () => {
    const sealed = vault.seal(VALUE);
    expect(() => new SecretBox(master).open(sealed)).toThrow();
    expect(() => new SecretBox(vault.hashKey).open(sealed)).toThrow();
    expect(vault.hashKey.equals(master)).toBe(false);
  });

  it('refuses a value sealed under another master key, or altered', () => {
    const sealed = vault.seal(VALUE);
    expect(() => new ApiKeyVault(randomBytes(32)).open(sealed)).toThrow();
    const [format, iv, tag, body] = sealed.split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(() => vault.open([format, iv, tag, flipped.toString('base64url')].join('.'))).toThrow();
    expect(() => vault.open('')).toThrow();
  });

  it('falls back to the development master key, consistently', () => {
    expect(new ApiKeyVault(undefined).hash(VALUE)).toBe(new ApiKeyVault(undefined).hash(VALUE));
    expect(new ApiKeyVault(undefined).open(new ApiKeyVault(undefined).seal(VALUE))).toBe(VALUE);
  });
});
