// Requests signed by the real @smithy/signature-v4 (what every AWS SDK for JavaScript v3 client uses) must
// verify, and each way of getting a request wrong must produce AWS's error type and text.
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { deriveSigningKey } from './signing-key.js';
import type { SignedRequest, SigningCredential, VerifyOptions } from './types.js';
import { verifySignature } from './verify-signature.js';

const ACCESS_KEY_ID = 'AKIAPORTICOTEST00001';
const SECRET = 'portico-test-secret-access-key';
const TEMP_ACCESS_KEY_ID = 'ASIAPORTICOTEST00002';
const TEMP_SECRET = 'portico-temporary-secret';
const SESSION_TOKEN = 'FwoGZXIvYXdzEJr//////////wEaDPortico+Session/Token==';
const HOST = 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com';
const SIGNING_DATE = new Date('2024-01-01T12:00:00Z');
const T0 = SIGNING_DATE.getTime();

const credentials: Record<string, SigningCredential> = {
  [ACCESS_KEY_ID]: { secretAccessKey: SECRET, principal: { user: 'admin' } },
  [TEMP_ACCESS_KEY_ID]: { secretAccessKey: TEMP_SECRET, sessionToken: SESSION_TOKEN },
};

function options(overrides: Partial<VerifyOptions> = {}): VerifyOptions {
  return { service: 'execute-api', region: 'us-east-1', now: () => T0, lookup: (id) => credentials[id], ...overrides };
}

function signer(opts: { accessKeyId?: string; secret?: string; sessionToken?: string; region?: string; service?: string } = {}): SignatureV4 {
  return new SignatureV4({
    credentials: {
      accessKeyId: opts.accessKeyId ?? ACCESS_KEY_ID,
      secretAccessKey: opts.secret ?? SECRET,
      sessionToken: opts.sessionToken,
    },
    region: opts.region ?? 'us-east-1',
    service: opts.service ?? 'execute-api',
    sha256: Sha256,
  });
}

/** The query string exactly as smithy's node handler writes it (RFC 3986, arrays repeated, null → bare key). */
function wireQuery(query: HttpRequest['query']): string {
  const enc = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const parts: string[] = [];
  for (const key of Object.keys(query).sort()) {
    const value = query[key];
    if (Array.isArray(value)) for (const v of value) parts.push(`${enc(key)}=${enc(v)}`);
    else parts.push(value === null || value === undefined ? enc(key) : `${enc(key)}=${enc(value)}`);
  }
  return parts.join('&');
}

/** What node's http server would hand over: the request target and lower-cased headers. */
function onTheWire(req: HttpRequest): SignedRequest {
  const qs = wireQuery(req.query);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) headers[name.toLowerCase()] = value;
  return { method: req.method, url: qs.length > 0 ? `${req.path}?${qs}` : req.path, headers, body: req.body as string | undefined };
}

function request(init: Partial<ConstructorParameters<typeof HttpRequest>[0]> = {}): HttpRequest {
  return new HttpRequest({
    method: 'GET',
    protocol: 'https:',
    hostname: HOST,
    path: '/prod/pets',
    headers: { host: HOST },
    ...init,
  });
}

async function sign(req: HttpRequest, s = signer(), date = SIGNING_DATE): Promise<SignedRequest> {
  return onTheWire((await s.sign(req, { signingDate: date })) as HttpRequest);
}

async function presign(req: HttpRequest, expiresIn = 3600, s = signer(), date = SIGNING_DATE): Promise<SignedRequest> {
  return onTheWire((await s.presign(req, { signingDate: date, expiresIn })) as HttpRequest);
}

