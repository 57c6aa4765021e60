import { createHmac, hkdfSync } from 'node:crypto';
import { DEVELOPMENT_MASTER_KEY, SecretBox } from '../../iam/secret-box.js';

// HKDF "info" labels: one key per purpose, so that the encryption key, the lookup-hash key and the IAM secrets'
// key (the master key itself) never coincide. Changing a label re-keys every stored value: never do it.
const ENCRYPTION_INFO = 'portico/api-key-value/encryption/v1';
const HASH_INFO = 'portico/api-key-value/hmac-sha256/v1';

function derive(masterKey: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), info, 32));
}

/**
 * API key values at rest. `seal`/`open` keep them retrievable (GetApiKey includeValue=true) without storing them in
 * clear; `hash` is the deterministic keyed hash (HMAC-SHA256, hex) stored beside the ciphertext with a unique index,
 * for every lookup by value. Data planes receive the hashes and `hashKey`, never values: a stolen database alone
 * (without PORTICO_MASTER_KEY) yields neither values nor hashes that can be checked against guesses.
 */
export class ApiKeyVault {
  /** The HMAC key, shared with data planes (the config document's `apiKeyHashKey`) so that they can match. */
  readonly hashKey: Buffer;
  private readonly box: SecretBox;

  constructor(masterKey: Buffer | undefined) {
    const master = masterKey ?? DEVELOPMENT_MASTER_KEY;
    this.box = new SecretBox(derive(master, ENCRYPTION_INFO));
    this.hashKey = derive(master, HASH_INFO);
  }

  seal(value: string): string {
    return this.box.seal(value);
  }

  /** Throws when the ciphertext was sealed under another master key or altered (a broken store, not bad input). */
  open(ciphertext: string): string {
    return this.box.open(ciphertext);
  }

  hash(value: string): string {
    return createHmac('sha256', this.hashKey).update(value, 'utf8').digest('hex');
  }

  /** What a row stores for a value. */
  protect(value: string): { valueCiphertext: string; valueHash: string } {
    return { valueCiphertext: this.seal(value), valueHash: this.hash(value) };
  }
}
