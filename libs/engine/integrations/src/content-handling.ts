import type { IntegrationResponseSnapshot } from '@portico/contracts';

export type ContentHandling = IntegrationResponseSnapshot['contentHandling'];

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

/**
 * A non-proxy method response body after its integration response's `contentHandling` (spec §2.7):
 * CONVERT_TO_BINARY base64-decodes the text (undefined when it is not base64: AWS answers 500
 * API_CONFIGURATION_ERROR); CONVERT_TO_TEXT and passthrough leave text as it is.
 */
export function convertResponseText(text: string, handling: ContentHandling): string | Buffer | undefined {
  if (handling !== 'CONVERT_TO_BINARY') return text;
  return BASE64.test(text) ? Buffer.from(text, 'base64') : undefined;
}

/**
 * The integration's payload as the template (or the passthrough) sees it: CONVERT_TO_TEXT base64-encodes it, as
 * AWS does for a binary payload; otherwise it is read as UTF-8 text.
 */
export function payloadText(bytes: Buffer, handling: ContentHandling): string {
  return handling === 'CONVERT_TO_TEXT' ? bytes.toString('base64') : bytes.toString('utf8');
}

/**
 * A request payload as the integration's request template (or passthrough) sees it, with the integration's
 * `contentHandling` applied as for Lambda: CONVERT_TO_TEXT base64-encodes a binary body (its Content-Type is one of
 * the API's binaryMediaTypes); any other body is UTF-8 text.
 */
export function requestPayloadText(bytes: Buffer, contentType: string | undefined, binaryToText: { matches(contentType: string | undefined): boolean } | undefined): string {
  return binaryToText?.matches(contentType) ? bytes.toString('base64') : bytes.toString('utf8');
}
