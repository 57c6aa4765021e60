import { badRequest } from '@portico/contracts';

/** AWS's limits and texts for API keys (spec §0, §1.4). */
export const API_KEY_NOT_FOUND = 'Invalid API Key identifier specified';
const MAX_NAME = 1024;
const MAX_DESCRIPTION = 125_000; // [I] AWS does not publish it; the text below is AWS's.

export function assertApiKeyName(name: string | undefined): void {
  if (name !== undefined && name.length > MAX_NAME) throw badRequest('Invalid API Key name, can be at most 1024 characters.');
}

export function assertApiKeyValue(value: string): void {
  if (value.length < 20) throw badRequest('API Key value should be at least 20 characters');
  if (value.length > 128) throw badRequest('API Key value exceeds maximum size of 128 characters');
}

export function assertApiKeyDescription(description: string | undefined): void {
  if (description !== undefined && description.length > MAX_DESCRIPTION) throw badRequest('Invalid API Key description specified.');
}
