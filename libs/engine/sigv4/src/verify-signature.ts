import { formatAmzDate, httpDateToAmzDate, parseAmzDate } from './amz-date.js';
import { buildCanonicalRequest, EMPTY_SHA256, parseQuery, sha256Hex, stringToSign, type QueryParam } from './canonical-request.js';
import * as msg from './error-messages.js';
import { deriveSigningKey, signatureHex } from './signing-key.js';
import type { SignedRequest, SigningCredential, VerifyErrorType, VerifyOptions, VerifyResult } from './types.js';

const ALGORITHM = 'AWS4-HMAC-SHA256';
const DEFAULT_CLOCK_SKEW_MS = 5 * 60_000;
/** SigV4's ceiling for presigned URLs: one week. */
const MAX_EXPIRES_SECONDS = 604_800;
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** What both placements (header, query) boil down to before the shared checks. */
interface ParsedAuth {
  presigned: boolean;
  credential: string;
  signedHeaders: string;
  signature: string;
  amzDate: string;
  /** Presigned only: seconds, already range-checked; undefined when the URL carries none. */
  expiresSeconds?: number;
  securityToken?: string;
  /** Presigned only: the X-Amz-Content-Sha256 query parameter. */
  contentSha256?: string;
}

type Failure = Extract<VerifyResult, { ok: false }>;

