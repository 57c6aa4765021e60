import { badRequest } from '@portico/contracts';

/** AWS's limits and texts for API keys (spec §0, §1.4). */
const MAX_NAME = 1024;
const MAX_DESCRIPTION = 125_000;
const MAX_CUSTOMER_ID = 1024; // [I] AWS does not publish it; the text below is AWS's.

export function assertApiKeyName(name: string | undefined): void {
  if (name !== undefined && name.length > MAX_NAME) throw badRequest('Invalid API Key name, can be at most 1024 characters.');
}

// Printable ASCII without the space: what a client can send verbatim in `x-api-key` and have compared exactly.
const PRESENTABLE_VALUE = /^[\x21-\x7e]*$/;

/**
 * AWS's length limits, and [I] a character set: a data plane compares the `x-api-key` value exactly, as AWS does, and
 * HTTP strips the whitespace around a header value (RFC 9110 §5.5) while refusing control characters, and carries
 * bytes, not UTF-8 text. So a value with whitespace, control or non-ASCII characters could never, or not reliably,
 * be presented as stored: it is refused here rather than silently never matching (or matching once trimmed).
 */
export function assertApiKeyValue(value: string): void {
  if (value.length < 20) throw badRequest('API Key value should be at least 20 characters');
  if (value.length > 128) throw badRequest('API Key value exceeds maximum size of 128 characters');
  if (!PRESENTABLE_VALUE.test(value)) throw badRequest('Invalid API Key value specified: it may contain printable ASCII characters only, and no whitespace');
}

/** customerId (AWS Marketplace's customer identifier) [I: AWS publishes no limit]. */
export function assertApiKeyCustomerId(customerId: string | undefined): void {
  if (customerId !== undefined && customerId.length > MAX_CUSTOMER_ID) throw badRequest(`Invalid customerId specified: must be at most ${MAX_CUSTOMER_ID} characters`);
}

export function assertApiKeyDescription(description: string | undefined): void {
  if (description !== undefined && description.length > MAX_DESCRIPTION) throw badRequest('Invalid API Key description specified.');
}
