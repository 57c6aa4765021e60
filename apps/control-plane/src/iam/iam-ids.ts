import { randomBytes } from 'node:crypto';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function pick(alphabet: string, length: number): string {
  let out = '';
  // Both alphabets have a power-of-two size, so `byte % size` is unbiased.
  for (const byte of randomBytes(length)) out += alphabet[byte % alphabet.length];
  return out;
}

/**
 * IAM's unique-id prefixes: AIDA user, AROA role, ANPA managed policy, AKIA long-term access key, ASIA temporary
 * access key; 16 more upper-case characters, 20 in all, as AWS's ids.
 */
export type IamIdPrefix = 'AIDA' | 'AROA' | 'ANPA' | 'AKIA' | 'ASIA' | 'AGPA';

export const newIamId = (prefix: IamIdPrefix): string => prefix + pick(UPPER, 16);
/** A 40-character secret access key, AWS's length and alphabet. */
export const newSecretAccessKey = (): string => pick(SECRET, 40);
/** An opaque session token (AWS's are long base64 strings). */
export const newSessionToken = (): string => `IQoJb3JpZ2luX2Vj${randomBytes(96).toString('base64')}`;
/** A new account id: 12 digits, not starting with 0 (the default 000000000000 is taken). */
export function newAccountId(): string {
  let id = String(1 + (randomBytes(1)[0] % 9));
  for (const byte of randomBytes(11)) id += String(byte % 10);
  return id;
}
