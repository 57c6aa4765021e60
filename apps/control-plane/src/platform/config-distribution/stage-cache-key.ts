import { hkdfSync } from 'node:crypto';
import { DEVELOPMENT_MASTER_KEY } from '../../iam/secret-box.js';

// HKDF "info" label of the stage cache's entry key: its own purpose, so it never coincides with the API-key or IAM
// keys derived from the same master key. Changing it makes every encrypted entry unreadable (a miss): harmless.
const STAGE_CACHE_INFO = 'portico/stage-cache/aes-256-gcm/v1';

/**
 * The AES-256-GCM key of encrypted stage cache entries (`cacheDataEncrypted`), derived from PORTICO_MASTER_KEY and
 * handed to data planes in the config document, so that every replica opens the others' entries while Redis holds
 * only ciphertext. Data planes never see the master key itself.
 */
export function deriveStageCacheKey(masterKey: Buffer | undefined): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey ?? DEVELOPMENT_MASTER_KEY, Buffer.alloc(0), STAGE_CACHE_INFO, 32));
}
