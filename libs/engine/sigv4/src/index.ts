export type {
  DerivedKeyCredential,
  SecretAccessKeyCredential,
  SignedRequest,
  SigningCredential,
  VerifyErrorType,
  VerifyOptions,
  VerifyResult,
} from './types.js';
export { verifySignature } from './verify-signature.js';
export { deriveSigningKey, hmacKeyObject, signatureHex } from './signing-key.js';
export {
  buildCanonicalRequest,
  canonicalHeaderValue,
  canonicalPath,
  canonicalQuery,
  EMPTY_SHA256,
  escapeUri,
  parseQuery,
  sha256Hex,
  stringToSign,
} from './canonical-request.js';
export type { CanonicalRequestInput, QueryParam } from './canonical-request.js';
