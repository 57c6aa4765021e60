/**
 * The decision trail of a gateway-generated answer (`GET /portico/requests/{requestId}`, a Portico extension), as
 * the data plane records it (libs/gateway/core). Names, ids and verdicts only: never a header value, token,
 * signature, API key value, query string or body.
 */

/** The step of the pipeline that decided (or passed). */
export type TrailStepName = 'target' | 'route' | 'payload' | 'network' | 'signature' | 'resource-policy' | 'identity-policy' | 'authorizer' | 'api-key' | 'quota' | 'throttle' | 'validation' | 'integration' | 'gateway';

/** One step's part in the decision. Only the fields below exist: nothing taken from the request as sent. */
export interface TrailStep {
  readonly step: TrailStepName;
  /** `passed`, `refused`, `failed`, or what was found (`matched`, `not-found`). */
  readonly outcome: 'passed' | 'refused' | 'failed' | 'matched' | 'not-found';
  /** The decision code when this step decided (`RESOURCE_POLICY_DENY`, `THROTTLED_STAGE`, …). */
  readonly decision?: string;
  /** Policies: which one (`resource`, `identity`, `authorizer`) and the statement that matched. */
  readonly policy?: 'resource' | 'identity' | 'authorizer';
  readonly statementSid?: string;
  readonly statementIndex?: number;
  /** Identity policies: the position of the policy among the caller's. */
  readonly policyIndex?: number;
  /** Each side's verdict (`Allow`, `Deny`, `NoMatch`, `AccountAllow`) when a table combined them. */
  readonly resourcePolicy?: string;
  readonly identityPolicy?: string;
  /** The SigV4-authenticated caller (an ARN, never a key or signature). */
  readonly principalArn?: string;
  /** Authorizers: id, type, and whether the result came from the cache (undefined: not invoked). */
  readonly authorizerId?: string;
  readonly authorizerType?: string;
  readonly cached?: boolean;
  /** API keys: the key's id (never its value) and its usage plan. */
  readonly apiKeyId?: string;
  readonly usagePlanId?: string;
  /** Throttling: the level that refused and the limits that applied (most specific first). */
  readonly level?: string;
  readonly rateLimit?: number;
  readonly burstLimit?: number;
  readonly limits?: readonly { readonly level: string; readonly rateLimit: number; readonly burstLimit: number }[];
  /** Quotas: the limit and period. */
  readonly quotaLimit?: number;
  readonly quotaPeriod?: string;
  /** Routing: what matched (REST resource path and verb, HTTP API route key). */
  readonly resourcePath?: string;
  readonly routeKey?: string;
  /** The gateway response type rendered, and a fixed explanation written by Portico (never request data). */
  readonly responseType?: string;
  readonly reason?: string;
}

/** The recorded trail of one request. */
export interface DecisionTrail {
  readonly requestId: string;
  /** ISO 8601, when the request arrived. */
  readonly time: string;
  readonly apiType: 'REST' | 'HTTP';
  readonly apiId?: string;
  readonly stage?: string;
  readonly httpMethod: string;
  /** The request path without its query string. */
  readonly path: string;
  readonly status: number;
  /** The short decision code (`$context.portico.decision`). */
  readonly decision: string;
  /** The step that decided. */
  readonly decidedBy: TrailStepName;
  readonly steps: readonly TrailStep[];
}

/** The admin API's answer: the trail and where the control plane found it. */
export interface DecisionTrailWire extends DecisionTrail {
  readonly foundOn?: { readonly statusUrl?: string; readonly via: 'redis' | 'replicas' };
}
