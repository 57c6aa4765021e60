// The headers every bench request carries, as a browser or SDK client behind an API gateway sends them: header
// parsing and forwarding are per-request work, so a bench of bare `host` requests would flatter every proxy.
// A case sets its own `authorization` (a SigV4 signature, a Cognito ID token) or `x-api-key` over these.
import { createHash } from 'node:crypto';

/** The usage-plan cases' API key; sent by every case, so each request carries the same header bytes. */
export const BENCH_API_KEY = 'bench-api-key-value-0123456789abcdef';

// An opaque OAuth access token of ~640 characters (the size of a typical JWT access token), deterministic.
const token = Array.from({ length: 20 }, (_, i) => createHash('sha256').update(`bench-token-${i}`).digest('base64url')).join('').slice(0, 640);

export const realisticHeaders = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  accept: 'application/json, text/plain, */*',
  authorization: `Bearer ${token}`,
  'x-api-key': BENCH_API_KEY,
};
