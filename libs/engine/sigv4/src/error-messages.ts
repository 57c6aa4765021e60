// AWS's texts for SigV4 failures, in one place (README.md lists them with their error types and sources).

export const MISSING_AUTHENTICATION_TOKEN = 'Missing Authentication Token';

export const UNRECOGNIZED_CLIENT = 'The security token included in the request is invalid.';

export const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** AWS appends what it computed so that clients can diff their own canonical request. */
export function signatureMismatch(canonicalRequest: string, stringToSign: string): string {
  return (
    `${SIGNATURE_MISMATCH}\n\nThe Canonical String for this request should have been\n'${canonicalRequest}'\n\n` +
    `The String-to-Sign should have been\n'${stringToSign}'\n`
  );
}

export function incompleteAuthorizationHeader(
  missing: { credential: boolean; signature: boolean; signedHeaders: boolean; date: boolean },
  authorization: string,
): string {
  let message = '';
  if (missing.credential) message += "Authorization header requires 'Credential' parameter. ";
  if (missing.signature) message += "Authorization header requires 'Signature' parameter. ";
  if (missing.signedHeaders) message += "Authorization header requires 'SignedHeaders' parameter. ";
  if (missing.date) message += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  return `${message}Authorization=${authorization}`;
}

export function missingEqualSign(pair: string, authorization: string): string {
  return `'${pair}' not a valid key=value pair (missing equal-sign) in Authorization header: '${authorization}'.`;
}

export function incompleteQueryParameters(missing: readonly string[]): string {
  let message = '';
  for (const name of missing) message += `AWS query-string parameters must include '${name}'. `;
  return `${message}Re-examine the query-string parameters.`;
}

export const UNSUPPORTED_QUERY_ALGORITHM = 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"';
export const EXPIRES_NOT_A_NUMBER = 'X-Amz-Expires should be a number';
export const EXPIRES_TOO_LONG =
  'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds';
export const PRESIGNED_URL_EXPIRED = 'Request has expired';

export function invalidDate(value: string): string {
  return `Date must be in ISO-8601 'basic format'. Got '${value}'. See http://en.wikipedia.org/wiki/ISO_8601`;
}

export function malformedCredential(credential: string): string {
  return `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`;
}

export const HOST_NOT_SIGNED = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";

export const CONTENT_SHA256_MISMATCH = "The provided 'x-amz-content-sha256' header does not match what was computed.";

function window(skewMs: number): string {
  return skewMs % 60_000 === 0 ? `${skewMs / 60_000} min.` : `${skewMs / 1000} sec.`;
}

export function signatureExpired(amzDate: string, earliest: string, now: string, skewMs: number): string {
  return `Signature expired: ${amzDate} is now earlier than ${earliest} (${now} - ${window(skewMs)})`;
}

export function signatureNotYetCurrent(amzDate: string, latest: string, now: string, skewMs: number): string {
  return `Signature not yet current: ${amzDate} is still later than ${latest} (${now} + ${window(skewMs)})`;
}

/** Scope problems; AWS concatenates every failing clause (hence the trailing spaces). */
export function scopeRegion(region: string): string {
  return `Credential should be scoped to a valid region, not '${region}'. `;
}
export function scopeService(expected: string): string {
  return `Credential should be scoped to correct service: '${expected}'. `;
}
export function scopeTerminator(term: string): string {
  return `Credential should be scoped with a valid terminator: 'aws4_request', not '${term}'. `;
}
export function scopeDate(scopeDateStamp: string, amzDate: string): string {
  return `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDateStamp}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`;
}
