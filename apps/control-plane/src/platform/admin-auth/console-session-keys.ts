import { hkdfSync } from 'node:crypto';

/** How long one signing key is used for new tokens; the previous period's key still verifies the tokens it signed. */
export const SIGNING_KEY_PERIOD_MS = 12 * 60 * 60 * 1000;

/**
 * Console session tokens are HS256 JWTs signed with a key derived from PORTICO_MASTER_KEY by HKDF-SHA256, one key
 * per 12-hour period (the JWT's `kid` is the period number). Rotation needs no storage: any control-plane replica
 * derives the same key for the same period. Security: the `info` string separates these keys from the others
 * derived from the master key (API key values at rest), so a leak of one never yields the other.
 */
export class ConsoleSessionKeys {
  private readonly cache = new Map<string, Buffer>();

  constructor(private readonly masterKey: Buffer) {}

  /** The key id and key that sign a token issued at `now`. */
  current(now: number): { kid: string; key: Buffer } {
    const kid = String(Math.floor(now / SIGNING_KEY_PERIOD_MS));
    return { kid, key: this.key(kid) };
  }

  /**
   * The key for a token's `kid`: only the current period's and the one before (a token lives far less than a
   * period, so an older kid is a forged or very stale token).
   */
  verifying(kid: unknown, now: number): Buffer | undefined {
    if (typeof kid !== 'string' || !/^\d{1,12}$/.test(kid)) return undefined;
    const current = Math.floor(now / SIGNING_KEY_PERIOD_MS);
    const period = Number(kid);
    return period === current || period === current - 1 ? this.key(kid) : undefined;
  }

  private key(kid: string): Buffer {
    let key = this.cache.get(kid);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', this.masterKey, 'portico-console-session', `jwt-hs256:${kid}`, 32));
      if (this.cache.size > 4) this.cache.clear();
      this.cache.set(kid, key);
    }
    return key;
  }
}
