/** A request as the HTTP server received it. */
export interface SignedRequest {
  method: string;
  /** Request target as received: raw path + '?' + raw query (node's `req.url`). */
  url: string;
  /** Node's IncomingHttpHeaders: lower-case names; duplicates as arrays (joined with ',' when signed). */
  headers: Record<string, string | string[] | undefined>;
  /** Raw body bytes; undefined = empty body. */
  body?: Uint8Array | string;
}

/** Credential that carries the secret: the verifier derives (and caches) the per-day signing key itself. */
export interface SecretAccessKeyCredential {
  secretAccessKey: string;
}

/**
 * Credential that carries only derived keys (kSigning), e.g. a data plane that must never see secrets.
 * Returns undefined when no key exists for that day/region/service.
 */
export interface DerivedKeyCredential {
  signingKey(dateStamp: string, region: string, service: string): Buffer | undefined;
}

export type SigningCredential = (SecretAccessKeyCredential | DerivedKeyCredential) & {
  /** Set for temporary credentials: the request must carry an equal X-Amz-Security-Token. */
  sessionToken?: string;
  /** Opaque identity handed back on success (user ARN, account, policies...). */
  principal?: unknown;
};

export interface VerifyOptions {
  /** Signing name, e.g. `execute-api` (data plane) or `apigateway` (control plane). */
  service: string;
  region: string;
  /** Allowed distance between X-Amz-Date and now; default 5 minutes (API Gateway's window). */
  clockSkewMs?: number;
  /** Clock in epoch milliseconds; default Date.now. */
  now?: () => number;
  lookup(accessKeyId: string): SigningCredential | undefined;
  /**
   * Default true: remove dot segments and empty segments from the path before encoding, as every AWS service
   * except S3 does. false exists for the aws-c-auth conformance cases marked `normalize: false`.
   */
  normalizePath?: boolean;
}

export type VerifyErrorType =
  | 'MissingAuthenticationTokenException'
  | 'IncompleteSignatureException'
  | 'InvalidSignatureException'
  | 'UnrecognizedClientException';

export type VerifyResult =
  | {
      ok: true;
      accessKeyId: string;
      credential: SigningCredential;
      signedHeaders: string[];
      presigned: boolean;
    }
  | {
      ok: false;
      errorType: VerifyErrorType;
      /** AWS's text, for the `message` field of the 403 body. */
      message: string;
      /** Present once the credential was parsed (useful for logs; never proof of identity). */
      accessKeyId?: string;
    };
