import { randomBytes } from 'node:crypto';
import type { ApiKeyWire } from '@portico/admin-wire';
import type { Prisma } from '@portico/db';
import { toEpochSeconds } from '../../common/epoch.js';
import { jsonRecord } from '../../common/lookups.js';

type ApiKey = Prisma.ApiKeyGetPayload<true>;

// The wire shapes live in @portico/admin-wire, shared with the console so that the two cannot drift.
export type { ApiKeyWire };

/** `value` is the opened value when the caller asked for it (the row holds it sealed only). */
export function toApiKeyWire(key: ApiKey, value: string | undefined): ApiKeyWire {
  return {
    id: key.id,
    value,
    name: key.name ?? undefined,
    customerId: key.customerId ?? undefined,
    description: key.description ?? undefined,
    enabled: key.enabled,
    createdDate: toEpochSeconds(key.createdDate),
    lastUpdatedDate: toEpochSeconds(key.lastUpdatedDate),
    stageKeys: key.stageKeys,
    tags: jsonRecord<string>(key.tags),
  };
}

const VALUE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A generated key value: 40 random letters and digits, as AWS generates them (unbiased: bytes ≥ 248 skipped). */
export function generateApiKeyValue(): string {
  let value = '';
  while (value.length < 40) {
    for (const byte of randomBytes(64)) {
      if (byte >= 248) continue;
      value += VALUE_ALPHABET[byte % 62];
      if (value.length === 40) break;
    }
  }
  return value;
}
