import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * The development master key, used only when PORTICO_MASTER_KEY is unset (`npm start` on a laptop). It is public,
 * so secrets stored under it are as good as clear text: production must set PORTICO_MASTER_KEY.
 */
export const DEVELOPMENT_MASTER_KEY = createHash('sha256').update('portico-development-master-key').digest();
const FORMAT = 'v1';

/**
 * Encrypts secrets at rest (IAM secret access keys; API key values under a key derived for them) with AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>` (base64url parts), a fresh
 * 96-bit IV per secret. GCM's tag makes a tampered or wrongly keyed value fail to open instead of decrypting to junk.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(masterKey: Buffer | undefined) {
    this.key = masterKey ?? DEVELOPMENT_MASTER_KEY;
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  /** Throws when the value was sealed under another key or altered: a broken store is an infrastructure fault. */
  open(sealed: string): string {
    const [format, iv, tag, ciphertext] = sealed.split('.');
    if (format !== FORMAT || !iv || !tag || ciphertext === undefined) throw new Error('sealed secret: unknown format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }
}