function fail(errorType: VerifyErrorType, message: string, accessKeyId?: string): Failure {
  return accessKeyId === undefined ? { ok: false, errorType, message } : { ok: false, errorType, message, accessKeyId };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Verifies an AWS Signature Version 4 request, in the `Authorization` header form or the presigned query form,
 * the way AWS services other than S3 do. Never throws: every outcome is a value carrying AWS's error type and text.
 *
 * @example
 * const result = verifySignature(
 *   { method: req.method, url: req.url, headers: req.headers, body },
 *   { service: 'execute-api', region: 'us-east-1', lookup: (id) => keys.get(id) },
 * );
 * if (!result.ok) return forbidden(result.errorType, result.message);
 */
export function verifySignature(req: SignedRequest, opts: VerifyOptions): VerifyResult {
  const url = req.url;
  const queryStart = url.indexOf('?');
  let rawPath = queryStart === -1 ? url : url.slice(0, queryStart);
  const rawQuery = queryStart === -1 ? '' : url.slice(queryStart + 1);
  if (rawPath.charCodeAt(0) !== 47 /* / */) rawPath = stripAuthority(rawPath);

  const authorization = single(req.headers['authorization']);
  let query: QueryParam[] | undefined;
  let parsed: ParsedAuth | Failure;
  if (authorization !== undefined) {
    parsed = parseAuthorizationHeader(authorization, req.headers);
  } else {
    // Cheap pre-check so that unsigned requests never pay for query parsing.
    if (rawQuery.indexOf('X-Amz-') === -1) return fail('MissingAuthenticationTokenException', msg.MISSING_AUTHENTICATION_TOKEN);
    query = parseQuery(rawQuery);
    const found = parsePresignedQuery(query, req.headers);
    if (found === undefined) return fail('MissingAuthenticationTokenException', msg.MISSING_AUTHENTICATION_TOKEN);
    parsed = found;
  }
  if ('ok' in parsed) return parsed;
  return verifyParsed(parsed, req, rawPath, query ?? rawQuery, opts);
}

function stripAuthority(target: string): string {
  // Absolute-form request targets (`http://host/path`), which proxies may send.
  const scheme = target.indexOf('://');
  if (scheme === -1) return target;
  const slash = target.indexOf('/', scheme + 3);
  return slash === -1 ? '/' : target.slice(slash);
}

function parseAuthorizationHeader(authorization: string, headers: SignedRequest['headers']): ParsedAuth | Failure {
  const value = authorization.trim();
  const amzDateHeader = single(headers['x-amz-date']);
  const dateHeader = amzDateHeader === undefined ? single(headers['date']) : undefined;
  const hasDate = amzDateHeader !== undefined || dateHeader !== undefined;

  let credential: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  if (value.startsWith(`${ALGORITHM} `)) {
    let start = ALGORITHM.length + 1;
    while (start <= value.length) {
      let end = value.indexOf(',', start);
      if (end === -1) end = value.length;
      const pair = value.slice(start, end).trim();
      start = end + 1;
      if (pair.length === 0) continue;
      const eq = pair.indexOf('=');
      if (eq === -1) return fail('IncompleteSignatureException', msg.missingEqualSign(pair, value));
      const key = pair.slice(0, eq).trim();
      const v = pair.slice(eq + 1).trim();
      if (key === 'Credential') credential = v;
      else if (key === 'SignedHeaders') signedHeaders = v;
      else if (key === 'Signature') signature = v;
    }
  }
  if (credential === undefined || signedHeaders === undefined || signature === undefined || !hasDate) {
    const missing = {
      credential: credential === undefined,
      signature: signature === undefined,
      signedHeaders: signedHeaders === undefined,
      date: !hasDate,
    };
    return fail('IncompleteSignatureException', msg.incompleteAuthorizationHeader(missing, value));
  }

  let amzDate: string;
  if (amzDateHeader !== undefined) {
    amzDate = amzDateHeader.trim();
  } else {
    const converted = httpDateToAmzDate(dateHeader ?? '');
    if (converted === undefined) return fail('IncompleteSignatureException', msg.invalidDate(dateHeader ?? ''));
    amzDate = converted;
  }
  return {
    presigned: false,
    credential,
    signedHeaders,
    signature,
    amzDate,
    securityToken: single(headers['x-amz-security-token']),
  };
}

/** undefined when the query carries no SigV4 parameters at all (then the request is simply unauthenticated). */
function parsePresignedQuery(query: readonly QueryParam[], headers: SignedRequest['headers']): ParsedAuth | Failure | undefined {
  let algorithm: string | undefined;
  let credential: string | undefined;
  let amzDate: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  let expires: string | undefined;
  let securityToken: string | undefined;
  let contentSha256: string | undefined;
  for (const { key, value } of query) {
    if (key.length < 10 || key.charCodeAt(1) !== 45 /* - */) continue;
    const v = value ?? '';
    // smithy hoists x-amz-* headers into the query under the header's own spelling, so this one is matched
    // case-insensitively; the parameters the signer itself writes have a fixed spelling.
    if (key.length === 20 && key.toLowerCase() === 'x-amz-content-sha256') {
      contentSha256 = v;
      continue;
    }
    switch (key) {
      case 'X-Amz-Algorithm': algorithm = v; break;
      case 'X-Amz-Credential': credential = v; break;
      case 'X-Amz-Date': amzDate = v; break;
      case 'X-Amz-SignedHeaders': signedHeaders = v; break;
      case 'X-Amz-Signature': signature = v; break;
      case 'X-Amz-Expires': expires = v; break;
      case 'X-Amz-Security-Token': securityToken = v; break;
    }
  }
  if (algorithm === undefined && credential === undefined && signature === undefined) return undefined;
  if (algorithm === undefined || credential === undefined || signature === undefined || signedHeaders === undefined || amzDate === undefined) {
    const missing: string[] = [];
    if (algorithm === undefined) missing.push('X-Amz-Algorithm');
    if (credential === undefined) missing.push('X-Amz-Credential');
    if (signature === undefined) missing.push('X-Amz-Signature');
    if (signedHeaders === undefined) missing.push('X-Amz-SignedHeaders');
    if (amzDate === undefined) missing.push('X-Amz-Date');
    return fail('IncompleteSignatureException', msg.incompleteQueryParameters(missing));
  }
  if (algorithm !== ALGORITHM) return fail('IncompleteSignatureException', msg.UNSUPPORTED_QUERY_ALGORITHM);
  let expiresSeconds: number | undefined;
  if (expires !== undefined) {
    // Digits only: Number('') is 0 and Number(' 1e3') parses, neither is a valid X-Amz-Expires.
    if (expires.length === 0 || expires.length > 15 || !isDigits(expires)) {
      return fail('IncompleteSignatureException', msg.EXPIRES_NOT_A_NUMBER);
    }
    expiresSeconds = Number(expires);
    if (expiresSeconds > MAX_EXPIRES_SECONDS) return fail('IncompleteSignatureException', msg.EXPIRES_TOO_LONG);
  }
  return {
    presigned: true,
    credential,
    signedHeaders,
    signature,
    amzDate,
    expiresSeconds,
    securityToken: securityToken ?? single(headers['x-amz-security-token']),
    contentSha256,
  };
}

function isDigits(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Constant-time string equality (for the lengths given): every code unit is compared whatever the first difference,
 * without encoding either side into a Buffer. Only the length may leak, as with timingSafeEqual.
 */
function safeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

function verifyParsed(
  auth: ParsedAuth,
  req: SignedRequest,
  rawPath: string,
  query: string | readonly QueryParam[],
  opts: VerifyOptions,
): VerifyResult {
  const requestTime = parseAmzDate(auth.amzDate);
  if (requestTime === undefined) return fail('IncompleteSignatureException', msg.invalidDate(auth.amzDate));

  // keyid/date/region/service/aws4_request
  const parts = auth.credential.split('/');
  if (parts.length !== 5) return fail('IncompleteSignatureException', msg.malformedCredential(auth.credential));
  const [accessKeyId, scopeDate, scopeRegion, scopeService, scopeTerm] = parts;

  // Clock: a header-signed request is valid within ±skew of now. A presigned URL may be used until
  // X-Amz-Date + X-Amz-Expires (only ±skew when it carries no X-Amz-Expires), never before X-Amz-Date - skew.
  const skewMs = opts.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS;
  const now = opts.now === undefined ? Date.now() : opts.now();
  if (requestTime > now + skewMs) {
    return fail('InvalidSignatureException', msg.signatureNotYetCurrent(auth.amzDate, formatAmzDate(now + skewMs), formatAmzDate(now), skewMs), accessKeyId);
  }
  if (auth.presigned && auth.expiresSeconds !== undefined) {
    if (now > requestTime + auth.expiresSeconds * 1000) return fail('InvalidSignatureException', msg.PRESIGNED_URL_EXPIRED, accessKeyId);
  } else if (requestTime < now - skewMs) {
    return fail('InvalidSignatureException', msg.signatureExpired(auth.amzDate, formatAmzDate(now - skewMs), formatAmzDate(now), skewMs), accessKeyId);
  }

  let scopeProblems = '';
  if (scopeRegion !== opts.region) scopeProblems += msg.scopeRegion(scopeRegion);
  if (scopeService !== opts.service) scopeProblems += msg.scopeService(opts.service);
  if (scopeTerm !== 'aws4_request') scopeProblems += msg.scopeTerminator(scopeTerm);
  if (scopeDate !== auth.amzDate.slice(0, 8)) scopeProblems += msg.scopeDate(scopeDate, auth.amzDate);
  if (scopeProblems.length > 0) return fail('InvalidSignatureException', scopeProblems, accessKeyId);

  const signedHeaders = auth.signedHeaders.split(';');
  if (!signedHeaders.includes('host')) return fail('InvalidSignatureException', msg.HOST_NOT_SIGNED, accessKeyId);

  const credential = opts.lookup(accessKeyId);
  if (credential === undefined) return fail('UnrecognizedClientException', msg.UNRECOGNIZED_CLIENT, accessKeyId);

  // Temporary credentials are only valid together with their token; a token sent with long-term keys is
  // equally invalid (AWS answers both with the same text).
  if (credential.sessionToken !== undefined || auth.securityToken !== undefined) {
    if (credential.sessionToken === undefined || auth.securityToken === undefined || !safeEqual(credential.sessionToken, auth.securityToken)) {
      return fail('UnrecognizedClientException', msg.UNRECOGNIZED_CLIENT, accessKeyId);
    }
  }

  const payloadHash = resolvePayloadHash(auth, signedHeaders, req);
  if (payloadHash === undefined) return fail('InvalidSignatureException', msg.CONTENT_SHA256_MISMATCH, accessKeyId);

  const canonicalRequest = buildCanonicalRequest({
    method: req.method,
    path: rawPath,
    query,
    headers: req.headers,
    signedHeaders,
    payloadHash,
    normalizePath: opts.normalizePath,
  });
  // date/region/service/aws4_request: the credential without its key id (it has exactly five parts).
  const scope = auth.credential.slice(accessKeyId.length + 1);
  const toSign = stringToSign(auth.amzDate, scope, canonicalRequest);
  const signingKey = keyFor(credential, scopeDate, scopeRegion, scopeService);
  if (signingKey === undefined || !safeEqual(signatureHex(signingKey, toSign), auth.signature)) {
    return fail('InvalidSignatureException', msg.signatureMismatch(canonicalRequest, toSign), accessKeyId);
  }
  return { ok: true, accessKeyId, credential, signedHeaders, presigned: auth.presigned };
}

function keyFor(credential: SigningCredential, dateStamp: string, region: string, service: string): Buffer | undefined {
  if ('secretAccessKey' in credential) return deriveSigningKey(credential.secretAccessKey, dateStamp, region, service);
  return credential.signingKey(dateStamp, region, service);
}

/**
 * The payload hash of the canonical request. A signed claim (x-amz-content-sha256, or X-Amz-Content-Sha256 in a
 * presigned URL) is what the client signed, but it only authenticates the body if it is the body's hash, so it is
 * checked. `UNSIGNED-PAYLOAD` is honoured for presigned URLs only (their body is not part of the signature by
 * design); undefined = the claim does not match the body.
 */
function resolvePayloadHash(auth: ParsedAuth, signedHeaders: readonly string[], req: SignedRequest): string | undefined {
  const claimed =
    auth.contentSha256 ?? (signedHeaders.includes('x-amz-content-sha256') ? single(req.headers['x-amz-content-sha256']) : undefined);
  const body = req.body;
  if (claimed === UNSIGNED_PAYLOAD && auth.presigned) return claimed;
  const actual = body === undefined || body.length === 0 ? EMPTY_SHA256 : sha256Hex(body);
  if (claimed === undefined) return actual;
  return claimed === actual ? claimed : undefined;
}
