import { hash } from 'node:crypto';
import type { SignedRequest } from './types.js';

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** One decoded query parameter; value null when the raw pair had no '='. */
export interface QueryParam {
  key: string;
  value: string | null;
}

export interface CanonicalRequestInput {
  method: string;
  /** Raw path as on the wire (still percent-encoded). */
  path: string;
  /** Raw query string without the leading '?', or already-parsed parameters. */
  query: string | readonly QueryParam[];
  headers: SignedRequest['headers'];
  /** Lower-case header names in the order the client listed them in SignedHeaders. */
  signedHeaders: readonly string[];
  payloadHash: string;
  /** Default true (every AWS service but S3). */
  normalizePath?: boolean;
}

const RFC3986_EXTRA = /[!'()*]/g;
const hexEscape = (c: string): string => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;

/** RFC 3986 encoding as @smithy's escapeUri: everything but A-Za-z0-9-_.~ becomes %XX (UTF-8). */
export function escapeUri(value: string): string {
  if (isUnreserved(value)) return value;
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    // A lone surrogate cannot be UTF-8 encoded; the raw text then simply fails to match any signature.
    return value;
  }
  return encoded.replace(RFC3986_EXTRA, hexEscape);
}

/** A-Za-z0-9-_.~ only: the common case, which needs no encoding at all. */
function isUnreserved(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    if (!isUnreservedCode(value.charCodeAt(i))) return false;
  }
  return true;
}

function isUnreservedCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 95 || c === 126;
}

/**
 * True when canonicalPath would return the path unchanged: only unreserved characters between the slashes and,
 * when normalising, no empty (`//`), `.` or `..` segment. Most request paths are like this; they skip the
 * split/escape/join.
 */
function isAlreadyCanonical(rawPath: string, normalize: boolean): boolean {
  const end = rawPath.length;
  let segmentStart = 0;
  for (let i = 0; i <= end; i++) {
    const c = i === end ? 47 : rawPath.charCodeAt(i);
    if (c !== 47) {
      if (!isUnreservedCode(c)) return false;
      continue;
    }
    if (normalize) {
      const length = i - segmentStart;
      // An empty segment is fine only as the leading or trailing slash's.
      if (length === 0 && segmentStart !== 0 && i !== end) return false;
      if (rawPath.charCodeAt(segmentStart) === 46 && (length === 1 || (length === 2 && rawPath.charCodeAt(segmentStart + 1) === 46))) {
        return false;
      }
    }
    segmentStart = i + 1;
  }
  return true;
}

function decodeComponent(raw: string): string {
  if (raw.indexOf('%') === -1) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Splits a raw query string into decoded parameters ('+' stays '+', as SigV4 signers never emit it for space). */
export function parseQuery(rawQuery: string): QueryParam[] {
  const params: QueryParam[] = [];
  if (rawQuery.length === 0) return params;
  let start = 0;
  while (start <= rawQuery.length) {
    let end = rawQuery.indexOf('&', start);
    if (end === -1) end = rawQuery.length;
    if (end > start) {
      const eq = rawQuery.indexOf('=', start);
      if (eq === -1 || eq > end) {
        params.push({ key: decodeComponent(rawQuery.slice(start, end)), value: null });
      } else {
        params.push({ key: decodeComponent(rawQuery.slice(start, eq)), value: decodeComponent(rawQuery.slice(eq + 1, end)) });
      }
    }
    start = end + 1;
  }
  return params;
}

/**
 * CanonicalURI for non-S3 services, as @smithy/signature-v4 builds it from the wire path: drop empty and '.'
 * segments, resolve '..', keep a leading and a trailing '/', then encode each segment again (so `%20` on the
 * wire becomes `%2520`, the "double encoding" of SigV4).
 */
export function canonicalPath(rawPath: string, normalize = true): string {
  if (rawPath.length === 0) return '/';
  if (isAlreadyCanonical(rawPath, normalize)) return rawPath;
  const segments = rawPath.split('/');
  let out: string[];
  if (normalize) {
    out = [];
    for (const segment of segments) {
      if (segment.length === 0 || segment === '.') continue;
      if (segment === '..') out.pop();
      else out.push(escapeUri(segment));
    }
    const lead = rawPath.charCodeAt(0) === 47 ? '/' : '';
    const trail = out.length > 0 && rawPath.charCodeAt(rawPath.length - 1) === 47 ? '/' : '';
    return `${lead}${out.join('/')}${trail}`;
  }
  out = segments.map(escapeUri);
  return out.join('/');
}

/**
 * CanonicalQueryString: every parameter except X-Amz-Signature (any case), key and value RFC 3986-encoded,
 * sorted by encoded key then encoded value, `k=v` joined by '&'; a key without '=' signs as `k=`.
 */
export function canonicalQuery(query: string | readonly QueryParam[]): string {
  const params = typeof query === 'string' ? parseQuery(query) : query;
  if (params.length === 0) return '';
  const pairs: [string, string][] = [];
  for (const { key, value } of params) {
    if (key.length === 15 && key.toLowerCase() === 'x-amz-signature') continue;
    pairs.push([escapeUri(key), value === null ? '' : escapeUri(value)]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  let out = '';
  for (let i = 0; i < pairs.length; i++) {
    out += i === 0 ? `${pairs[i][0]}=${pairs[i][1]}` : `&${pairs[i][0]}=${pairs[i][1]}`;
  }
  return out;
}

const LINE_BREAKS = /[\r\n]/g;
const BLANK_RUNS = /[ \t]+/g;

/** Header value as smithy canonicalises it: CR/LF → space, runs of space/tab → one space, one edge space trimmed. */
export function canonicalHeaderValue(value: string): string {
  let clean = true;
  const last = value.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = value.charCodeAt(i);
    if (c === 9 || c === 10 || c === 13 || (c === 32 && (i === 0 || i === last || value.charCodeAt(i + 1) === 32))) {
      clean = false;
      break;
    }
  }
  if (clean) return value;
  let v = value.replace(LINE_BREAKS, ' ').replace(BLANK_RUNS, ' ');
  if (v.charCodeAt(0) === 32) v = v.slice(1);
  if (v.charCodeAt(v.length - 1) === 32) v = v.slice(0, -1);
  return v;
}

function headerValue(value: string | string[] | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return canonicalHeaderValue(value);
  return value.map(canonicalHeaderValue).join(',');
}

/** `METHOD\nURI\nQUERY\nheaders...\n\nSignedHeaders\nPayloadHash`, byte for byte as smithy signs it. */
export function buildCanonicalRequest(input: CanonicalRequestInput): string {
  let headers = '';
  for (const name of input.signedHeaders) {
    headers += `${name}:${headerValue(input.headers[name])}\n`;
  }
  return (
    `${input.method}\n${canonicalPath(input.path, input.normalizePath !== false)}\n${canonicalQuery(input.query)}\n` +
    `${headers}\n${input.signedHeaders.join(';')}\n${input.payloadHash}`
  );
}

export function sha256Hex(data: string | Uint8Array): string {
  // One-shot: no Hash object per call (about half the cost of createHash for a canonical request).
  return hash('sha256', data, 'hex');
}

/** `AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{hex(sha256(canonicalRequest))}`. */
export function stringToSign(amzDate: string, credentialScope: string, canonicalRequest: string): string {
  return `AWS4-HMAC-SHA256\n${amzDate}\n${credentialScope}\n${sha256Hex(canonicalRequest)}`;
}