describe('verifySignature with requests signed by @smithy/signature-v4', () => {
  describe('Authorization header form', () => {
    it('verifies a GET with a query string and a unicode path', async () => {
      const signed = await sign(
        request({
          path: '/prod/pets/%E2%9C%93/caf%C3%A9%20au%20lait/a%2Fb',
          query: { limit: '10', tag: ['b', 'a c'], empty: '', 'ünï': 'çødé', reserved: "!'()*+,;=:@/?" },
          headers: { host: HOST, 'content-type': 'application/json', 'x-custom': '  spaced   value  ' },
        }),
      );
      expect(verifySignature(signed, options())).toEqual({
        ok: true,
        accessKeyId: ACCESS_KEY_ID,
        credential: credentials[ACCESS_KEY_ID],
        signedHeaders: ['content-type', 'host', 'x-amz-content-sha256', 'x-amz-date', 'x-custom'],
        presigned: false,
      });
    });

    it('verifies a POST body and rejects the same signature over another body', async () => {
      const signed = await sign(request({ method: 'POST', body: '{"name":"rex"}', headers: { host: HOST, 'content-type': 'application/json' } }));
      expect(verifySignature(signed, options()).ok).toBe(true);
      expect(verifySignature({ ...signed, body: '{"name":"max"}' }, options())).toEqual({
        ok: false,
        errorType: 'InvalidSignatureException',
        message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
        accessKeyId: ACCESS_KEY_ID,
      });
    });

    it('accepts a body given as bytes', async () => {
      const signed = await sign(request({ method: 'PUT', body: 'bytes body' }));
      expect(verifySignature({ ...signed, body: new TextEncoder().encode('bytes body') }, options()).ok).toBe(true);
    });

    it('verifies temporary credentials carrying their session token', async () => {
      const s = signer({ accessKeyId: TEMP_ACCESS_KEY_ID, secret: TEMP_SECRET, sessionToken: SESSION_TOKEN });
      const signed = await sign(request(), s);
      expect(signed.headers['x-amz-security-token']).toBe(SESSION_TOKEN);
      expect(verifySignature(signed, options())).toMatchObject({ ok: true, accessKeyId: TEMP_ACCESS_KEY_ID });
    });

    it('rejects temporary credentials without or with another session token', async () => {
      const withoutToken = await sign(request(), signer({ accessKeyId: TEMP_ACCESS_KEY_ID, secret: TEMP_SECRET }));
      const expected = { ok: false, errorType: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' };
      expect(verifySignature(withoutToken, options())).toMatchObject(expected);
      const otherToken = await sign(request(), signer({ accessKeyId: TEMP_ACCESS_KEY_ID, secret: TEMP_SECRET, sessionToken: 'other' }));
      expect(verifySignature(otherToken, options())).toMatchObject(expected);
      const tokenOnLongTermKey = await sign(request(), signer({ sessionToken: SESSION_TOKEN }));
      expect(verifySignature(tokenOnLongTermKey, options())).toMatchObject(expected);
    });

    it('rejects a wrong secret with the canonical request and string to sign appended', async () => {
      const signed = await sign(request({ query: { a: '1' } }), signer({ secret: 'not-the-secret' }));
      const result = verifySignature(signed, options());
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errorType).toBe('InvalidSignatureException');
      const amzDate = '20240101T120000Z';
      expect(result.message).toBe(
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\n' +
          'The Canonical String for this request should have been\n' +
          `'GET\n/prod/pets\na=1\nhost:${HOST}\nx-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nx-amz-date:${amzDate}\n\n` +
          "host;x-amz-content-sha256;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'\n\n" +
          `The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n${amzDate}\n20240101/us-east-1/execute-api/aws4_request\n` +
          `${result.message.split('\n').at(-2)?.slice(0, 64)}'\n`,
      );
    });

    it('rejects a request signed more than 5 minutes ago with AWS text', async () => {
      const signed = await sign(request(), signer(), new Date(T0 - 6 * 60_000));
      expect(verifySignature(signed, options())).toEqual({
        ok: false,
        errorType: 'InvalidSignatureException',
        message: 'Signature expired: 20240101T115400Z is now earlier than 20240101T115500Z (20240101T120000Z - 5 min.)',
        accessKeyId: ACCESS_KEY_ID,
      });
    });

    it('rejects a request dated more than 5 minutes ahead with AWS text', async () => {
      const signed = await sign(request(), signer(), new Date(T0 + 6 * 60_000));
      expect(verifySignature(signed, options())).toMatchObject({
        ok: false,
        errorType: 'InvalidSignatureException',
        message: 'Signature not yet current: 20240101T120600Z is still later than 20240101T120500Z (20240101T120000Z + 5 min.)',
      });
    });

    it('takes the skew window as an option', async () => {
      const signed = await sign(request(), signer(), new Date(T0 - 6 * 60_000));
      expect(verifySignature(signed, options({ clockSkewMs: 15 * 60_000 })).ok).toBe(true);
      expect(verifySignature(signed, options({ clockSkewMs: 90_000 }))).toMatchObject({
        message: 'Signature expired: 20240101T115400Z is now earlier than 20240101T115830Z (20240101T120000Z - 90 sec.)',
      });
    });

    it('rejects a credential scoped to another region or service', async () => {
      const otherRegion = await sign(request(), signer({ region: 'eu-west-1' }));
      expect(verifySignature(otherRegion, options())).toMatchObject({
        ok: false,
        errorType: 'InvalidSignatureException',
        message: "Credential should be scoped to a valid region, not 'eu-west-1'. ",
      });
      const otherService = await sign(request(), signer({ service: 'apigateway' }));
      expect(verifySignature(otherService, options())).toMatchObject({
        ok: false,
        errorType: 'InvalidSignatureException',
        message: "Credential should be scoped to correct service: 'execute-api'. ",
      });
    });

    it('rejects a scope date that differs from X-Amz-Date', async () => {
      const signed = await sign(request());
      const headers = { ...signed.headers, authorization: String(signed.headers['authorization']).replace('/20240101/', '/20231231/') };
      expect(verifySignature({ ...signed, headers }, options())).toMatchObject({
        errorType: 'InvalidSignatureException',
        message:
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20231231' != '20240101', from '20240101T120000Z'.",
      });
    });

    it('rejects an unknown access key', async () => {
      const signed = await sign(request(), signer({ accessKeyId: 'AKIAUNKNOWN000000000' }));
      expect(verifySignature(signed, options())).toEqual({
        ok: false,
        errorType: 'UnrecognizedClientException',
        message: 'The security token included in the request is invalid.',
        accessKeyId: 'AKIAUNKNOWN000000000',
      });
    });

    it('accepts precomputed signing keys instead of a secret', async () => {
      const signed = await sign(request());
      const derivedOnly: VerifyOptions['lookup'] = (id) =>
        id === ACCESS_KEY_ID ? { signingKey: (date, region, service) => (date === '20240101' ? deriveSigningKey(SECRET, date, region, service) : undefined) } : undefined;
      expect(verifySignature(signed, options({ lookup: derivedOnly })).ok).toBe(true);
      const nextDay = await sign(request(), signer(), new Date(T0 + 86_400_000));
      expect(verifySignature(nextDay, options({ lookup: derivedOnly, now: () => T0 + 86_400_000 }))).toMatchObject({
        ok: false,
        errorType: 'InvalidSignatureException',
      });
    });

    it('rejects UNSIGNED-PAYLOAD in the header form (non-S3 services hash the body)', async () => {
      const signed = await sign(request({ method: 'POST', body: 'x', headers: { host: HOST, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }));
      expect(verifySignature(signed, options())).toMatchObject({ ok: false, errorType: 'InvalidSignatureException' });
    });
  });

  describe('presigned query form', () => {
    it('verifies a presigned URL with a query string and unicode path', async () => {
      const signed = await presign(request({ path: '/prod/%E6%97%A5%E6%9C%AC/items', query: { q: 'a b', n: ['2', '1'] } }));
      expect(signed.headers['authorization']).toBeUndefined();
      expect(verifySignature(signed, options())).toMatchObject({ ok: true, presigned: true, signedHeaders: ['host'] });
    });

    it('verifies temporary credentials whose token travels in the query', async () => {
      const signed = await presign(request(), 900, signer({ accessKeyId: TEMP_ACCESS_KEY_ID, secret: TEMP_SECRET, sessionToken: SESSION_TOKEN }));
      expect(signed.url).toContain('X-Amz-Security-Token=');
      expect(verifySignature(signed, options()).ok).toBe(true);
      const stripped = { ...signed, url: signed.url.replace(/&?X-Amz-Security-Token=[^&]*/, '') };
      expect(verifySignature(stripped, options())).toMatchObject({ ok: false, errorType: 'UnrecognizedClientException' });
    });

    it('stays valid until X-Amz-Expires has elapsed, then reports it', async () => {
      const signed = await presign(request(), 600);
      expect(verifySignature(signed, options({ now: () => T0 + 599_000 })).ok).toBe(true);
      expect(verifySignature(signed, options({ now: () => T0 + 601_000 }))).toEqual({
        ok: false,
        errorType: 'InvalidSignatureException',
        message: 'Request has expired',
        accessKeyId: ACCESS_KEY_ID,
      });
    });

    it('rejects a presigned URL dated in the future', async () => {
      const signed = await presign(request(), 600, signer(), new Date(T0 + 6 * 60_000));
      expect(verifySignature(signed, options())).toMatchObject({ ok: false, message: expect.stringMatching(/^Signature not yet current: /) });
    });

    it('rejects X-Amz-Expires above one week or not a number', async () => {
      const signed = await presign(request(), 3600);
      expect(verifySignature({ ...signed, url: signed.url.replace('X-Amz-Expires=3600', 'X-Amz-Expires=604801') }, options())).toMatchObject({
        ok: false,
        errorType: 'IncompleteSignatureException',
        message: 'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds',
      });
      expect(verifySignature({ ...signed, url: signed.url.replace('X-Amz-Expires=3600', 'X-Amz-Expires=soon') }, options())).toMatchObject({
        errorType: 'IncompleteSignatureException',
        message: 'X-Amz-Expires should be a number',
      });
    });

    it('rejects a wrong secret, another region and a tampered query', async () => {
      expect(verifySignature(await presign(request(), 60, signer({ secret: 'wrong' })), options())).toMatchObject({
        errorType: 'InvalidSignatureException',
        message: expect.stringMatching(/^The request signature we calculated does not match/),
      });
      expect(verifySignature(await presign(request(), 60, signer({ region: 'us-west-2' })), options())).toMatchObject({
        message: "Credential should be scoped to a valid region, not 'us-west-2'. ",
      });
      const signed = await presign(request({ query: { id: '1' } }));
      expect(verifySignature({ ...signed, url: signed.url.replace('id=1', 'id=2') }, options())).toMatchObject({ errorType: 'InvalidSignatureException' });
    });

    it('honours UNSIGNED-PAYLOAD for presigned URLs', async () => {
      const signed = await presign(request({ method: 'PUT', headers: { host: HOST, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }));
      expect(signed.url).toContain('x-amz-content-sha256=UNSIGNED-PAYLOAD');
      expect(verifySignature({ ...signed, body: 'any body at all' }, options()).ok).toBe(true);
    });

    it('reports missing query parameters with AWS text', async () => {
      const signed = await presign(request());
      const url = signed.url.replace(/&?X-Amz-Signature=[^&]*/, '').replace(/&?X-Amz-Date=[^&]*/, '');
      expect(verifySignature({ ...signed, url }, options())).toMatchObject({
        errorType: 'IncompleteSignatureException',
        message:
          "AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.",
      });
    });
  });

  describe('malformed or missing authentication', () => {
    it('reports a request with no signature at all as Missing Authentication Token', () => {
      expect(verifySignature({ method: 'GET', url: '/prod/pets?x=1', headers: { host: HOST } }, options())).toEqual({
        ok: false,
        errorType: 'MissingAuthenticationTokenException',
        message: 'Missing Authentication Token',
      });
      expect(verifySignature({ method: 'GET', url: '/prod/pets?X-Amz-Foo=1', headers: { host: HOST } }, options())).toMatchObject({
        errorType: 'MissingAuthenticationTokenException',
      });
    });

    it('reports a non-SigV4 Authorization header with the full "requires" text', () => {
      expect(verifySignature({ method: 'GET', url: '/', headers: { host: HOST, authorization: 'Bearer abc.def' } }, options())).toEqual({
        ok: false,
        errorType: 'IncompleteSignatureException',
        message:
          "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
          "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
          'Authorization=Bearer abc.def',
      });
    });

    it('names only the missing parts of a partial SigV4 header', () => {
      const authorization = `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY_ID}/20240101/us-east-1/execute-api/aws4_request, SignedHeaders=host`;
      const result = verifySignature({ method: 'GET', url: '/', headers: { host: HOST, authorization, 'x-amz-date': '20240101T120000Z' } }, options());
      expect(result).toMatchObject({
        errorType: 'IncompleteSignatureException',
        message: `Authorization header requires 'Signature' parameter. Authorization=${authorization}`,
      });
    });

    it('reports a pair without an equal sign', () => {
      const authorization = 'AWS4-HMAC-SHA256 Credential';
      expect(verifySignature({ method: 'GET', url: '/', headers: { host: HOST, authorization } }, options())).toMatchObject({
        errorType: 'IncompleteSignatureException',
        message: "'Credential' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 Credential'.",
      });
    });

    it('reports a credential without five parts and a malformed date', () => {
      const base = { host: HOST, 'x-amz-date': '20240101T120000Z' };
      const fourParts = `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY_ID}/20240101/us-east-1/execute-api, SignedHeaders=host, Signature=00`;
      expect(verifySignature({ method: 'GET', url: '/', headers: { ...base, authorization: fourParts } }, options())).toMatchObject({
        errorType: 'IncompleteSignatureException',
        message: `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${ACCESS_KEY_ID}/20240101/us-east-1/execute-api'`,
      });
      const auth = `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY_ID}/20240101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=00`;
      expect(verifySignature({ method: 'GET', url: '/', headers: { ...base, 'x-amz-date': '2024-01-01T12:00:00Z', authorization: auth } }, options())).toMatchObject({
        errorType: 'IncompleteSignatureException',
        message: "Date must be in ISO-8601 'basic format'. Got '2024-01-01T12:00:00Z'. See http://en.wikipedia.org/wiki/ISO_8601",
      });
    });

    it('requires host among the signed headers', async () => {
      const signed = await sign(request({ headers: { host: HOST, 'x-a': '1' } }));
      const headers = { ...signed.headers, authorization: String(signed.headers['authorization']).replace('SignedHeaders=host;', 'SignedHeaders=') };
      expect(verifySignature({ ...signed, headers }, options())).toMatchObject({
        errorType: 'InvalidSignatureException',
        message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
      });
    });
  });
});
