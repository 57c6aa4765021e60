// Property checks: whatever path, query and headers a client sends, a request signed by
// @smithy/signature-v4 verifies; and no single-byte change to its signature ever does.
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import type { SignedRequest, VerifyOptions } from './types.js';
import { verifySignature } from './verify-signature.js';

const HOST = 'api.example.test';
const SIGNING_DATE = new Date('2025-06-15T08:30:00Z');
const signer = new SignatureV4({
  credentials: { accessKeyId: 'AKIAPROPERTYTEST0001', secretAccessKey: 'property-secret' },
  region: 'us-east-1',
  service: 'execute-api',
  sha256: Sha256,
});
const options: VerifyOptions = {
  service: 'execute-api',
  region: 'us-east-1',
  now: () => SIGNING_DATE.getTime(),
  lookup: (id) => (id === 'AKIAPROPERTYTEST0001' ? { secretAccessKey: 'property-secret' } : undefined),
};

const enc = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

// Text without lone surrogates (which no HTTP client can send), spanning ASCII punctuation, Latin-1, CJK, emoji.
const text = fc.string({ unit: fc.oneof(fc.constantFrom(...' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~azAZ09'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 12 });
// A path segment as an SDK serialiser writes it (encoded), or a dot segment / empty segment left raw.
const segment = fc.oneof({ weight: 6, arbitrary: text.map(enc) }, fc.constantFrom('.', '..', ''));
const path = fc.array(segment, { maxLength: 6 }).chain((segments) => fc.boolean().map((trailing) => `/${segments.join('/')}${trailing ? '/' : ''}`));
const queryValue = fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 3 }));
// `__proto__` is left out: smithy's signer copies the query into a plain object, where that key sets the prototype
// instead of an entry, so smithy silently signs without it (a quirk of the signer, not of SigV4).
const query = fc.dictionary(
  text.filter((k) => k.toLowerCase() !== 'x-amz-signature' && k !== '__proto__'),
  queryValue,
  { maxKeys: 5 },
);
// Header values: visible ASCII and Latin-1 with spaces and tabs anywhere (canonicalisation collapses them).
const headerValue = fc.string({ unit: fc.oneof(fc.constantFrom(' ', '\t', ' '), fc.integer({ min: 0x21, max: 0xff }).map((c) => String.fromCharCode(c))), maxLength: 20 });
const headers = fc.dictionary(fc.stringMatching(/^[a-z0-9]{1,8}$/).map((n) => `x-p-${n}`), headerValue, { maxKeys: 4 });
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH');
const body = fc.option(fc.string({ maxLength: 40 }), { nil: undefined });

function wire(req: HttpRequest): SignedRequest {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(req.query)) {
    for (const v of Array.isArray(value) ? value : [value ?? '']) parts.push(`${enc(key)}=${enc(v)}`);
  }
  const lower: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) lower[name.toLowerCase()] = value;
  return { method: req.method, url: parts.length > 0 ? `${req.path}?${parts.join('&')}` : req.path, headers: lower, body: req.body as string | undefined };
}

async function signed(p: string, q: Record<string, string | string[]>, h: Record<string, string>, m: string, b: string | undefined, presign: boolean): Promise<SignedRequest> {
  const req = new HttpRequest({ method: m, protocol: 'https:', hostname: HOST, path: p, query: q, headers: { ...h, host: HOST }, body: b });
  const out = presign ? await signer.presign(req, { signingDate: SIGNING_DATE, expiresIn: 300 }) : await signer.sign(req, { signingDate: SIGNING_DATE });
  return wire(out as HttpRequest);
}

describe('verifySignature properties', () => {
  it('verifies every request smithy signs (header and presigned forms)', async () => {
    await fc.assert(
      fc.asyncProperty(path, query, headers, method, body, fc.boolean(), async (p, q, h, m, b, presign) => {
        const result = verifySignature(await signed(p, q, h, m, b, presign), options);
        if (!result.ok) throw new Error(`${result.errorType}: ${result.message}`);
      }),
      { numRuns: 300 },
    );
  });

  it('never verifies a signature with one byte changed', async () => {
    await fc.assert(
      fc.asyncProperty(path, query, fc.boolean(), fc.nat(63), fc.integer({ min: 1, max: 255 }), async (p, q, presign, index, delta) => {
        const req = await signed(p, q, {}, 'GET', undefined, presign);
        const flip = (sig: string): string => sig.slice(0, index) + String.fromCharCode((sig.charCodeAt(index) + delta) % 256) + sig.slice(index + 1);
        let tampered: SignedRequest;
        if (presign) {
          const at = req.url.indexOf('X-Amz-Signature=') + 16;
          const sig = req.url.slice(at, at + 64);
          tampered = { ...req, url: req.url.slice(0, at) + enc(flip(sig)) + req.url.slice(at + 64) };
        } else {
          const auth = String(req.headers['authorization']);
          tampered = { ...req, headers: { ...req.headers, authorization: auth.slice(0, -64) + flip(auth.slice(-64)) } };
        }
        const result = verifySignature(tampered, options);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
