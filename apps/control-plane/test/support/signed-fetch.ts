import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY, type TestResponse } from './test-control-plane.js';

const signers = new Map<string, SignatureV4>();
function signerFor(service: string): SignatureV4 {
  let signer = signers.get(service);
  if (!signer) {
    signer = new SignatureV4({ service, region: TEST_REGION, credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY }, sha256: Sha256 });
    signers.set(service, signer);
  }
  return signer;
}

/** Percent-encodes every UTF-8 byte but the unreserved characters, as the SDK does (lone surrogates too). */
export function encodeSegment(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((byte) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
}

export interface SignedFetchOptions {
  /** One value per key (the signer signs a map). */
  query?: Array<[string, string]>;
  body?: string;
  contentType?: string;
  /** The SigV4 service: `apigateway` (default), or `iam`/`sts` for the query API on `POST /`. */
  service?: string;
}

/**
 * A request signed by the AWS SDK's signer (service apigateway unless told, the test admin keys) for exactly what is sent:
 * `path` as already encoded, the query, the body. Works against any control plane URL (in-process or a child).
 */
export async function signedFetch(baseUrl: string, method: string, path: string, options: SignedFetchOptions = {}): Promise<TestResponse> {
  const url = new URL(baseUrl);
  const query = options.query ?? [];
  const headers: Record<string, string> = { host: url.host, accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const signed = await signerFor(options.service ?? 'apigateway').sign(
    new HttpRequest({ method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path, query: Object.fromEntries(query), headers, body: options.body }),
  );
  const { host: _host, ...fetchHeaders } = signed.headers as Record<string, string>;
  const search = query.length > 0 ? `?${query.map(([k, v]) => `${encodeSegment(k)}=${encodeSegment(v)}`).join('&')}` : '';
  const response = await fetch(`${baseUrl}${path}${search}`, { method, headers: fetchHeaders, body: options.body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as unknown };
}
