import type { GatewayResponseType } from '@portico/contracts';
import type { IntegrationOutcome } from './types.js';
import { VPC_LINK_UNAVAILABLE_CODE } from './vpc-link.js';

export interface IntegrationErrorRule {
  /** `code` values of node/undici errors this rule covers. */
  readonly codes: readonly string[];
  readonly responseType: GatewayResponseType;
  /** The status AWS answers with when the API has not customised the response type. */
  readonly statusCode: number;
  readonly why: string;
}

/** Error code of the gateway's own integration timer firing (see `startIntegrationTimer`). */
export const INTEGRATION_TIMEOUT_CODE = 'PORTICO_INTEGRATION_TIMEOUT';

/** Error code of the request body exceeding the payload limit while it streams (see `limitBody`). */
export const BODY_TOO_LARGE_CODE = 'PORTICO_BODY_TOO_LARGE';

/**
 * How a failed call to an HTTP backend becomes a gateway response (spec §2.9). Data, so that a correction is one
 * line: AWS's texts for unreachable backends are not fully confirmed ([I] in the spec).
 */
export const integrationErrorRules: readonly IntegrationErrorRule[] = [
  {
    codes: [INTEGRATION_TIMEOUT_CODE, 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT'],
    responseType: 'INTEGRATION_TIMEOUT',
    statusCode: 504,
    why: 'timeoutInMillis elapsed before the backend answered: 504 "Endpoint request timed out"',
  },
  {
    codes: [BODY_TOO_LARGE_CODE],
    responseType: 'REQUEST_TOO_LARGE',
    statusCode: 413,
    why: 'the streamed request body grew past the 10 MB payload limit',
  },
  {
    codes: ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ERR_TLS_CERT_ALTNAME_INVALID',
      'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_HAS_EXPIRED'],
    responseType: 'INTEGRATION_FAILURE',
    statusCode: 500,
    why: 'no connection could be made: AWS logs "Execution failed due to configuration error" and answers 500',
  },
  {
    codes: [VPC_LINK_UNAVAILABLE_CODE],
    responseType: 'INTEGRATION_FAILURE',
    statusCode: 500,
    why: 'every target of the VPC link is unhealthy: AWS answers 500 "Internal server error" for an unreachable VPC link',
  },
  {
    codes: ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'HPE_INVALID_CONSTANT', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH'],
    responseType: 'INTEGRATION_FAILURE',
    statusCode: 502,
    why: 'the backend dropped the connection or answered malformed HTTP: 502 "Internal server error"',
  },
];

const fallbackRule: IntegrationErrorRule = {
  codes: [],
  responseType: 'INTEGRATION_FAILURE',
  statusCode: 502,
  why: 'any other failure talking to the backend',
};

const byCode = new Map<string, IntegrationErrorRule>();
for (const rule of integrationErrorRules) for (const code of rule.codes) byCode.set(code, rule);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && byCode.has(e.code)) return e.code;
  // Happy-eyeballs connects fail with an AggregateError; undici may wrap the socket error as `cause`.
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const code = errorCode(inner);
      if (code) return code;
    }
  }
  if (e.cause) {
    const code = errorCode(e.cause);
    if (code) return code;
  }
  return typeof e.code === 'string' ? e.code : undefined;
}

export function classifyIntegrationError(error: unknown): IntegrationErrorRule & { readonly code: string | undefined } {
  const code = errorCode(error);
  return { ...((code && byCode.get(code)) || fallbackRule), code };
}

/** The outcome of a call to an HTTP backend that threw, with what is known of the backend's answer so far. */
export function integrationErrorOutcome(error: unknown, integrationStatus: number | undefined, integrationLatencyMs: number): IntegrationOutcome {
  const rule = classifyIntegrationError(error);
  return {
    kind: 'failed',
    responseType: rule.responseType,
    statusCode: rule.statusCode,
    error: `${rule.code ?? 'error'}: ${error instanceof Error ? error.message : String(error)}`,
    integrationStatus,
    integrationLatencyMs,
  };
}
