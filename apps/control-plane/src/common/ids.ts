import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A random id of lower-case letters and digits, as AWS generates them (unbiased: bytes ≥ 252 are skipped). */
export function randomId(length: number): string {
  let id = '';
  while (id.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte >= 252) continue;
      id += ALPHABET[byte % 36];
      if (id.length === length) break;
    }
  }
  return id;
}

/** restApi and apiKey ids are 10 characters. */
export const newRestApiId = (): string => randomId(10);
/** resource, deployment, authorizer, model, validator, usage plan ids are 6 characters. */
export const newShortId = (): string => randomId(6);
